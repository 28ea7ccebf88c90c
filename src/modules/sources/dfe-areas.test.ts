import { describe, expect, it } from 'vitest'
import { DfeAreaResolver, type AreaSpan } from './dfe-areas.js'

const area = (
  code: string,
  name: string,
  validFrom: string | null = null,
  validTo: string | null = null,
): [string, AreaSpan] => [code, { code, name, type: 'county_ua', validFrom, validTo }]
const areas = new Map([
  area('E09000002', 'Barking and Dagenham'),
  area('E10000023', 'North Yorkshire', null, '2023-03-31'),
  area('E06000065', 'North Yorkshire', '2023-04-01'),
  area('E10000006', 'Cumbria', null, '2023-03-31'),
  area('E06000063', 'Cumberland', '2023-04-01'),
  ['E12000007', { code: 'E12000007', name: 'London region', type: 'region', validFrom: null, validTo: null }],
])
const resolver = new DfeAreaResolver(
  [
    { dfeNumber: '301', code: 'E09000002', name: 'Barking and Dagenham' },
    { dfeNumber: '815', code: 'E10000023', name: 'North Yorkshire' },
    { dfeNumber: '815', code: 'E06000065', name: 'North Yorkshire' },
    { dfeNumber: '909', code: 'E10000006', name: 'Cumbria' },
    { dfeNumber: '942', code: 'E06000063', name: 'Cumberland' },
    { dfeNumber: '987', code: 'E13000001', name: 'Inner London' },
  ],
  areas,
)

describe('DfeAreaResolver', () => {
  it('places a DfE number by the code in force when the period began', () => {
    expect(resolver.byNumber('301', '2024-04-01', '2025-03-31')).toEqual({ code: 'E09000002' })
    expect(resolver.byNumber('815.0', '2022-04-01', '2023-03-31')).toEqual({ code: 'E10000023' })
    expect(resolver.byNumber('815', '2023-04-01', '2024-03-31')).toEqual({ code: 'E06000065' })
    // A school year that began before the reorganisation stays with the county.
    expect(resolver.byNumber('815', '2022-09-01', '2023-08-31')).toEqual({ code: 'E10000023' })
  })

  it('flags an abolished authority rather than moving its figures elsewhere', () => {
    expect(resolver.byNumber('909', '2024-04-01', '2025-03-31')).toEqual({ code: 'E10000006', closed: true })
    expect(resolver.byNumber('942', '2021-04-01', '2022-03-31')).toEqual({ code: 'E06000063', closed: true })
  })

  it('says what it cannot place', () => {
    expect(resolver.byNumber('999', '2024-01-01', '2024-12-31')).toEqual({
      error: 'DfE local authority number 999 is not in data/areas/dfe-la-codes.csv',
    })
    expect(resolver.byNumber('987', '2024-01-01', '2024-12-31')).toHaveProperty('outOfScope')
  })

  it('reads Explore Education Statistics rows by their geographic level', () => {
    const row = (fields: Record<string, string>) => resolver.eesRow(fields, '2024-04-01', '2025-03-31')
    expect(row({ geographic_level: 'National', country_code: 'E92000001' })).toEqual({ code: 'E92000001' })
    expect(row({ geographic_level: 'Regional', region_code: 'E12000007' })).toEqual({ code: 'E12000007' })
    expect(row({ geographic_level: 'Regional', region_code: 'E13000001', region_name: 'Inner London' })).toHaveProperty(
      'outOfScope',
    )
    expect(row({ geographic_level: 'Local authority', old_la_code: '301', new_la_code: 'E09000002' })).toEqual({
      code: 'E09000002',
    })
    expect(row({ geographic_level: 'Local authority', old_la_code: '', new_la_code: 'E09000002' })).toEqual({
      code: 'E09000002',
    })
    expect(row({ geographic_level: 'Local authority', old_la_code: '', new_la_code: 'E09000099' })).toEqual({
      error: 'unknown area code "E09000099" in new_la_code',
    })
    expect(row({ geographic_level: 'Local authority district' })).toHaveProperty('outOfScope')
  })
})
