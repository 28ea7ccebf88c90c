/**
 * "How it is changing": the primary area's headline series with its intervals, London and England
 * beside it, the projection if nothing changes and the target, as a line chart above a table of
 * every figure. Pure.
 */
import type { PublicPoint } from '../../disclosure/public-data.js'
import { lineChart, type ChartLayout, type LineSeries } from '../../charts/index.js'
import { ENGLAND, LONDON } from '../../indicators/summaries/summarise.js'
import { figure, omitted, type Breakdown, type ChartBlock, type PageContext } from './page-context.js'
import type { Column, Row } from './tables.js'
import { breakdownWords, seriesName, titled } from './breakdown-words.js'

/** The label of a projected year in the style of the latest period's label ("2023/24" → "2024/25"). */
export function projectedLabel(latestLabel: string, year: number): string {
  return /^\d{4}\/\d{2}$/.test(latestLabel.trim())
    ? `${year}/${String((year + 1) % 100).padStart(2, '0')}`
    : String(year)
}

interface Band {
  name: string
  points: { x: string; y: number; lower: number; upper: number }[]
}

interface HistoryParts {
  own: PublicPoint[]
  benchmarks: PublicPoint[][]
  band: Band | undefined
  target: { name: string; value: number } | undefined
}

export function historyBlock(ctx: PageContext): ChartBlock {
  const { headline, areaName } = ctx
  const id = 'history'
  if (!headline) return omitted(id, '', `No figures for ${areaName} have been loaded yet.`)
  const own = ctx.series(ctx.primaryArea, headline)
  if (own.length < 2) {
    const only = own[0]?.periodLabel
    return omitted(
      id,
      '',
      `There is only one period of data for ${areaName}${only ? ` (${only})` : ''}, so there is no history to chart yet.`,
    )
  }
  const parts = historyParts(ctx, headline, own)
  return {
    id,
    heading: '',
    svg: historyChart(ctx, parts),
    svgNarrow: historyChart(ctx, parts, 'narrow'),
    reason: null,
    table: historyTable(ctx, parts),
    notes: [],
  }
}

function historyParts(ctx: PageContext, headline: Breakdown, own: PublicPoint[]): HistoryParts {
  const benchmarks = [LONDON, ENGLAND].map((code) => ctx.series(code, headline)).filter((s) => s.length)
  const summary = ctx.headlineSummary?.summary ?? null
  const lastLabel = own[own.length - 1]!.periodLabel
  const band = summary?.projection
    ? {
        name: 'Projection if nothing changes',
        points: summary.projection.points.map((p) => ({
          x: projectedLabel(lastLabel, p.year),
          y: p.value,
          lower: p.lower,
          upper: p.upper,
        })),
      }
    : undefined
  const target = summary?.target
    ? { name: `Target: ${ctx.format(summary.target.value)} by ${summary.target.by}`, value: summary.target.value }
    : undefined
  return { own, benchmarks, band, target }
}

function historyChart(
  ctx: PageContext,
  { own, benchmarks, band, target }: HistoryParts,
  layout: ChartLayout = 'wide',
): string {
  const { indicator, areaName } = ctx
  const lastLabel = own[own.length - 1]!.periodLabel
  const periods = new Map<string, string>()
  for (const p of [...own, ...benchmarks.flat()]) periods.set(p.periodKey, p.periodLabel)
  const xLabels = [
    ...[...periods].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, label]) => label),
    ...(band?.points.map((p) => p.x) ?? []),
  ]
  const lineSeries: LineSeries[] = [
    { name: seriesName(areaName, own[0]!), kind: 'primary', points: own.map((p) => ctx.chartPoint(p, true)) },
    ...benchmarks.map((s): LineSeries => ({
      name: seriesName(s[0]!.areaName, s[0]!),
      kind: 'benchmark',
      points: s.map((p) => ctx.chartPoint(p, false)),
    })),
  ]
  const title = titled(
    ctx.headlineSummary?.finding ?? `${indicator.name} in ${areaName}, ${own[0]!.periodLabel} to ${lastLabel}`,
    own[0]!,
  )
  const described = [
    `${indicator.name} in ${areaName} from ${own[0]!.periodLabel} to ${lastLabel}, with 95% confidence intervals where known`,
    benchmarks.length ? `, against ${benchmarks.map((s) => s[0]!.areaName).join(' and ')}` : '',
    band
      ? `; the shaded band projects the recent trend to ${band.points[band.points.length - 1]!.x} if nothing changes`
      : '',
    target ? `; the line marks the ${target.name.toLowerCase()}` : '',
    '. The table below gives every figure.',
  ].join('')
  return lineChart({
    id: 'chart-history',
    title,
    summary: described,
    xLabels,
    series: lineSeries,
    band,
    target,
    yLabel: ctx.yLabel,
    format: ctx.format,
    layout,
  })
}

function historyTable(ctx: PageContext, { own, benchmarks, band, target }: HistoryParts) {
  const { indicator, areaName } = ctx
  const columns: Column[] = [
    { key: 'series', header: 'Series' },
    { key: 'period', header: 'Period' },
    { key: 'value', header: ctx.yLabel, numeric: true },
    { key: 'lower95', header: 'Lower 95% limit', numeric: true },
    { key: 'upper95', header: 'Upper 95% limit', numeric: true },
    { key: 'note', header: 'Note' },
    // Last, so the download's earlier columns keep their places.
    { key: 'breakdown', header: 'Breakdown' },
  ]
  const rows: Row[] = []
  for (const [i, s] of [own, ...benchmarks].entries()) {
    for (const p of s) {
      const l = i === 0 ? ctx.limitsOf(p) : { lower: null, upper: null, computed: null }
      const limits = { lower95: ctx.limitCell(l.lower), upper95: ctx.limitCell(l.upper) }
      rows.push({
        series: p.areaName,
        breakdown: breakdownWords(p),
        period: p.periodLabel,
        value: ctx.valueCell(p),
        ...limits,
        note: ctx.noteOf(p, l.computed),
      })
    }
  }
  for (const p of band?.points ?? []) {
    rows.push({
      series: band!.name,
      breakdown: null,
      period: p.x,
      value: figure(p.y),
      lower95: figure(p.lower),
      upper95: figure(p.upper),
      note: '95% prediction interval',
    })
  }
  const summaryTarget = ctx.headlineSummary?.summary?.target
  if (target && summaryTarget) {
    const { by, value, progress } = summaryTarget
    rows.push({
      series: 'Target',
      breakdown: null,
      period: `By ${by}`,
      value: figure(value),
      lower95: null,
      upper95: null,
      note: progress,
    })
  }
  const caption = `${indicator.name}: ${areaName}, London and England over time (${breakdownWords(own[0]!)})`
  return ctx.tables.view({ view: 'history', caption, fileName: `${indicator.id}-history`, columns, rows })
}
