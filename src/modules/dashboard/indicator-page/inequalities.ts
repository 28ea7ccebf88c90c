/**
 * "Inequalities": for each kind of breakdown (sex, age, each category type) the primary area's
 * groups at their latest period against everyone in the area, with the gap and whether it is
 * significant; and each group over time where it has two periods or more. Pure.
 */
import { SUPPRESSED_TEXT, type PublicPoint } from '../../disclosure/public-data.js'
import { intervalDotChart, lineChart, type ChartLayout, type LineSeries } from '../../charts/index.js'
import type { Summary } from '../../indicators/summaries/summarise.js'
import { byPeriod, figure, sameBreakdown, type Breakdown, type ChartBlock, type PageContext } from './page-context.js'
import type { Column, Row } from './tables.js'

export const GAP_NOTE =
  'The gap is each group’s value minus everyone’s, with a 95% interval; it is significant where the interval does not include 0.'

export interface BreakdownType {
  name: string
  slug: string
  points: PublicPoint[]
  label: (p: PublicPoint) => string
}

type Gap = NonNullable<Summary['gap']>

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'group'
  )
}

const figureColumns = (valueHeader: string): Column[] => [
  { key: 'breakdown', header: 'Breakdown' },
  { key: 'group', header: 'Group' },
  { key: 'period', header: 'Period' },
  { key: 'value', header: valueHeader, numeric: true },
  { key: 'lower95', header: 'Lower 95% limit', numeric: true },
  { key: 'upper95', header: 'Upper 95% limit', numeric: true },
]

/** The columns of the breakdowns' download, every breakdown in one file. */
export const breakdownColumns = (valueHeader: string): Column[] => [
  ...figureColumns(valueHeader),
  { key: 'gap', header: 'Gap with everyone', numeric: true },
  { key: 'gapLower', header: 'Gap lower 95% limit', numeric: true },
  { key: 'gapUpper', header: 'Gap upper 95% limit', numeric: true },
  { key: 'note', header: 'Note' },
]

/** The columns of the gaps' download, every breakdown in one file. */
export const gapColumns = (valueHeader: string): Column[] => [
  ...figureColumns(valueHeader),
  { key: 'note', header: 'Note' },
]

/** The primary area's groups, by kind of breakdown: sex and age beside the headline, then each category type. */
export function breakdownTypes(points: readonly PublicPoint[], headline: Breakdown): BreakdownType[] {
  const types: BreakdownType[] = []
  const sex = points.filter(
    (p) => !p.categoryType && p.age === headline.age && p.sex !== headline.sex && headline.sex === 'Persons',
  )
  if (sex.length) types.push({ name: 'Sex', slug: 'sex', points: sex, label: (p) => p.sex })
  const age = points.filter((p) => !p.categoryType && p.sex === headline.sex && p.age !== headline.age)
  if (age.length) types.push({ name: 'Age', slug: 'age', points: age, label: (p) => p.age })
  const categoryTypes = [...new Set(points.filter((p) => p.categoryType).map((p) => p.categoryType))].sort()
  for (const categoryType of categoryTypes) {
    const list = points.filter(
      (p) => p.categoryType === categoryType && p.sex === headline.sex && p.age === headline.age,
    )
    if (!list.length) continue
    // Slugs name downloads, so two types must not share one ("Age" the category type, say).
    let s = slug(categoryType)
    while (types.some((t) => t.slug === s)) s += '-more'
    types.push({ name: categoryType, slug: s, points: list, label: (p) => p.category })
  }
  return types
}

export function groupSeries(t: BreakdownType): { name: string; points: PublicPoint[] }[] {
  const byName = new Map<string, PublicPoint[]>()
  for (const p of t.points) byName.set(t.label(p), [...(byName.get(t.label(p)) ?? []), p])
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([name, list]) => ({ name, points: list.sort(byPeriod) }))
}

const groupSummary = (ctx: PageContext, b: Breakdown): Summary | null =>
  ctx.primarySummaries.find((s) => sameBreakdown(s, b))?.summary ?? null
const everyone = (ctx: PageContext) => (ctx.headline ? ctx.series(ctx.primaryArea, ctx.headline) : [])

interface LatestGroups {
  t: BreakdownType
  latestKey: string
  period: string
  groups: PublicPoint[]
  /** Everyone in the area at that period. */
  all: PublicPoint | undefined
  /** Each group's gap with everyone, where the summaries give one at that period. */
  gaps: (Gap | null)[]
}

