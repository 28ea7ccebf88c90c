import { describe, expect, it } from 'vitest'
import { ComparisonLabel, TrendLabel } from '../stats/labels.js'
import {
  Status,
  countEntries,
  filterEntries,
  laterPeriod,
  noFilters,
  parseFilters,
  scorecard,
  statusFrom,
  trendDirection,
  type ScorecardEntry,
} from './scorecard.js'

const entry = (over: Partial<ScorecardEntry> = {}): ScorecardEntry => ({
  status: 'no-data',
  trend: 'other',
  latest: null,
  outcomeIds: [],
  priorityIds: [],
  domainIds: [],
  stageIds: [],
  ...over,
})

describe("an indicator's status against England", () => {
  it('follows the comparison label, and says no data when there is no figure', () => {
    expect(statusFrom(ComparisonLabel.better, true)).toBe(Status.better)
    expect(statusFrom(ComparisonLabel.similar, true)).toBe(Status.similar)
    expect(statusFrom(ComparisonLabel.worse, true)).toBe(Status.worse)
    expect(statusFrom(ComparisonLabel.higher, true)).toBe(Status.higherOrLower)
    expect(statusFrom(ComparisonLabel.lower, true)).toBe(Status.higherOrLower)
    expect(statusFrom(ComparisonLabel.notCompared, true)).toBe(Status.notCompared)
    // Suppressed: a figure exists but nothing may be said of it.
    expect(statusFrom(null, true)).toBe(Status.notCompared)
    expect(statusFrom(null, false)).toBe(Status.noData)
  })

  it('reads improving and worsening from the trend label, and nothing from a change without polarity', () => {
    expect(trendDirection(TrendLabel.increasingBetter)).toBe('improving')
    expect(trendDirection(TrendLabel.decreasingBetter)).toBe('improving')
    expect(trendDirection(TrendLabel.increasingWorse)).toBe('worsening')
    expect(trendDirection(TrendLabel.decreasingWorse)).toBe('worsening')
    for (const label of [
      TrendLabel.increasing,
      TrendLabel.decreasing,
      TrendLabel.noChange,
      TrendLabel.cannotBeCalculated,
      undefined,
      null,
    ]) {
      expect(trendDirection(label)).toBe('other')
    }
  })
})

describe('the latest period', () => {
  it('is the one that ends last, then the one that starts last', () => {
    const academic = { key: '2022-09-01/2023-08-31', label: '2022/23' }
    const calendar = { key: '2023-01-01/2023-12-31', label: '2023' }
    const threeYears = { key: '2021-01-01/2023-12-31', label: '2021 - 23' }
    expect(laterPeriod(academic, calendar)).toBe(calendar)
    expect(laterPeriod(calendar, academic)).toBe(calendar)
    expect(laterPeriod(threeYears, calendar)).toBe(calendar)
    expect(laterPeriod(null, academic)).toBe(academic)
    expect(laterPeriod(null, null)).toBeNull()
  })
})

describe('the scorecard counts', () => {
  const entries = [
    entry({
      status: 'better',
      trend: 'improving',
      latest: { key: '2021-01-01/2021-12-31', label: '2021' },
      outcomeIds: ['a'],
      priorityIds: ['p'],
    }),
    entry({
      status: 'worse',
      trend: 'worsening',
      latest: { key: '2022-04-01/2023-03-31', label: '2022/23' },
      outcomeIds: ['a'],
    }),
    entry({
      status: 'worse',
      trend: 'improving',
      outcomeIds: ['a', 'b'],
      priorityIds: ['p'],
      latest: { key: '2020-01-01/2020-12-31', label: '2020' },
    }),
    entry({ status: 'similar', outcomeIds: ['b'] }),
    entry({ status: 'not-compared', outcomeIds: ['b'], latest: { key: '2019-01-01/2019-12-31', label: '2019' } }),
    entry({ status: 'higher-or-lower', outcomeIds: ['b'] }),
    entry({ outcomeIds: ['b'], priorityIds: ['p'] }),
  ]

  it('counts every status and trend once per indicator, and finds the latest data', () => {
    expect(countEntries(entries)).toEqual({
      indicators: 7,
      better: 1,
      similar: 1,
      worse: 2,
      higherOrLower: 1,
      notCompared: 1,
      noData: 1,
      improving: 2,
      worsening: 1,
      latest: { key: '2022-04-01/2023-03-31', label: '2022/23' },
    })
  })

  it("gives each group the counts of its own indicators, in the groups' order", () => {
    const rows = scorecard([{ id: 'b' }, { id: 'a' }, { id: 'none' }], entries, 'outcomeIds')
    expect(rows.map((r) => r.id)).toEqual(['b', 'a', 'none'])
    expect(rows[0]!.counts).toMatchObject({
      indicators: 5,
      worse: 1,
      similar: 1,
      notCompared: 1,
      higherOrLower: 1,
      noData: 1,
      improving: 1,
      latest: { label: '2020' },
    })
    expect(rows[1]!.counts).toMatchObject({
      indicators: 3,
      better: 1,
      worse: 2,
      improving: 2,
      worsening: 1,
      latest: { label: '2022/23' },
    })
    expect(rows[2]!.counts).toMatchObject({ indicators: 0, latest: null })
    // An indicator in a priority is counted for it whichever outcome it sits under.
    expect(scorecard([{ id: 'p' }], entries, 'priorityIds')[0]!.counts).toMatchObject({
      indicators: 3,
      better: 1,
      worse: 1,
      noData: 1,
    })
  })
})

describe('the filters', () => {
  const options = { outcomes: ['a', 'b'], priorities: ['p'], domains: ['my-health'], stages: ['preconception'] }

  it('keep only the values offered', () => {
    expect(
      parseFilters(
        { outcome: 'a', priority: 'p', status: 'worse', domain: 'my-health', stage: 'preconception' },
        options,
      ),
    ).toEqual({
      outcome: 'a',
      priority: 'p',
      status: 'worse',
      domain: 'my-health',
      stage: 'preconception',
    })
    expect(parseFilters({ outcome: 'z', status: 'awful', priority: ['p', 'p'], domain: '' }, options)).toEqual(
      noFilters,
    )
    expect(parseFilters({}, options)).toEqual(noFilters)
  })

  it('narrow the entries to those meeting every filter given', () => {
    const list = [
      entry({ status: 'worse', outcomeIds: ['a'], priorityIds: ['p'], domainIds: ['my-health'] }),
      entry({ status: 'worse', outcomeIds: ['b'], stageIds: ['preconception'] }),
      entry({ status: 'better', outcomeIds: ['a'] }),
    ]
    expect(filterEntries(list, noFilters)).toEqual(list)
    expect(filterEntries(list, { ...noFilters, status: 'worse' })).toEqual([list[0], list[1]])
    expect(filterEntries(list, { ...noFilters, status: 'worse', outcome: 'a' })).toEqual([list[0]])
    expect(filterEntries(list, { ...noFilters, domain: 'my-health' })).toEqual([list[0]])
    expect(filterEntries(list, { ...noFilters, stage: 'preconception' })).toEqual([list[1]])
    expect(filterEntries(list, { ...noFilters, priority: 'p', outcome: 'b' })).toEqual([])
  })
})
