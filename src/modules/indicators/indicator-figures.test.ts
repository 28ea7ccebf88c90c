import { describe, expect, it } from 'vitest'
import { indicatorFigures, SUPPRESSED } from './indicator-figures.js'
import type { Summary } from './summaries/summarise.js'

/** A synthetic summary with only what the figures read. */
const summary = (areaCode: string, value: number, count: number | null, extra: Partial<Summary> = {}) =>
  ({
    areaCode,
    sex: 'Persons',
    age: '',
    categoryType: '',
    category: '',
    latest: { periodLabel: '2021/22', value, count, source: 'synthetic' },
    england: { value: 20, comparison: 'Worse' },
    ...extra,
  }) as unknown as Summary

describe('an indicator\'s latest figures', () => {
  it('leads with the primary area\'s finding and formats values in the indicator\'s unit', () => {
    const figures = indicatorFigures(
      [
        { area_code: 'E09000002', area_name: 'Barking and Dagenham', summary: summary('E09000002', 33.2, 332), finding: 'B&D finding' },
        { area_code: 'E92000001', area_name: 'England', summary: summary('E92000001', 20, 2000), finding: 'England finding' },
      ],
      { unit: '%', primaryArea: 'E09000002' },
    )
    expect(figures.lead).toBe('B&D finding')
    expect(figures.rows.map((r) => [r.area, r.value, r.england])).toEqual([
      ['Barking and Dagenham', '33.2%', 'Worse'],
      ['England', '20%', 'Worse'],
    ])
  })

  it('suppresses a value, its comparison and its finding when its count is below the threshold', () => {
    const figures = indicatorFigures(
      [{ area_code: 'E09000002', area_name: 'Barking and Dagenham', summary: summary('E09000002', 0.4, 4), finding: 'a finding revealing 0.4%' }],
      { unit: '%', primaryArea: 'E09000002' },
    )
    expect(figures.lead).toBeNull()
    expect(figures.rows[0]).toMatchObject({ value: SUPPRESSED, england: SUPPRESSED })
    expect(JSON.stringify(figures)).not.toContain('0.4')
  })
})
