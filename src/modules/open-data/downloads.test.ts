import { describe, expect, it } from 'vitest'
import type { PublicPoint, PublicSummaryRow } from '../disclosure/public-data.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import {
  DATA_COLUMNS,
  FINGERTIPS_COLUMNS,
  dataTable,
  fingertipsTable,
  type ExportArea,
  type ExportIndicator,
} from './downloads.js'

// Synthetic figures, for the layout only.
const point = (over: Partial<PublicPoint>): PublicPoint => ({
  indicatorId: 'ind-a',
  areaCode: 'E09000002',
  areaName: 'Barking and Dagenham',
  periodKey: '2021-04-01/2022-03-31',
  periodLabel: '2021/22',
  periodType: 'financial_year',
  sex: 'Persons',
  age: 'All ages',
  categoryType: '',
  category: '',
  value: 12.5,
  lower95: 10,
  upper95: 15,
  lower998: null,
  upper998: null,
  count: 125,
  denominator: 1000,
  note: null,
  source: 'synthetic',
  recordedAt: '2024-01-01T00:00:00.000Z',
  suppressed: null,
  ...over,
})

const indicators = new Map<string, ExportIndicator>([
  ['ind-a', { id: 'ind-a', name: 'Indicator A', fingertipsId: 90323 }],
  ['ind-b', { id: 'ind-b', name: 'Indicator B', fingertipsId: null }],
  ['ind-c', { id: 'ind-c', name: 'Indicator C', fingertipsId: 1234 }],
  ['ind-d', { id: 'ind-d', name: 'Indicator D', fingertipsId: 1234 }],
])
const areas = new Map<string, ExportArea>([
  ['E92000001', { code: 'E92000001', name: 'England', type: 'country', parentCode: null }],
  ['E12000007', { code: 'E12000007', name: 'London region', type: 'region', parentCode: 'E92000001' }],
  ['E09000002', { code: 'E09000002', name: 'Barking and Dagenham', type: 'county_ua', parentCode: 'E12000007' }],
])

const summaryRow = (periodKey: string): PublicSummaryRow => ({
  indicatorId: 'ind-a',
  areaCode: 'E09000002',
  areaName: 'Barking and Dagenham',
  sex: 'Persons',
  age: 'All ages',
  categoryType: '',
  category: '',
  periodLabel: '2021/22',
  summary: {
    latest: { periodKey },
    england: { value: 10, comparison: 'Worse' },
    london: { value: 11, comparison: 'Similar' },
    trend: { label: 'No significant change', message: '' },
  } as unknown as Summary,
  finding: 'synthetic',
  suppressed: null,
})

const byHeader = (table: ReturnType<typeof fingertipsTable>) => table.rows

describe('the Fingertips layout', () => {
  it("has the export's 26 columns and fills each from the figure, its area and its indicator", () => {
    const table = fingertipsTable([point({})], [], indicators, areas)
    expect(table.columns.map((c) => c.header)).toEqual([...FINGERTIPS_COLUMNS])
    expect(table.columns).toHaveLength(26)
    expect(byHeader(table)[0]).toMatchObject({
      'Indicator ID': 90323,
      'Indicator Name': 'Indicator A',
      'Parent Code': 'E12000007',
      'Parent Name': 'London region',
      'Area Code': 'E09000002',
      'Area Type': 'County & UA',
      'Time period': '2021/22',
      Value: 12.5,
      'Lower CI 95.0 limit': 10,
      Count: 125,
      Denominator: 1000,
      'Time period Sortable': '20210000',
    })
  })

  it('uses our id where the indicator has no Fingertips id, or shares it with another of ours', () => {
    const rows = byHeader(
      fingertipsTable([point({ indicatorId: 'ind-b' }), point({ indicatorId: 'ind-c' })], [], indicators, areas),
    )
    expect(rows.map((r) => r['Indicator ID'])).toEqual(['ind-b', 'ind-c'])
  })

  it('gives trend and comparisons on the latest period only, as our summaries have them', () => {
    const older = point({ periodKey: '2020-04-01/2021-03-31', periodLabel: '2020/21' })
    const rows = byHeader(fingertipsTable([older, point({})], [summaryRow('2021-04-01/2022-03-31')], indicators, areas))
    expect(rows[0]).toMatchObject({ 'Recent Trend': null, 'Compared to England value or percentiles': null })
    expect(rows[1]).toMatchObject({
      'Recent Trend': 'No significant change',
      'Compared to England value or percentiles': 'Worse',
      'Compared to Region value or percentiles': 'Similar',
    })
  })

  it("writes a suppressed figure blank with Fingertips' kind of note, and a sortable period only for yearly periods", () => {
    const hidden = point({ value: null, lower95: null, upper95: null, count: null, suppressed: 'small-count' })
    const quarter = point({ periodType: 'quarter', periodLabel: '2021/22 Q1', periodKey: '2021-04-01/2021-06-30' })
    const rows = byHeader(fingertipsTable([hidden, quarter], [], indicators, areas))
    expect(rows[0]).toMatchObject({ Value: null, Count: null, 'Value note': 'Suppressed (small number)' })
    expect(rows[1]!['Time period Sortable']).toBeNull()
  })
})

describe('our own layout', () => {
  it("has the template's column names, so it imports back, with the indicator name and the suppression added", () => {
    const table = dataTable([point({ suppressed: 'secondary', value: null })], indicators, '7')
    expect(table.columns.map((c) => c.header)).toEqual([...DATA_COLUMNS])
    for (const c of [
      'indicator_id',
      'area_code',
      'period',
      'sex',
      'age',
      'category_type',
      'category',
      'value',
      'count',
      'denominator',
      'lower_95',
      'upper_95',
      'lower_998',
      'upper_998',
      'value_note',
      'source',
    ]) {
      expect(DATA_COLUMNS).toContain(c)
    }
    expect(table.rows[0]).toMatchObject({ indicator_name: 'Indicator A', suppressed: 'secondary', value: null })
    expect(table.source).toContain('data version 7')
  })
})
