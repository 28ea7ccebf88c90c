import { describe, expect, it } from 'vitest'
import type { PublicSummaryRow } from '../disclosure/public-data.js'
import { ComparisonLabel } from '../stats/labels.js'
import { areaProfileRows, profileSummary, spread, type ProfileIndicator } from './area-profile.js'

// Made-up figures and made-up area codes (beyond E92/E12, which are England and the regions): nothing here is real.
const HERE = 'E09000002'

function row(
  indicatorId: string,
  areaCode: string,
  value: number | null,
  extra: { comparison?: ComparisonLabel; periodKey?: string; sex?: string; neighbours?: number } = {},
): PublicSummaryRow {
  const base = {
    indicatorId,
    areaCode,
    areaName: areaCode,
    sex: extra.sex ?? 'Persons',
    age: '',
    categoryType: '',
    category: '',
    periodLabel: '2022/23',
  }
  if (value === null) return { ...base, summary: null, finding: null, suppressed: 'small-count' }
  return {
    ...base,
    finding: null,
    suppressed: null,
    summary: {
      indicatorId,
      areaCode,
      sex: base.sex,
      age: '',
      categoryType: '',
      category: '',
      latest: {
        periodKey: extra.periodKey ?? '2022',
        periodLabel: '2022/23',
        value,
        lower95: null,
        upper95: null,
        intervalSource: null,
        count: null,
        denominator: null,
        source: 's',
      },
      england: { value: 50, comparison: extra.comparison ?? ComparisonLabel.similar },
      london: { value: 52, comparison: ComparisonLabel.similar },
      londonRank: null,
      groupRanks: extra.neighbours
        ? [{ groupId: 'statistical-neighbours-x', groupName: 'n', rank: extra.neighbours, of: 11, quintile: null }]
        : [],
      trend: { label: '', message: '' },
      projection: null,
      target: null,
      gap: null,
      history: 1,
    },
  }
}

const indicator = (id: string, polarity: string): ProfileIndicator => ({
  id,
  name: `Made-up ${id}`,
  href: `/indicators/${id}`,
  polarity,
  format: { unit: '%', decimals: 1 },
})

/** The area, England, London and six other authorities, at one period. */
const areas = (id: string, own: number | null, comparison?: ComparisonLabel) => [
  row(id, HERE, own, { comparison, neighbours: 3 }),
  row(id, 'E92000001', 50),
  row(id, 'E12000007', 52),
  ...[40, 45, 50, 55, 60, 70].map((v, i) => row(id, `E0600000${i}`, v)),
  row(id, 'E06000009', 99, { periodKey: '2019' }), // an older period: not in the range
  row(id, 'E06000008', 10, { sex: 'Female' }), // another breakdown: not in the range
]

describe('the area profile', () => {
  it('gives the range across local authorities at the same period and breakdown, without England or the regions', () => {
    const [r] = areaProfileRows(HERE, [indicator('a', 'higher_is_better')], areas('a', 44, ComparisonLabel.worse))
    expect(r!.chart.range).toEqual({ min: 40, q25: 44.5, q75: 57.5, max: 70 })
    expect(r!.cells.areas).toBe(7)
    expect(r!.chart).toMatchObject({ benchmark: 50, value: 44, significance: 'worse', direction: 1 })
    expect(r!.cells).toMatchObject({
      value: '44.0%',
      comparison: 'Worse',
      london: '52.0%',
      england: '50.0%',
      worst: '40.0%',
      middle: '44.5% to 57.5%',
      best: '70.0%',
      neighbours: '3 of 11',
    })
  })

  it('puts the better end on the right where lower is better, and names the ends lowest and highest without a polarity', () => {
    const [low] = areaProfileRows(HERE, [indicator('b', 'lower_is_better')], areas('b', 44, ComparisonLabel.better))
    expect(low!.chart.direction).toBe(-1)
    expect([low!.cells.worst, low!.cells.best]).toEqual(['70.0%', '40.0%'])
    const [none] = areaProfileRows(HERE, [indicator('c', 'no_judgement')], areas('c', 44, ComparisonLabel.lower))
    expect(none!.chart.significance).toBe('lower')
    expect([none!.cells.worst, none!.cells.best]).toEqual(['40.0% (lowest)', '70.0% (highest)'])
  })

  it('keeps a suppressed figure suppressed, and leaves out an indicator with no figure for the area', () => {
    const rows = areaProfileRows(
      HERE,
      [indicator('d', 'higher_is_better'), indicator('e', 'higher_is_better')],
      [...areas('d', null), row('e', 'E92000001', 50)],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.cells.value).toBe('Suppressed (small number)')
    expect(rows[0]!.chart).toMatchObject({ value: null, note: 'Suppressed (small number)' })
    const female = areaProfileRows(HERE, [indicator('k', 'higher_is_better')], [row('k', HERE, 40, { sex: 'Female' })])
    expect(female[0]!.chart.label).toBe('Made-up k (Female)')
    expect(female[0]!.breakdown).toBe('Female')
  })

  it('draws no range from fewer than five authorities', () => {
    expect(spread([1, 2, 3, 4])).toBeNull()
    expect(spread([1, 2, 3, 4, 5])).toEqual({ min: 1, q25: 2, q75: 4, max: 5 })
  })

  it('says the position in a sentence from the same rows', () => {
    const rows = areaProfileRows(
      HERE,
      [indicator('f', 'higher_is_better'), indicator('g', 'higher_is_better'), indicator('h', 'no_judgement')],
      [...areas('f', 44, ComparisonLabel.worse), ...areas('g', 60, ComparisonLabel.better), ...areas('h', 50)],
    )
    expect(profileSummary('Here', rows)).toBe(
      'Of 3 indicators with a figure for Here, 1 is significantly better than England, 1 similar and 1 significantly worse; 0 are not judged better or worse (no polarity, or no interval to test).',
    )
  })
})
