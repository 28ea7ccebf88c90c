/**
 * The overview scorecard: how many of a group's indicators are better, similar or worse than
 * England and improving or worsening, and the filters that narrow the indicator table beneath it.
 * Pure: entries in (one per indicator, already past disclosure control), counts and subsets out.
 */
import { ComparisonLabel, TrendLabel } from '../stats/labels.js'

/** An indicator's standing against England, in the scorecard's terms. */
export const Status = {
  better: 'better',
  similar: 'similar',
  worse: 'worse',
  /** Significantly higher or lower, for an indicator where neither is better (no polarity). */
  higherOrLower: 'higher-or-lower',
  /** There are figures, but no test against England could be made (no interval, suppressed, no England figure). */
  notCompared: 'not-compared',
  noData: 'no-data',
} as const
export type Status = (typeof Status)[keyof typeof Status]

export const statusWords: Record<Status, string> = {
  better: 'Better than England',
  similar: 'Similar to England',
  worse: 'Worse than England',
  'higher-or-lower': 'Higher or lower than England (no judgement)',
  'not-compared': 'Not compared',
  'no-data': 'No data yet',
}

/** GOV.UK tag colours; the tag always carries the words too. */
export const statusColour: Record<Status, string> = {
  better: 'green',
  similar: 'yellow',
  worse: 'red',
  'higher-or-lower': 'blue',
  'not-compared': 'grey',
  'no-data': 'grey',
}

export type TrendDirection = 'improving' | 'worsening' | 'other'

/** The status from the comparison label of an area's latest figure with England; null means no figure at all. */
export function statusFrom(comparison: string | null, hasData: boolean): Status {
  if (!hasData) return Status.noData
  switch (comparison) {
    case ComparisonLabel.better:
      return Status.better
    case ComparisonLabel.similar:
      return Status.similar
    case ComparisonLabel.worse:
      return Status.worse
    case ComparisonLabel.higher:
    case ComparisonLabel.lower:
      return Status.higherOrLower
    default:
      return Status.notCompared
  }
}

/** Improving or worsening from the recent-trend label; a change with no polarity, or none, is neither. */
export function trendDirection(label: string | null | undefined): TrendDirection {
  if (label === TrendLabel.increasingBetter || label === TrendLabel.decreasingBetter) return 'improving'
  if (label === TrendLabel.increasingWorse || label === TrendLabel.decreasingWorse) return 'worsening'
  return 'other'
}

export interface Period {
  /** `YYYY-MM-DD/YYYY-MM-DD`, as data points store it. */
  key: string
  label: string
}

/** Later periods end later; of two ending together, the shorter (later-starting) one is the more recent. */
export function laterPeriod(a: Period | null, b: Period | null): Period | null {
  if (!a) return b
  if (!b) return a
  const [aStart = '', aEnd = ''] = a.key.split('/')
  const [bStart = '', bEnd = ''] = b.key.split('/')
  if (aEnd !== bEnd) return aEnd > bEnd ? a : b
  return aStart >= bStart ? a : b
}

/** One indicator as the scorecard and its filters see it. */
export interface ScorecardEntry {
  status: Status
  trend: TrendDirection
  latest: Period | null
  /** Ids of what the indicator belongs to, for the filters. */
  outcomeIds: string[]
  priorityIds: string[]
  domainIds: string[]
  stageIds: string[]
}

export interface Counts {
  indicators: number
  better: number
  similar: number
  worse: number
  higherOrLower: number
  notCompared: number
  noData: number
  improving: number
  worsening: number
  latest: Period | null
}

export function countEntries(entries: readonly ScorecardEntry[]): Counts {
  const counts: Counts = {
    indicators: entries.length,
    better: 0,
    similar: 0,
    worse: 0,
    higherOrLower: 0,
    notCompared: 0,
    noData: 0,
    improving: 0,
    worsening: 0,
    latest: null,
  }
  const field: Record<Status, keyof Omit<Counts, 'latest'>> = {
    better: 'better',
    similar: 'similar',
    worse: 'worse',
    'higher-or-lower': 'higherOrLower',
    'not-compared': 'notCompared',
    'no-data': 'noData',
  }
  for (const e of entries) {
    counts[field[e.status]]++
    if (e.trend === 'improving') counts.improving++
    if (e.trend === 'worsening') counts.worsening++
    counts.latest = laterPeriod(counts.latest, e.latest)
  }
  return counts
}

type GroupField = 'outcomeIds' | 'priorityIds'

/** One row of counts for each group (outcome or priority), in the groups' order. */
export function scorecard<G extends { id: string }>(
  groups: readonly G[],
  entries: readonly ScorecardEntry[],
  field: GroupField,
): (G & { counts: Counts })[] {
  return groups.map((g) => ({ ...g, counts: countEntries(entries.filter((e) => e[field].includes(g.id))) }))
}

export interface Filters {
  outcome: string | null
  priority: string | null
  status: Status | null
  domain: string | null
  stage: string | null
}

export const noFilters: Filters = { outcome: null, priority: null, status: null, domain: null, stage: null }

/**
 * The filters from a query string, keeping only values that are among the options offered, so a
 * hand-edited address narrows nothing it should not (and shows what it did apply).
 */
export function parseFilters(
  query: Record<string, unknown>,
  options: {
    outcomes: readonly string[]
    priorities: readonly string[]
    domains: readonly string[]
    stages: readonly string[]
  },
): Filters {
  const pick = (name: string, allowed: readonly string[]) => {
    const value = query[name]
    return typeof value === 'string' && allowed.includes(value) ? value : null
  }
  return {
    outcome: pick('outcome', options.outcomes),
    priority: pick('priority', options.priorities),
    status: pick('status', Object.values(Status)) as Status | null,
    domain: pick('domain', options.domains),
    stage: pick('stage', options.stages),
  }
}

export function isFiltered(filters: Filters): boolean {
  return Object.values(filters).some((v) => v !== null)
}

/** The entries that meet every filter given. */
export function filterEntries<E extends ScorecardEntry>(entries: readonly E[], filters: Filters): E[] {
  return entries.filter(
    (e) =>
      (!filters.outcome || e.outcomeIds.includes(filters.outcome)) &&
      (!filters.priority || e.priorityIds.includes(filters.priority)) &&
      (!filters.status || e.status === filters.status) &&
      (!filters.domain || e.domainIds.includes(filters.domain)) &&
      (!filters.stage || e.stageIds.includes(filters.stage)),
  )
}
