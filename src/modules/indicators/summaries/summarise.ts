/**
 * An indicator's summaries: for each area and breakdown, the latest value and what the statistics
 * say about it. Pure: the rows in, the summaries out. Published intervals win; an interval is
 * worked out (by the indicator's method) only when the source gave none but gave a count and a
 * denominator.
 */
import {
  ComparisonLabel,
  Polarity,
  TrendValueType,
  compareWithBenchmark,
  recentTrend,
  type TrendResult,
} from '../../stats/index.js'
import { computeInterval } from '../intervals.js'
import type { Breakdown, Measures } from '../import/import.types.js'
import { fingertipsQuintile } from '../../stats/quintiles.js'
import { gap, gapTrend, type GapAtPeriod } from '../../stats/inequalities.js'
import { ProgressLabel, progressAgainstTarget, project, targetDirection } from '../../stats/forecast.js'

export const ENGLAND = 'E92000001'
export const LONDON = 'E12000007'

export interface SummaryIndicator {
  id: string
  name: string
  valueType: string
  unit: string
  /** Decimal places values are shown to (value-format.ts); null: as they come. */
  decimals?: number | null
  multiplier: number | null
  polarity: string
  ciMethod: string
  /** A numeric target and the year it should be met by, when the partnership has set one. */
  target: { value: number; by: number } | null
}

/** A current data point, as summaries need it. */
export interface PointInput extends Breakdown, Measures {
  areaCode: string
  periodKey: string
  periodLabel: string
  periodType: string
  source: string
}

export interface GroupRank {
  groupId: string
  groupName: string
  rank: number
  of: number
  quintile: number | null
}

export interface Summary {
  indicatorId: string
  areaCode: string
  sex: string
  age: string
  categoryType: string
  category: string
  latest: {
    periodKey: string
    periodLabel: string
    value: number
    lower95: number | null
    upper95: number | null
    intervalSource: 'published' | 'computed' | null
    count: number | null
    denominator: number | null
    source: string
  }
  england: { value: number | null; comparison: ComparisonLabel }
  london: { value: number | null; comparison: ComparisonLabel }
  londonRank: GroupRank | null
  /** Rank among every comparator group the area belongs to (London boroughs, statistical neighbours …). */
  groupRanks: GroupRank[]
  trend: { label: string; message: string }
  projection: {
    slope: number
    points: { periodKey: string; year: number; value: number; lower: number; upper: number }[]
  } | null
  target: { value: number; by: number; progress: ProgressLabel | 'Not enough data' } | null
  gap: {
    comparedWith: string
    absolute: { value: number; lower: number; upper: number }
    relative: { value: number; lower: number; upper: number } | null
    trend: string
  } | null
  history: number
}

export function toPolarity(text: string): Polarity {
  return text === 'higher_is_better'
    ? Polarity.highIsGood
    : text === 'lower_is_better'
      ? Polarity.lowIsGood
      : Polarity.noJudgement
}

const trendValueTypes: Record<string, TrendValueType> = {
  proportion: TrendValueType.proportion,
  crude_rate: TrendValueType.crudeRate,
  directly_standardised_rate: TrendValueType.directlyStandardisedRate,
}

const breakdownKey = (p: Breakdown) => `${p.sex}|${p.age}|${p.categoryType}|${p.category}`

/** The year a period starts in, from its key (`YYYY-MM-DD/YYYY-MM-DD`). */
function startYear(periodKey: string): number {
  return Number(periodKey.slice(0, 4))
}

function spanYears(periodKey: string): number {
  const [start, end] = periodKey.split('/')
  return Number(end!.slice(0, 4)) - Number(start!.slice(0, 4)) + (end!.slice(5) >= start!.slice(5) ? 1 : 0)
}

/** The published 95% interval, or one worked out from count and denominator by the indicator's method. */
export function interval(
  indicator: SummaryIndicator,
  p: PointInput,
): { lower: number; upper: number; source: 'published' | 'computed' } | null {
  if (p.lower95 !== null && p.upper95 !== null) return { lower: p.lower95, upper: p.upper95, source: 'published' }
  const computed = computeInterval(indicator, p.count, p.denominator)
  return computed ? { lower: computed.lower, upper: computed.upper, source: 'computed' } : null
}

/**
 * What an area's summaries are measured against: England and London values, and the London
 * boroughs' values, by breakdown and period. Built once per indicator from only those areas' rows,
 * so each area's series can then be summarised on its own and memory stays bounded.
 */
/** A comparator group: London boroughs, or statistical neighbours an administrator defined. */
export interface ComparatorGroup {
  id: string
  name: string
  members: ReadonlySet<string>
  /** The one area ranked within the group (an authority's statistical neighbours); none: every member. */
  focus?: string | null
}

export const LONDON_BOROUGHS = 'london-boroughs'

