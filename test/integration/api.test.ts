/**
 * The open data API against its own OpenAPI description, on both engines: every /api/v1 route the
 * app registers is described and every described path exists; every route's answer (and its
 * errors) validates against the schema the description gives for it; suppressed figures come back
 * as nulls with the reason. The planted rows are synthetic test data, labelled so in their source.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import formatsPlugin from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

// ajv-formats is CommonJS: its default export arrives as module.exports or as .default.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ??
  formatsPlugin) as unknown as (ajv: Ajv2020) => void

interface Parameter {
  name: string
  in: 'path' | 'query'
  example?: string
}
interface Operation {
  parameters: Parameter[]
  responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>
}
interface Document {
  openapi: string
  paths: Record<string, { get: Operation }>
  components: { schemas: Record<string, unknown> }
}

/** Synthetic rows for one area outside London, so the suppression seen here is only the sex partition's. */
const SYNTHETIC_SOURCE = 'synthetic test data (API test)'
const planted = [
  'indicator_id,area_code,period,sex,value,count,denominator,source',
  `year-6-obesity,E06000001,2018/19,Persons,10,100,1000,${SYNTHETIC_SOURCE}`,
  `year-6-obesity,E06000001,2018/19,Male,0.6,3,500,${SYNTHETIC_SOURCE}`,
  `year-6-obesity,E06000001,2018/19,Female,19.4,97,500,${SYNTHETIC_SOURCE}`,
].join('\n')

/** "/api/v1/indicators/:id" → "/api/v1/indicators/{id}", as OpenAPI writes paths. */
const openApiPath = (fastifyUrl: string) => fastifyUrl.replace(/:([A-Za-z_]+)/g, '{$1}')