/** One chart and table per kind of breakdown: its groups at their latest period. */
export function breakdownBlocks(ctx: PageContext, types: readonly BreakdownType[]): ChartBlock[] {
  return types.map((t): ChartBlock => {
    const latestKey = t.points.reduce((k, p) => (p.periodKey > k ? p.periodKey : k), '')
    const groups = t.points
      .filter((p) => p.periodKey === latestKey)
      .sort((a, b) => t.label(a).localeCompare(t.label(b), 'en', { numeric: true }))
    const gaps = groups.map((g) => {
      const s = groupSummary(ctx, g)
      return s?.gap && s.latest.periodKey === latestKey ? s.gap : null
    })
    const all = everyone(ctx).find((p) => p.periodKey === latestKey)
    const latest: LatestGroups = { t, latestKey, period: groups[0]!.periodLabel, groups, all, gaps }
    const notes = gaps.some(Boolean) ? [GAP_NOTE] : []
    return {
      id: `breakdown-${t.slug}`,
      heading: `By ${t.name.toLowerCase()}`,
      svg: breakdownChart(ctx, latest),
      svgNarrow: breakdownChart(ctx, latest, 'narrow'),
      reason: null,
      table: breakdownTable(ctx, latest),
      notes,
    }
  })
}

function breakdownTitle(ctx: PageContext, { t, period, groups, gaps }: LatestGroups): string {
  const { indicator, areaName, format } = ctx
  const valuedGroups = groups.filter((g) => g.value !== null)
  const hi = valuedGroups.reduce<PublicPoint | null>((m, g) => (m === null || g.value! > m.value! ? g : m), null)
  const lo = valuedGroups.reduce<PublicPoint | null>((m, g) => (m === null || g.value! < m.value! ? g : m), null)
  const significant = groups
    .filter((_, i) => gaps[i] && (gaps[i]!.absolute.lower > 0 || gaps[i]!.absolute.upper < 0))
    .map((g) => t.label(g))
  let title = `${indicator.name} in ${areaName} by ${t.name.toLowerCase()}, ${period}`
  if (hi && lo && hi !== lo) {
    title = `In ${areaName}, ${period}, ${t.label(hi)} had the highest value (${format(hi.value!)}) and ${t.label(lo)} the lowest (${format(lo.value!)})`
  } else if (hi) title = `In ${areaName}, ${period}, ${t.label(hi)}: ${format(hi.value!)}`
  if (significant.length) title += `; significantly different from everyone in the area: ${significant.join(', ')}`
  else if (gaps.some(Boolean)) title += '; no group differs significantly from everyone in the area'
  return title
}

function breakdownChart(ctx: PageContext, latest: LatestGroups, layout: ChartLayout = 'wide'): string {
  const { indicator, areaName } = ctx
  const { t, period, groups, all } = latest
  const described =
    `${indicator.name} in ${areaName} for each ${t.name.toLowerCase()} group in ${period}, with 95% confidence intervals where known` +
    `${all?.value != null ? `; the line marks everyone in ${areaName} (${ctx.format(all.value)})` : ''}. The table below gives every figure.`
  return intervalDotChart({
    id: `chart-breakdown-${t.slug}`,
    title: breakdownTitle(ctx, latest),
    summary: described,
    xLabel: ctx.yLabel,
    format: ctx.format,
    layout,
    items: groups.map((g) => {
      const l = ctx.limitsOf(g)
      return {
        label: t.label(g),
        value: g.value,
        lower: l.lower,
        upper: l.upper,
        ...(g.suppressed ? { note: SUPPRESSED_TEXT } : {}),
      }
    }),
    ...(all?.value != null ? { benchmark: { name: `Everyone in ${areaName}`, value: all.value } } : {}),
  })
}

function breakdownTable(ctx: PageContext, { t, period, groups, all, gaps }: LatestGroups) {
  const { indicator, areaName } = ctx
  const rows: Row[] = groups.map((g, i) => {
    const l = ctx.limitsOf(g)
    const gap = gaps[i]
    return {
      breakdown: t.name,
      group: t.label(g),
      period: g.periodLabel,
      value: ctx.valueCell(g),
      lower95: ctx.limitCell(l.lower),
      upper95: ctx.limitCell(l.upper),
      gap: gap ? figure(gap.absolute.value) : null,
      gapLower: gap ? figure(gap.absolute.lower) : null,
      gapUpper: gap ? figure(gap.absolute.upper) : null,
      note: ctx.noteOf(g, l.computed),
    }
  })
  if (all) {
    const figures = {
      value: ctx.valueCell(all),
      lower95: null,
      upper95: null,
      gap: null,
      gapLower: null,
      gapUpper: null,
    }
    rows.push({
      breakdown: t.name,
      group: `Everyone in ${areaName}`,
      period: all.periodLabel,
      ...figures,
      note: ctx.noteOf(all, null) || 'The benchmark line',
    })
  }
  // The caption names the breakdown, and gap columns appear only where there are gaps; the file of every breakdown has them all.
  const columns = breakdownColumns(ctx.yLabel).filter(
    (c) => c.key !== 'breakdown' && (gaps.some(Boolean) || !c.key.startsWith('gap')),
  )
  return ctx.tables.view({
    view: 'breakdowns',
    type: t.slug,
    caption: `${indicator.name} in ${areaName} by ${t.name.toLowerCase()}, ${period}`,
    fileName: `${indicator.id}-breakdowns-${t.slug}`,
    columns,
    rows,
  })
}

