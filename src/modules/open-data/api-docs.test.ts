import { describe, expect, it } from 'vitest'
import { apiDocsView, exampleUrl, typeText, type ApiDocument } from './api-docs.js'
import { openApiDocument } from './openapi.js'

describe('the API docs page view', () => {
  const view = apiDocsView(openApiDocument as unknown as ApiDocument)

  it('has every path of the OpenAPI document, each with what it returns and an example address', () => {
    expect(view.operations.map((o) => o.path)).toEqual(Object.keys(openApiDocument.paths))
    for (const op of view.operations) {
      expect(op.returns.schema, op.path).toMatch(/Response$/)
      expect(op.exampleUrl, op.path).not.toMatch(/[{}]/)
      expect(
        op.errors.map((e) => e.status),
        op.path,
      ).toContain('400')
    }
    expect(view.operations.find((o) => o.path === '/api/v1/indicators/{id}/data')).toMatchObject({
      exampleUrl:
        '/api/v1/indicators/year-6-obesity/data?area=E09000002&period=2021%2F22&sex=Persons&limit=100&offset=0',
      parameters: [
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
        expect.objectContaining({ name: 'area', in: 'query', required: false }),
        expect.objectContaining({ name: 'as_of', in: 'query', type: 'date (string)' }),
        ...['period', 'sex', 'age', 'category_type', 'category', 'limit', 'offset'].map((name) =>
          expect.objectContaining({ name, in: 'query', required: false }),
        ),
      ],
    })
  })

  it('describes every schema field by field', () => {
    const point = view.schemas.find((s) => s.name === 'DataPoint')!
    expect(point.fields.find((f) => f.name === 'value')).toMatchObject({
      type: { text: 'number or null', ref: null },
      required: true,
    })
    const outcome = view.schemas.find((s) => s.name === 'Outcome')!
    expect(outcome.fields.find((f) => f.name === 'intentions')!.type).toEqual({
      text: 'list of Intention',
      ref: 'Intention',
    })
  })
})

describe('schema types in words', () => {
  it('name references, lists, nullable values and fixed choices', () => {
    expect(typeText({ $ref: '#/components/schemas/Area' })).toEqual({ text: 'Area', ref: 'Area' })
    expect(typeText({ type: 'array', items: { type: 'string' } }).text).toBe('list of string')
    expect(typeText({ oneOf: [{ $ref: '#/components/schemas/Summary' }, { type: 'null' }] })).toEqual({
      text: 'Summary or null',
      ref: 'Summary',
    })
    expect(typeText({ enum: ['small-count', 'secondary', null] }).text).toBe('one of "small-count", "secondary", null')
  })

  it('fill path parameters and add query examples to an example address', () => {
    expect(
      exampleUrl('/api/v1/outcomes/{id}', [
        { name: 'id', in: 'path', example: 'best-start', schema: {} },
        { name: 'strategy', in: 'query', schema: {} },
      ]),
    ).toBe('/api/v1/outcomes/best-start')
    expect(
      exampleUrl('/api/v1/data', [{ name: 'area', in: 'query', example: 'E09000002,E12000007', schema: {} }]),
    ).toBe('/api/v1/data?area=E09000002%2CE12000007')
  })
})