export interface BenchmarkContext {
  benchmark: (areaCode: string, breakdown: string, periodKey: string) => number | null
  /** The values of a group's members for a breakdown and period. */
  groupValues: (groupId: string, breakdown: string, periodKey: string) => number[]
  groups: readonly ComparatorGroup[]
}

export function benchmarkContext(points: PointInput[], groups: readonly ComparatorGroup[]): BenchmarkContext {
  const benchmarks = new Map<string, number>()
  const members = new Map<string, number[]>()
  for (const p of points) {
    if (p.value === null) continue
    const k = `${breakdownKey(p)}|${p.periodKey}`
    if (p.areaCode === ENGLAND || p.areaCode === LONDON) benchmarks.set(`${p.areaCode}|${k}`, p.value)
    for (const g of groups)
      if (g.members.has(p.areaCode)) members.set(`${g.id}|${k}`, [...(members.get(`${g.id}|${k}`) ?? []), p.value])
  }
  return {
    benchmark: (areaCode, breakdown, periodKey) => benchmarks.get(`${areaCode}|${breakdown}|${periodKey}`) ?? null,
    groupValues: (groupId, breakdown, periodKey) => members.get(`${groupId}|${breakdown}|${periodKey}`) ?? [],
    groups,
  }
}

/** The areas whose rows a context needs. */
export function contextAreas(groups: readonly ComparatorGroup[]): string[] {
  return [...new Set([ENGLAND, LONDON, ...groups.flatMap((g) => [...g.members])])]
}

/** Every summary of an indicator from all its rows (fine for one indicator's ordinary volume). */
export function summarise(
  indicator: SummaryIndicator,
  points: PointInput[],
  groups: readonly ComparatorGroup[],
): Summary[] {
  const context = benchmarkContext(points, groups)
  const byArea = new Map<string, PointInput[]>()
  for (const p of points) byArea.set(p.areaCode, [...(byArea.get(p.areaCode) ?? []), p])
  return [...byArea.values()].flatMap((areaPoints) => summariseArea(indicator, areaPoints, context))
}

/** The summaries of one area's rows (every breakdown), against the context. */
export function summariseArea(
  indicator: SummaryIndicator,
  areaPoints: PointInput[],
  context: BenchmarkContext,
): Summary[] {
  const polarity = toPolarity(indicator.polarity)
  const valued = areaPoints.filter((p) => p.value !== null)
  // Within the area: (breakdown, period) → point, for group gaps.
  const at = new Map(valued.map((p) => [`${p.areaCode}|${breakdownKey(p)}|${p.periodKey}`, p]))
  const series = new Map<string, PointInput[]>()
  for (const p of valued) {
    const k = breakdownKey(p)
    series.set(k, [...(series.get(k) ?? []), p])
  }

  const summaries: Summary[] = []
  for (const [breakdown, list] of series) {
    list.sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0))
    const latest = list[list.length - 1]!
    const ci = interval(indicator, latest)
    const compare = (code: string) => {
      const value = latest.areaCode === code ? null : context.benchmark(code, breakdown, latest.periodKey)
      const comparison =
        value === null || !ci
          ? ComparisonLabel.notCompared
          : compareWithBenchmark({ value: latest.value, lower: ci.lower, upper: ci.upper }, value, polarity)
      return { value, comparison }
    }
    // Rank 1 is the highest value; the quintile follows Fingertips (polarity-aware).
    const groupRanks = context.groups
      .filter((g) => g.members.has(latest.areaCode) && (!g.focus || g.focus === latest.areaCode))
      .map((g) => ({ group: g, peers: context.groupValues(g.id, breakdown, latest.periodKey) }))
      .filter(({ peers }) => peers.length > 1)
      .map(({ group, peers }) => ({
        groupId: group.id,
        groupName: group.name,
        rank: 1 + peers.filter((v) => v > latest.value!).length,
        of: peers.length,
        quintile: fingertipsQuintile(latest.value, peers, polarity).quintile,
      }))
    const londonRank = groupRanks.find((r) => r.groupId === LONDON_BOROUGHS) ?? null
    summaries.push({
      indicatorId: indicator.id,
      areaCode: latest.areaCode,
      sex: latest.sex,
      age: latest.age,
      categoryType: latest.categoryType,
      category: latest.category,
      latest: {
        periodKey: latest.periodKey,
        periodLabel: latest.periodLabel,
        value: latest.value!,
        lower95: ci?.lower ?? null,
        upper95: ci?.upper ?? null,
        intervalSource: ci?.source ?? null,
        count: latest.count,
        denominator: latest.denominator,
        source: latest.source,
      },
      england: compare(ENGLAND),
      london: compare(LONDON),
      londonRank,
      groupRanks,
      trend: trendOf(indicator, likeLatest(list), polarity),
      projection: projectionOf(indicator, likeLatest(list)),
      target: targetOf(indicator, likeLatest(list), polarity),
      gap: gapOf(indicator, latest, list, at),
      history: list.length,
    })
  }
  return summaries
}

