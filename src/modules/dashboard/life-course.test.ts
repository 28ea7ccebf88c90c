import { describe, expect, it } from 'vitest'
import { SUPPRESSED_TEXT, type PublicSummaryRow } from '../disclosure/public-data.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import { ComparisonLabel } from '../stats/labels.js'
import { BY_VALUE_ONLY, comparisonWords, lifeCourseDownload, lifeCourseTable } from './life-course.js'

const AREA = { code: 'E09000002', name: 'Barking and Dagenham' }

function row(
  areaCode: string,
  value: number | null,
  over: Partial<PublicSummaryRow> = {},
  summary: Partial<Summary> = {},
): PublicSummaryRow {
  const base = {
    indicatorId: 'i',
    areaCode,
    areaName: areaCode,
    sex: 'Persons',
    age: '',
    categoryType: '',
    category: '',
    periodLabel: '2021',
    ...over,
  }
  if (value === null) return { ...base, summary: null, finding: null, suppressed: 'small-count' }
  return {
    ...base,
    summary: {
      indicatorId: base.indicatorId,
      areaCode,
      sex: base.sex,
      age: '',
      categoryType: '',
      category: '',
      latest: {
        periodKey: '2021-01-01/2021-12-31',
        periodLabel: base.periodLabel,
        value,
        lower95: null,
        upper95: null,
        intervalSource: null,
        count: null,
        denominator: null,
        source: 's',
      },
      england: { value: null, comparison: ComparisonLabel.notCompared },
      london: { value: null, comparison: ComparisonLabel.notCompared },
      londonRank: null,
      groupRanks: [],
      trend: { label: 'Cannot be calculated', message: '' },
      projection: null,
      target: null,
      gap: null,
      history: 1,
      ...summary,
    },
    finding: 'f',
    suppressed: null,
  }
}

describe('the comparison in words', () => {
  it('compares by value only, and says so, where the figure has no interval', () => {
    expect(comparisonWords(row(AREA.code, 27.4), 17.8, 22.1, AREA.name)).toBe(
      `Higher than London and England (${BY_VALUE_ONLY})`,
    )
    expect(comparisonWords(row(AREA.code, 35.4), 35.4, 30.8, AREA.name)).toBe(
      `The same as London; higher than England (${BY_VALUE_ONLY})`,
    )
    expect(comparisonWords(row(AREA.code, 56), 79.9, null, AREA.name)).toBe(`Lower than London (${BY_VALUE_ONLY})`)
  })

  it('speaks of significance only where the figure has an interval', () => {
    const withInterval = row(
      AREA.code,
      27.4,
      {},
      {
        latest: {
          periodKey: 'k',
          periodLabel: '2021',
          value: 27.4,
          lower95: 25,
          upper95: 30,
          intervalSource: 'published',
          count: null,
          denominator: null,
          source: 's',
        },
        london: { value: 17.8, comparison: ComparisonLabel.worse },
        england: { value: 26, comparison: ComparisonLabel.similar },
      },
    )
    expect(comparisonWords(withInterval, 17.8, 26, AREA.name)).toBe(
      'Significantly worse than London; similar to England',
    )
  })

  it('makes no comparison for a suppressed figure, or none at all', () => {
    expect(comparisonWords(row(AREA.code, null), 17.8, 22.1, AREA.name)).toBe('Not compared (suppressed)')
    expect(comparisonWords(null, 17.8, 22.1, AREA.name)).toBe('No figure for Barking and Dagenham')
    expect(comparisonWords(row(AREA.code, 3), null, null, AREA.name)).toMatch(/^Not compared/)
  })
})

describe('the life-course table', () => {
  const stages = [
    {
      id: 'early',
      title: 'Early years',
      indicators: [{ id: 'lbw', title: 'Low birth weight', href: '/indicators/lbw' }],
    },
    {
      id: 'older',
      title: 'Older people',
      indicators: [
        { id: 'le', title: 'Life expectancy', href: '/indicators/le' },
        { id: 'none', title: 'No data', href: '/indicators/none' },
      ],
    },
  ]
  const units = new Map([
    ['lbw', '%'],
    ['le', 'years'],
  ])

  it("puts the area, London and England side by side, for each breakdown, with London and England at the area's period", () => {
    const summaries = [
      row(
        AREA.code,
        3.8,
        { indicatorId: 'lbw' },
        { london: { value: 3.3, comparison: 'Not compared' }, england: { value: 2.8, comparison: 'Not compared' } },
      ),
      row('E12000007', 3.3, { indicatorId: 'lbw' }),
      row('E92000001', 2.8, { indicatorId: 'lbw' }),
      row(AREA.code, 75.6, { indicatorId: 'le', sex: 'Male' }),
      row(AREA.code, 80.3, { indicatorId: 'le', sex: 'Female' }),
      row('E12000007', 83.4, { indicatorId: 'le', sex: 'Female' }),
      row('E92000001', 82.8, { indicatorId: 'le', sex: 'Female', periodLabel: '2020' }),
    ]
    const [early, older] = lifeCourseTable(stages, summaries, units, AREA)
    expect(early!.rows).toEqual([
      expect.objectContaining({
        indicator: 'Low birth weight',
        breakdown: null,
        period: '2021',
        area: '3.8%',
        london: '3.3%',
        england: '2.8%',
        areaNumber: 3.8,
        londonNumber: 3.3,
        englandNumber: 2.8,
      }),
    ])
    expect(early!.rows[0]!.comparison).toBe(`Higher than London and England (${BY_VALUE_ONLY})`)
    expect(older!.rows.map((r) => [r.indicatorId, r.breakdown, r.area, r.london, r.england])).toEqual([
      ['le', 'Female', '80.3 years', '83.4 years', 'No figure'], // England's latest is another period
      ['le', 'Male', '75.6 years', 'No figure', 'No figure'],
      ['none', null, 'No data yet', 'No figure', 'No figure'],
    ])
  })

  it('shows a suppressed figure as suppressed, compares nothing, and downloads the same', () => {
    const [early] = lifeCourseTable(
      stages.slice(0, 1),
      [row(AREA.code, null, { indicatorId: 'lbw' }), row('E92000001', 2.8, { indicatorId: 'lbw' })],
      units,
      AREA,
    )
    expect(early!.rows[0]).toMatchObject({
      area: SUPPRESSED_TEXT,
      areaNumber: null,
      suppressed: true,
      england: '2.8%',
      comparison: 'Not compared (suppressed)',
    })
    const download = lifeCourseDownload('x', 'X', [early!], AREA.name)
    expect(download.columns.map((c) => c.header)).toContain('Barking and Dagenham')
    expect(download.rows).toEqual([
      {
        stage: 'Early years',
        indicator_id: 'lbw',
        indicator: 'Low birth weight',
        breakdown: null,
        period: '2021',
        area: null,
        area_note: SUPPRESSED_TEXT,
        london: null,
        england: 2.8,
        comparison: 'Not compared (suppressed)',
      },
    ])
  })
})