describe.each(engines)('the open data API on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let doc: Document
  let ajv: Ajv2020

  beforeAll(async () => {
    t = await createTestApp(engine)
    await t.app.ready()
    const report = await importData(t.database.db, [planted], {
      sourceName: 'api-test.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.errors).toEqual([])
    doc = (await t.app.inject('/api/openapi.json')).json() as Document
    // The components become $defs of one schema, so each $ref resolves within it.
    ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true })
    addFormats(ajv)
    const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'))
    ajv.addSchema({ $id: 'openapi', $defs: defs })
  }, 180_000) // PGlite start-up with the shipped data is slow on a busy machine
  afterAll(async () => {
    await t?.close()
  })

  function validator(ref: string): ValidateFunction {
    expect(ref).toMatch(/^#\/components\/schemas\/\w+$/)
    const validate = ajv.getSchema(`openapi${ref.replace('#/components/schemas/', '#/$defs/')}`)
    if (!validate) throw new Error(`no schema ${ref}`)
    return validate
  }

  /** Fetches a URL and checks its body against the schema the description gives for this path and status. */
  async function getValid(path: string, url: string, status = 200) {
    const res = await t.app.inject(url)
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const response = doc.paths[path]!.get.responses[String(status)]
    expect(response, `${path} documents status ${status}`).toBeDefined()
    const validate = validator(response!.content['application/json']!.schema.$ref)
    const body = res.json()
    const valid = validate(body)
    expect(valid ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n'), url).toEqual([])
    return body
  }

  /** The path with its path parameters filled in from the description's examples. */
  function exampleFor(path: string, query: Record<string, string> = {}) {
    let url = path
    for (const p of doc.paths[path]!.get.parameters.filter((p) => p.in === 'path')) {
      expect(p.example, `${path} gives an example ${p.name}`).toBeTruthy()
      url = url.replace(`{${p.name}}`, p.example!)
    }
    const search = new URLSearchParams(query).toString()
    return search ? `${url}?${search}` : url
  }

  it('describes exactly the /api/v1 routes the app has, every one public and read-only', () => {
    const routes = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1'))
    expect(routes.length).toBeGreaterThan(0)
    expect(routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([])
    expect(routes.filter((r) => r.access !== 'public')).toEqual([])
    const registered = [...new Set(routes.filter((r) => r.method === 'GET').map((r) => openApiPath(r.url)))].sort()
    expect(registered).toEqual(Object.keys(doc.paths).sort())
    expect(doc.openapi).toMatch(/^3\.1\./)
  })

  it('answers every route with a body that matches its schema, with the licence and data version', async () => {
    for (const path of Object.keys(doc.paths)) {
      const body = await getValid(path, exampleFor(path))
      expect(body.licence).toEqual({
        name: 'Open Government Licence v3.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      })
      expect(body.data_version).toMatch(/^\d+$/)
    }
  })

  it('answers with every query parameter the description gives, each example included', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()) // YYYY-MM-DD, in the UK
    for (const [path, item] of Object.entries(doc.paths)) {
      const query = Object.fromEntries(
        item.get.parameters
          .filter((p) => p.in === 'query' && (p.example !== undefined || p.name === 'as_of' || p.name === 'strategy'))
          .map((p) => [
            p.name,
            p.name === 'as_of' ? today : p.name === 'strategy' ? 'best-chance-2022-25' : String(p.example),
          ]),
      )
      await getValid(path, exampleFor(path, query))
    }
  })

  it('gives the strategy as data, each item citing its source and carrying its links', async () => {
    const { strategy } = await getValid('/api/v1/strategies/{strategyId}', '/api/v1/strategies/best-chance-2022-25')
    expect(strategy.vision.text).toMatch(/best chance in life/)
    expect(strategy.pledges.length).toBeGreaterThan(0)
    expect(
      strategy.childrens_outcomes.map((c: { title: string }) => c.title).every((title: string) => /^My /.test(title)),
    ).toBe(true)
    const inclusive = strategy.outcomes.find((o: { id: string }) => o.id === 'inclusive')
    expect(inclusive.intentions.length).toBeGreaterThan(0)
    expect(inclusive.success_measures.length).toBeGreaterThan(0)
    expect(inclusive.indicator_ids).toContain('year-6-obesity')
    for (const item of [strategy.vision, ...strategy.pledges, ...strategy.priorities, inclusive]) {
      expect(item.source.file).toMatch(/\.txt$/)
      expect(item.source.quote.length).toBeGreaterThan(0)
    }
    // The golden thread, both ways: the indicator is in the outcome's column.
    expect(inclusive.links).toContainEqual(
      expect.objectContaining({
        relation: 'in_column',
        direction: 'incoming',
        id: 'year-6-obesity',
        kind: 'indicator',
      }),
    )
    const { indicator } = await getValid('/api/v1/indicators/{id}', '/api/v1/indicators/year-6-obesity')
    expect(indicator.fingertips_id).toBe(90323)
    expect(indicator.strategy_items[0].links).toContainEqual(
      expect.objectContaining({ relation: 'in_column', direction: 'outgoing', id: 'inclusive' }),
    )
  })

  it('returns suppressed figures as nulls, saying why, in data and summaries alike', async () => {
    const { data } = await getValid(
      '/api/v1/indicators/{id}/data',
      '/api/v1/indicators/year-6-obesity/data?area=E06000001',
    )
    const bySex = Object.fromEntries(data.map((p: { sex: string }) => [p.sex, p]))
    expect(bySex.Persons).toMatchObject({ value: 10, count: 100, suppressed: null, source: SYNTHETIC_SOURCE })
    expect(bySex.Male).toMatchObject({
      value: null,
      lower_95: null,
      upper_95: null,
      count: null,
      suppressed: 'small-count',
    })
    expect(bySex.Female).toMatchObject({ value: null, count: null, suppressed: 'secondary' })
    const { summaries } = await getValid(
      '/api/v1/indicators/{id}/summaries',
      '/api/v1/indicators/year-6-obesity/summaries?area=E06000001',
    )
    const male = summaries.find((s: { sex: string }) => s.sex === 'Male')
    expect(male).toMatchObject({ summary: null, finding: null, suppressed: 'small-count' })
    const persons = summaries.find((s: { sex: string }) => s.sex === 'Persons')
    expect(persons.summary.latest).toMatchObject({ value: 10, period_label: '2018/19' })
  })

  /** Every row met by following `next` from the first page, each page checked against the schema. */
  async function walk(path: string, first: string) {
    const rows: unknown[] = []
    const pages: { count: number; limit: number; offset: number; next: string | null; data: unknown[] }[] = []
    for (let url: string | null = first; url !== null;) {
      const page = await getValid(path, url)
      pages.push(page)
      rows.push(...page.data)
      url = page.next
      expect(pages.length).toBeLessThan(1000)
    }
    return { rows, pages }
  }

  it('pages the data: walking next returns every row exactly once, in order, with a documented maximum page size', async () => {
    for (const [path, base] of [
      ['/api/v1/data', '/api/v1/data'],
      ['/api/v1/indicators/{id}/data', '/api/v1/indicators/year-6-obesity/data'],
    ] as const) {
      const whole = await getValid(path, `${base}?limit=10000`)
      expect(whole.next).toBeNull()
      expect(whole.data).toHaveLength(whole.count)
      expect(whole.count).toBeGreaterThan(3)
      const { rows, pages } = await walk(path, `${base}?limit=3`)
      expect(rows).toEqual(whole.data)
      expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(rows.length)
      expect(pages).toHaveLength(Math.ceil(whole.count / 3))
      expect(pages.every((p, i) => p.count === whole.count && p.limit === 3 && p.offset === i * 3)).toBe(true)
      expect(pages.slice(0, -1).every((p) => p.data.length === 3)).toBe(true)
      expect(pages.at(-1)!.next).toBeNull()
    }
    // The default page is 1000 rows; more than 10000 at once is refused.
    expect((await getValid('/api/v1/data', '/api/v1/data')).limit).toBe(1000)
    for (const url of [
      '/api/v1/data?limit=10001',
      '/api/v1/data?limit=0',
      '/api/v1/data?offset=-1',
      '/api/v1/indicators/year-6-obesity/data?limit=ten',
    ]) {
      expect((await getValid('/api/v1/data', url, 400)).error.message, url).toMatch(/limit|offset/)
    }
    // A page past the end is empty, and says so.
    const past = await getValid('/api/v1/data', '/api/v1/data?offset=100000')
    expect(past).toMatchObject({ data: [], next: null, offset: 100000 })
  })

  it('keeps the filters on every page, and decides suppression over the whole indicator before filtering or paging', async () => {
    const { rows } = await walk(
      '/api/v1/indicators/{id}/data',
      '/api/v1/indicators/year-6-obesity/data?area=E06000001&limit=1',
    )
    expect(rows).toHaveLength(3)
    const bySex = Object.fromEntries(
      (rows as { sex: string; suppressed: string | null }[]).map((p) => [p.sex, p.suppressed]),
    )
    expect(bySex).toEqual({ Persons: null, Male: 'small-count', Female: 'secondary' })
    // Alone on its page, or filtered to alone, the figure that gives away the small one stays hidden.
    const female = await getValid(
      '/api/v1/data',
      '/api/v1/data?indicator=year-6-obesity&area=E06000001&sex=Female&period=2018/19',
    )
    expect(female.data).toHaveLength(1)
    expect(female.data[0]).toMatchObject({ sex: 'Female', value: null, count: null, suppressed: 'secondary' })
    expect(female.query).toMatchObject({ sex: ['Female'], period: ['2018/19'] })
    const none = await getValid('/api/v1/data', '/api/v1/data?indicator=year-6-obesity&area=E06000001&period=1999/00')
    expect(none).toMatchObject({ count: 0, data: [], next: null })
  })

  it('answers a bad query with 400 and an unknown id with 404, in the documented error shape', async () => {
    const bad = [
      ['/api/v1/data', '/api/v1/data?area=Barking'],
      ['/api/v1/data', '/api/v1/data?as_of=2024-02-30'],
      ['/api/v1/indicators/{id}/data', '/api/v1/indicators/year-6-obesity/data?as_of=31/03/2024'],
      ['/api/v1/indicators/{id}/summaries', '/api/v1/indicators/year-6-obesity/summaries?area=E9'],
      ['/api/v1/areas', '/api/v1/areas?areas=E09000002'],
    ] as const
    for (const [path, url] of bad) {
      const body = await getValid(path, url, 400)
      expect(body.error.status).toBe(400)
    }
    expect((await getValid('/api/v1/data', '/api/v1/data?area=Barking', 400)).error.message).toMatch(/GSS code/)
    expect((await getValid('/api/v1/data', '/api/v1/data?as_of=2024-02-30', 400)).error.message).toMatch(/as_of/)

    const missing = [
      ['/api/v1/strategies/{strategyId}', '/api/v1/strategies/no-such-strategy'],
      ['/api/v1/outcomes/{id}', '/api/v1/outcomes/no-such-outcome'],
      ['/api/v1/indicators/{id}', '/api/v1/indicators/no-such-indicator'],
      ['/api/v1/indicators/{id}/data', '/api/v1/indicators/no-such-indicator/data'],
      ['/api/v1/indicators/{id}/summaries', '/api/v1/indicators/year-6-obesity/summaries?area=E09999999'],
      ['/api/v1/data', '/api/v1/data?indicator=no-such-indicator'],
    ] as const
    for (const [path, url] of missing) {
      const body = await getValid(path, url, 404)
      expect(body.error).toMatchObject({ status: 404 })
      expect(body.error.message).toMatch(/There is no/)
    }
    const unknownRoute = await t.app.inject('/api/v1/nothing-here')
    expect(unknownRoute.statusCode).toBe(404)
    expect(validator('#/components/schemas/Error')(unknownRoute.json())).toBe(true)
  })

  it('renders the docs page from the same description: every path, its parameters and a working example', async () => {
    const res = await t.app.inject('/api-docs')
    expect(res.statusCode).toBe(200)
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(res.body).toContain(`<code>${path}</code>`)
      for (const p of item.get.parameters) expect(res.body).toContain(`<code>${p.name}</code>`)
    }
    const examples = [...res.body.matchAll(/Example: <a class="govuk-link" href="([^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    )
    expect(examples).toHaveLength(Object.keys(doc.paths).length)
    for (const url of examples) expect((await t.app.inject(url)).statusCode, url).toBe(200)
  })
})
