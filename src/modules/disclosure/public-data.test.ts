import { describe, expect, it } from 'vitest'
import { ComparisonLabel } from '../stats/index.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import type { Cell, Suppression } from './disclosure.js'
import { checkSummary, impliedCount, suppressionIndex } from './public-data.js'

const P = (year: number) => `${year}-09-01/${year + 1}-08-31`
const LATEST = P(2022)

const point = (over: Partial<Cell> & { value?: number | null }): Cell & { value: number | null } => ({
  indicatorId: 'ind',
  areaCode: 'E09000002',
  periodKey: LATEST,
  sex: 'Persons',
  age: '',
  categoryType: 'Free school meals',
  category: 'Eligible',
  count: 100,
  denominator: 1000,
  value: 10,
  ...over,
})

function summary(over: Partial<Summary> = {}): Summary {
  return {
    indicatorId: 'ind',
    areaCode: 'E09000002',
    sex: 'Persons',
    age: '',
    categoryType: 'Free school meals',
    category: 'Eligible',
    latest: {
      periodKey: LATEST,
      periodLabel: '2022/23',
      value: 10,
      lower95: 8,
      upper95: 12,
      intervalSource: 'computed',
      count: 100,
      denominator: 1000,
      source: 'synthetic',
    },
    england: { value: 12, comparison: ComparisonLabel.lower },
    london: { value: 11, comparison: ComparisonLabel.similar },
    londonRank: { groupId: 'london-boroughs', groupName: 'London boroughs', rank: 3, of: 4, quintile: 3 },
    groupRanks: [],
    trend: { label: 'No significant change', message: '' },
    projection: { slope: 0.1, points: [{ periodKey: '2023', year: 2023, value: 10.1, lower: 9, upper: 11 }] },
    target: null,
    gap: {
      comparedWith: 'everyone in the area',
      absolute: { value: -2, lower: -3, upper: -1 },
      relative: null,
      trend: 'Cannot be calculated',
    },
    history: 3,
    ...over,
  }
}

/** The summary's own series over three years, its total, and England and London, with the given suppressions. */
function index(hidden: Record<string, Suppression> = {}) {
  const cells = {
    own2020: point({ periodKey: P(2020) }),
    own2021: point({ periodKey: P(2021) }),
    own: point({}),
    total: point({ categoryType: '', category: '' }),
    england: point({ areaCode: 'E92000001' }),
    london: point({ areaCode: 'E12000007' }),
  }
  const names = Object.keys(cells) as (keyof typeof cells)[]
  return suppressionIndex(
    Object.values(cells),
    names.map((n) => hidden[n] ?? null),
  )
}

describe('checking a summary against the suppressed points', () => {
  it('leaves a summary alone when nothing it was worked out from is suppressed', () => {
    const s = summary()
    expect(checkSummary(s, index(), 5)).toEqual({ suppressed: null, summary: s, changed: false })
  })

  it('suppresses a summary whose latest point is suppressed, whichever way', () => {
    expect(checkSummary(summary(), index({ own: 'secondary' }), 5).suppressed).toBe('secondary')
    expect(checkSummary(summary(), index({ own: 'small-count' }), 5).suppressed).toBe('small-count')
  })

  it('falls back to the primary rule on the summary itself when its point is not found', () => {
    const s = summary({ latest: { ...summary().latest, periodKey: P(2030), count: 2 } })
    expect(checkSummary(s, index(), 5).suppressed).toBe('small-count')
    expect(
      checkSummary(summary({ latest: { ...summary().latest, periodKey: P(2030) } }), index(), 5).suppressed,
    ).toBeNull()
  })

  it('drops the gap when everyone-in-the-area is suppressed', () => {
    const r = checkSummary(summary(), index({ total: 'secondary' }), 5)
    expect(r).toMatchObject({ suppressed: null, changed: true, summary: { gap: null, england: { value: 12 } } })
  })

  it('drops a benchmark value and its comparison when the benchmark point is suppressed', () => {
    const r = checkSummary(summary(), index({ london: 'secondary' }), 5)
    expect(r.summary.london).toEqual({ value: null, comparison: ComparisonLabel.notCompared })
    expect(r.summary.england).toEqual({ value: 12, comparison: ComparisonLabel.lower })
    expect(r.summary.gap).not.toBeNull()
    expect(r.changed).toBe(true)
  })

  it('drops a projection fitted through a suppressed earlier point, but keeps the rank', () => {
    const r = checkSummary(summary(), index({ own2020: 'small-count' }), 5)
    expect(r.summary.projection).toBeNull()
    expect(r.summary.londonRank).toEqual(summary().londonRank)
    expect(r.changed).toBe(true)
  })

  it('does not change the summary it was given', () => {
    const s = summary()
    const copy = structuredClone(s)
    checkSummary(s, index({ total: 'secondary', london: 'secondary', own2021: 'secondary' }), 5)
    expect(s).toEqual(copy)
  })
})

describe('the count a value and denominator imply', () => {
  it('is value × denominator / multiplier for proportions and crude rates, to the nearest whole number', () => {
    expect(impliedCount('proportion', 100, 6.25, 48)).toBe(3)
    expect(impliedCount('proportion', 100, 33.3, 1000)).toBe(333)
    expect(impliedCount('crude_rate', 100000, 12.5, 40000)).toBe(5)
  })

  it('is unknown for other kinds of value, or without a value, denominator or multiplier', () => {
    expect(impliedCount('directly_standardised_rate', 100000, 12.5, 40000)).toBeNull()
    expect(impliedCount('tbc', 100, 6.25, 48)).toBeNull()
    expect(impliedCount('proportion', null, 6.25, 48)).toBeNull()
    expect(impliedCount('proportion', 100, null, 48)).toBeNull()
    expect(impliedCount('proportion', 100, 6.25, null)).toBeNull()
  })
})
