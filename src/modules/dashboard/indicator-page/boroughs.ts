/**
 * "Compared with other London boroughs": every borough at the primary area's latest period, ranked,
 * with England as the benchmark line; and the primary area's rank among its statistical neighbours,
 * in words, as the summaries worked it out. Pure.
 */
import { breakdownWords, titled } from './breakdown-words.js'
import { SUPPRESSED_TEXT, type PublicPoint } from '../../disclosure/public-data.js'
import { intervalDotChart, type ChartLayout, type IntervalDotItem } from '../../charts/index.js'
import { ENGLAND } from '../../indicators/summaries/summarise.js'
import { figure, omitted, ordinal, sameBreakdown, type ChartBlock, type PageContext } from './page-context.js'
import type { Column, Row } from './tables.js'

interface Ranking {
  latest: PublicPoint
  /** The boroughs at the latest period, highest first. */
  ranked: PublicPoint[]
  valued: number[]
  rankOf: (p: PublicPoint) => number | null
  england: PublicPoint | undefined
}

export function boroughsBlock(ctx: PageContext): ChartBlock {
  const { headline, areaName, primaryArea } = ctx
  const id = 'boroughs'
  const own = headline ? ctx.series(primaryArea, headline) : []
  const latest = own[own.length - 1]
  if (!headline || !latest) {
    return omitted(
      id,
      '',
      `No figures for ${areaName} have been loaded yet, so it cannot be compared with other London boroughs.`,
    )
  }
  const points = ctx.input.points
  const peers = points.filter(
    (p) => ctx.input.boroughs.has(p.areaCode) && p.periodKey === latest.periodKey && sameBreakdown(p, headline),
  )
  if (peers.filter((p) => p.areaCode !== primaryArea).length === 0) {
    const why = `Figures for other London boroughs for ${latest.periodLabel} have not been loaded, so ${areaName} cannot be ranked among them.`
    return omitted(id, '', why)
  }
  const ranked = [...peers].sort(
    (a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.areaName.localeCompare(b.areaName),
  )
  const valued = ranked.map((p) => p.value).filter((v): v is number => v !== null)
  const rankOf = (p: PublicPoint) => (p.value === null ? null : 1 + valued.filter((v) => v > p.value!).length)
  const england = points.find(
    (p) => p.areaCode === ENGLAND && p.periodKey === latest.periodKey && sameBreakdown(p, headline),
  )
  const ranking = { latest, ranked, valued, rankOf, england }
  return {
    id,
    heading: '',
    svg: boroughsChart(ctx, ranking),
    svgNarrow: boroughsChart(ctx, ranking, 'narrow'),
    reason: null,
    table: boroughsTable(ctx, ranking),
    notes: [],
  }
}

function boroughsTitle(ctx: PageContext, { latest, valued, rankOf }: Ranking): string {
  const { areaName } = ctx
  const rank = ctx.headlineSummary?.summary?.londonRank ?? null
  const missing = latest.suppressed ? 'suppressed (small number)' : 'not available'
  if (latest.value === null)
    return `${areaName}'s figure for ${latest.periodLabel} is ${missing}; other London boroughs are shown`
  if (rank && rank.of >= 2) {
    return `${areaName} has the ${rank.rank === 1 ? '' : `${ordinal(rank.rank)} `}highest value of the ${rank.of} London areas with data, ${latest.periodLabel}`
  }
  return `${areaName} ranks ${ordinal(rankOf(latest)!)} highest of ${valued.length} London boroughs with data, ${latest.periodLabel}`
}

function boroughsChart(ctx: PageContext, ranking: Ranking, layout: ChartLayout = 'wide'): string {
  const { indicator, areaName, primaryArea } = ctx
  const { latest, ranked, england } = ranking
  const items: IntervalDotItem[] = ranked.map((p) => {
    const l = ctx.limitsOf(p)
    const highlight = p.areaCode === primaryArea
    return {
      label: p.areaName,
      value: p.value,
      lower: l.lower,
      upper: l.upper,
      highlight,
      ...(p.suppressed ? { note: SUPPRESSED_TEXT } : {}),
    }
  })
  const described =
    `${indicator.name} for ${ranked.length} London boroughs in ${latest.periodLabel}, highest first, with 95% confidence intervals where known.` +
    ` ${areaName} is highlighted and labelled${england?.value != null ? `; the line marks England (${ctx.format(england.value)})` : ''}.` +
    ' The table below gives every figure.'
  return intervalDotChart({
    id: 'chart-boroughs',
    title: titled(boroughsTitle(ctx, ranking), ranking.latest),
    summary: described,
    xLabel: ctx.yLabel,
    format: ctx.format,
    items,
    layout,
    ...(england?.value != null ? { benchmark: { name: 'England', value: england.value } } : {}),
  })
}

function boroughsTable(ctx: PageContext, { latest, ranked, rankOf, england }: Ranking) {
  const { indicator, areaName, primaryArea } = ctx
  const columns: Column[] = [
    { key: 'area', header: 'Area' },
    { key: 'rank', header: 'Rank (1 = highest)', numeric: true },
    { key: 'period', header: 'Period' },
    { key: 'value', header: ctx.yLabel, numeric: true },
    { key: 'lower95', header: 'Lower 95% limit', numeric: true },
    { key: 'upper95', header: 'Upper 95% limit', numeric: true },
    { key: 'note', header: 'Note' },
  ]
  const rows: Row[] = ranked.map((p) => {
    const l = ctx.limitsOf(p)
    return {
      rank: rankOf(p),
      area: p.areaName,
      period: p.periodLabel,
      value: ctx.valueCell(p),
      lower95: ctx.limitCell(l.lower),
      upper95: ctx.limitCell(l.upper),
      note: [p.areaCode === primaryArea ? 'Highlighted in the chart' : null, ctx.noteOf(p, l.computed) || null]
        .filter(Boolean)
        .join('. '),
    }
  })
  if (england?.value != null) {
    const benchmark = {
      area: 'England (benchmark)',
      rank: null,
      period: england.periodLabel,
      value: figure(england.value),
    }
    rows.push({ ...benchmark, lower95: null, upper95: null, note: 'The benchmark line' })
  }
  return ctx.tables.view({
    view: 'boroughs',
    caption: `${indicator.name}: London boroughs, ${latest.periodLabel} (${breakdownWords(latest)})`,
    fileName: `${indicator.id}-boroughs`,
    columns,
    rows,
    highlight: (r) => r.area === areaName,
  })
}

/** Ranks within the primary area's own statistical neighbour groups, as the summaries worked them out. */
export function neighbourRanks(ctx: PageContext): string[] {
  const headline = ctx.headlineSummary
  return (headline?.summary?.groupRanks ?? [])
    .filter((r) => r.groupId.startsWith('statistical-neighbours-'))
    .sort((a, b) => (a.groupId < b.groupId ? 1 : -1))
    .map(
      (r) =>
        `Among ${r.groupName.replace(/^.*? and its /, 'its ')}, ${ctx.areaName} has the ${r.rank === 1 ? '' : `${ordinal(r.rank)} `}highest value of the ${r.of} areas with data, ${headline!.periodLabel}.`,
    )
}