/**
 * The points of a series that are periods of the same kind and length as its latest: a trend or a
 * projection runs over like periods, so a figure quoted for a financial year ("2021/22") does not
 * sit in one line with published calendar years ("2021", "2022") that start in the same year.
 */
export function likeLatest(list: readonly PointInput[]): PointInput[] {
  const latest = list[list.length - 1]!
  const like = list.filter(
    (p) => p.periodType === latest.periodType && spanYears(p.periodKey) === spanYears(latest.periodKey),
  )
  // One point per starting year (the trend test's unit), the later period where two share one.
  const byYear = new Map(like.map((p) => [startYear(p.periodKey), p]))
  return like.filter((p) => byYear.get(startYear(p.periodKey)) === p)
}

function trendOf(
  indicator: SummaryIndicator,
  list: PointInput[],
  polarity: Polarity,
): { label: string; message: string } {
  const result: TrendResult = recentTrend(
    list.map((p) => {
      const ci = interval(indicator, p)
      return {
        period: startYear(p.periodKey),
        value: p.value,
        lower95: ci?.lower ?? null,
        upper95: ci?.upper ?? null,
        count: p.count,
        denominator: p.denominator,
      }
    }),
    {
      valueType: trendValueTypes[indicator.valueType] ?? TrendValueType.other,
      polarity,
      yearRange: Math.max(...list.map((p) => spanYears(p.periodKey))),
    },
  )
  return { label: result.label, message: result.message }
}

/** If nothing changes: the recent trend carried three periods on (yearly series of three or more points). */
function projectionOf(indicator: SummaryIndicator, list: PointInput[]): Summary['projection'] {
  const yearly = list.every((p) => spanYears(p.periodKey) === 1)
  if (!yearly || list.length < 3) return null
  const history = list.map((p) => {
    const ci = interval(indicator, p)
    return { period: startYear(p.periodKey), value: p.value!, lower95: ci?.lower ?? null, upper95: ci?.upper ?? null }
  })
  const projection = project(history)
  const last = history[history.length - 1]!.period
  return {
    slope: projection.slope,
    points: [1, 2, 3].map((step) => {
      const p = projection.at(last + step)
      return { periodKey: `${last + step}`, year: last + step, value: p.value, lower: p.lower, upper: p.upper }
    }),
  }
}

/**
 * Progress against a target (the stats module's rule: Achieved if the latest value meets it, else
 * On track if the projection reaches it by the target year, else Off track). With fewer than three
 * yearly points only "Achieved" can be said.
 */
function targetOf(indicator: SummaryIndicator, list: PointInput[], polarity: Polarity): Summary['target'] {
  const direction = targetDirection(polarity)
  if (!indicator.target || !direction) return null
  const goal = { value: indicator.target.value, period: indicator.target.by, direction }
  const history = list.map((p) => ({ period: startYear(p.periodKey), value: p.value! }))
  const latest = history[history.length - 1]!.value
  const met = direction === 'at-least' ? latest >= goal.value : latest <= goal.value
  const yearly = list.every((p) => spanYears(p.periodKey) === 1)
  const progress = met
    ? ProgressLabel.achieved
    : yearly && history.length >= 3
      ? progressAgainstTarget(history, goal).label
      : 'Not enough data'
  return { value: goal.value, by: goal.period, progress }
}

/** A group (a category of a breakdown) against everyone in the same area, period, sex and age. */
function gapOf(
  indicator: SummaryIndicator,
  latest: PointInput,
  list: PointInput[],
  at: Map<string, PointInput>,
): Summary['gap'] {
  if (!latest.categoryType) return null
  // The same area, period, sex and age with no category: everyone.
  const peerOf = (p: PointInput) =>
    at.get(`${p.areaCode}|${breakdownKey({ ...p, categoryType: '', category: '' })}|${p.periodKey}`)
  const withLimits = (p: PointInput) => {
    const ci = interval(indicator, p)
    return ci ? { value: p.value!, lower: ci.lower, upper: ci.upper } : null
  }
  const pairs: GapAtPeriod[] = []
  for (const p of list) {
    const peer = peerOf(p)
    const group = withLimits(p)
    const comparison = peer ? withLimits(peer) : null
    if (group && comparison) pairs.push({ period: startYear(p.periodKey), group, comparison })
  }
  const now = pairs.find((x) => x.period === startYear(latest.periodKey))
  if (!now) return null
  const g = gap(now.group, now.comparison)
  return {
    comparedWith: 'everyone in the area',
    absolute: g.absolute,
    relative: g.relative,
    trend: gapTrend(pairs).label,
  }
}