interface GroupsOverTime {
  t: BreakdownType
  /** The groups with two or more periods. */
  lasting: { name: string; points: PublicPoint[] }[]
  xLabels: string[]
  /** Everyone in the area at those periods. */
  everyoneThen: PublicPoint[]
}

/** One chart and table per kind of breakdown whose groups have two periods or more: the groups over time. */
export function gapBlocks(ctx: PageContext, types: readonly BreakdownType[]): ChartBlock[] {
  return types
    .map((t): ChartBlock | null => {
      const lasting = groupSeries(t).filter((g) => g.points.length >= 2)
      if (!lasting.length) return null
      const keys = [...new Set(lasting.flatMap((g) => g.points.map((p) => p.periodKey)))].sort()
      const everyoneThen = everyone(ctx).filter((p) => keys.includes(p.periodKey))
      const label = (key: string) => lasting.flatMap((g) => g.points).find((p) => p.periodKey === key)!.periodLabel
      const over: GroupsOverTime = { t, lasting, xLabels: keys.map(label), everyoneThen }
      const heading = `The gap by ${t.name.toLowerCase()} over time`
      return {
        id: `gap-${t.slug}`,
        heading,
        svg: gapChart(ctx, over),
        svgNarrow: gapChart(ctx, over, 'narrow'),
        reason: null,
        table: gapTable(ctx, over),
        notes: [],
      }
    })
    .filter((b): b is ChartBlock => b !== null)
}

function gapChart(
  ctx: PageContext,
  { t, lasting, xLabels, everyoneThen }: GroupsOverTime,
  layout: ChartLayout = 'wide',
): string {
  const { indicator, areaName } = ctx
  const trends = lasting
    .map((g) => ({ name: g.name, trend: groupSummary(ctx, g.points[g.points.length - 1]!)?.gap?.trend ?? null }))
    .filter((x) => x.trend && x.trend !== 'Cannot be calculated')
  const first = xLabels[0]!
  const last = xLabels[xLabels.length - 1]!
  const title = trends.length
    ? trends.map((x) => `${x.name}: the gap with everyone in the area — ${x.trend!.toLowerCase()}`).join('; ') +
      `, ${first} to ${last}`
    : `${indicator.name} in ${areaName} by ${t.name.toLowerCase()}, ${first} to ${last}`
  const described =
    `${indicator.name} in ${areaName} for each ${t.name.toLowerCase()} group with two or more periods of data, from ${first} to ${last},` +
    ` with 95% confidence intervals where known${everyoneThen.length ? `, and everyone in ${areaName} for comparison` : ''}.` +
    ' The table below gives every figure.'
  const everyoneSeries: LineSeries = {
    name: `Everyone in ${areaName}`,
    kind: 'benchmark',
    points: everyoneThen.map((p) => ctx.chartPoint(p, false)),
  }
  return lineChart({
    id: `chart-gap-${t.slug}`,
    title,
    summary: described,
    xLabels,
    series: [
      ...(everyoneThen.length ? [everyoneSeries] : []),
      ...lasting.map((g): LineSeries => ({
        name: g.name,
        kind: 'group',
        points: g.points.map((p) => ctx.chartPoint(p, true)),
      })),
    ],
    yLabel: ctx.yLabel,
    format: ctx.format,
    layout,
  })
}

function gapTable(ctx: PageContext, { t, lasting, everyoneThen }: GroupsOverTime) {
  const { indicator, areaName } = ctx
  const rows: Row[] = []
  for (const p of everyoneThen) {
    const figures = { value: ctx.valueCell(p), lower95: null, upper95: null }
    rows.push({
      breakdown: t.name,
      group: `Everyone in ${areaName}`,
      period: p.periodLabel,
      ...figures,
      note: ctx.noteOf(p, null),
    })
  }
  for (const g of lasting) {
    for (const p of g.points) {
      const l = ctx.limitsOf(p)
      const limits = { lower95: ctx.limitCell(l.lower), upper95: ctx.limitCell(l.upper) }
      rows.push({
        breakdown: t.name,
        group: g.name,
        period: p.periodLabel,
        value: ctx.valueCell(p),
        ...limits,
        note: ctx.noteOf(p, l.computed),
      })
    }
  }
  return ctx.tables.view({
    view: 'gap',
    type: t.slug,
    caption: `${indicator.name} in ${areaName} by ${t.name.toLowerCase()} over time`,
    fileName: `${indicator.id}-gap-${t.slug}`,
    columns: gapColumns(ctx.yLabel).filter((c) => c.key !== 'breakdown'),
    rows,
  })
}
