import { describe, expect, it } from 'vitest'
import { indicatorFigures } from './indicator-figures.js'
import { SUPPRESSED_TEXT, type PublicSummaryRow } from '../../disclosure/public-data.js'
import type { Summary } from '../../indicators/summaries/summarise.js'

/** A synthetic public summary row with only what the figures read. */
const row = (
  areaCode: string,
  areaName: string,
  value: number | null,
  extra: Partial<PublicSummaryRow> = {},
): PublicSummaryRow => ({
  indicatorId: 'synthetic',
  areaCode,
  areaName,
  sex: 'Persons',
  age: '',
  categoryType: '',
  category: '',
  periodLabel: '2021/22',
  summary:
    value === null
      ? null
      : ({ latest: { value, source: 'synthetic' }, england: { value: 20, comparison: 'Worse' } } as unknown as Summary),
  finding: value === null ? null : `${areaName} finding`,
  suppressed: value === null ? 'small-count' : null,
  ...extra,
})

describe("an indicator's latest figures", () => {
  it("lists the primary area, then England, then London, in the indicator's unit, and leaves other areas out", () => {
    const rows = indicatorFigures(
      [
        row('E12000007', 'London', 25),
        row('E09000003', 'Barnet', 18),
        row('E92000001', 'England', 20),
        row('E09000002', 'Barking and Dagenham', 33.2, { sex: 'Male' }),
        row('E09000002', 'Barking and Dagenham', 33.25),
      ],
      { unit: '%', primaryArea: 'E09000002' },
    )
    expect(rows.map((r) => [r.area, r.breakdown, r.value, r.england])).toEqual([
      ['Barking and Dagenham', 'Male', '33.2%', 'Worse'],
      ['Barking and Dagenham', 'Persons', '33.3%', 'Worse'],
      ['England', 'Persons', '20.0%', 'The benchmark'], // never compared with itself
      ['London', 'Persons', '25.0%', 'Worse'],
    ])
  })

  it('shows a suppressed summary as suppressed, with no comparison and no source figure', () => {
    const [figure] = indicatorFigures([row('E09000002', 'Barking and Dagenham', null)], {
      unit: '%',
      primaryArea: 'E09000002',
    })
    expect(figure).toMatchObject({ value: SUPPRESSED_TEXT, england: SUPPRESSED_TEXT, source: '' })
  })
})
