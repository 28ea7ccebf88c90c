/**
 * The turn-the-curve page's charts and tables, worked out from figures that have already been
 * through disclosure control. Pure: points and summaries in, SVG, tables and downloads out.
 *
 * Each chart's table and its CSV/JSON downloads are built from the same rows, so the page, the
 * table and the file never disagree, and a suppressed cell says so in all three. A chart that lacks
 * the data to mean anything is replaced by a sentence saying why.
 */
import { intervalDotChart, lineChart, type ChartPoint, type IntervalDotItem, type LineSeries } from '../charts/index.js'
import { SUPPRESSED_TEXT, type PublicPoint, type PublicSummaryRow } from '../disclosure/public-data.js'
import type { Summary } from './summaries/summarise.js'
import { ENGLAND, LONDON } from './summaries/summarise.js'
import type { DownloadTable } from '../../web/table-download.js'
import type { CsvCell } from '../../lib/csv-write.js'
import { computeInterval } from './intervals.js'
import { formatValue } from './summaries/findings.js'
import { formatLongDate } from '../../lib/dates.js'

export const DATA_VIEWS = ['history', 'boroughs', 'breakdowns', 'gap'] as const
export type DataView = (typeof DATA_VIEWS)[number]
export type DataFormat = 'csv' | 'json'

export interface PageIndicator {
  id: string
  name: string
  unit: string
  valueType: string
  ciMethod: string
  multiplier: number | null
  /** Where the figures come from, for the downloads. */
  source: string
}

export interface PageInput {
  indicator: PageIndicator
  primaryArea: string
  /** The London boroughs comparator group's members. */
  boroughs: ReadonlySet<string>
  points: readonly PublicPoint[]
  summaries: readonly PublicSummaryRow[]
  /** The address of a download: the page decides URLs (it knows the strategy query). */
  dataHref: (view: DataView, format: DataFormat, type?: string) => string
}

interface Column {
  key: string
  header: string
  numeric?: boolean
}
type Row = Record<string, CsvCell>

export interface TableCell {
  text: string
  format?: 'numeric'
  classes?: string
}

export interface TableView {
  caption: string
  head: TableCell[]
  rows: TableCell[][]
  csvHref: string
  jsonHref: string
}

export interface ChartBlock {
  /** Unique on the page: the chart's id and the anchor of its heading. */
  id: string
  /** A sub-heading (h3) where a section holds several charts; empty where the section's h2 says it. */
  heading: string
  svg: string | null
  /** Instead of the chart: why there is not enough data for it. */
  reason: string | null
  table: TableView | null
  notes: string[]
}

export interface IndicatorPageView {
  /** The primary area's headline finding (the history chart's title), or null when there is none to state. */
  finding: string | null
  areaName: string
  history: ChartBlock
  boroughs: ChartBlock
  /** The primary area's rank among its statistical neighbours (each model), in words. */
  neighbourRanks: string[]
  breakdowns: ChartBlock[]
  /** Why there are no breakdown charts, when there are none. */
  breakdownsReason: string | null
  gaps: ChartBlock[]
  gapsReason: string | null
  /** The rows behind a chart, for its download; null when the page has no such table. */
  download: (view: DataView, type?: string) => DownloadTable | null
}

interface Breakdown {
  sex: string
  age: string
  categoryType: string
  category: string
}

const sameBreakdown = (a: Breakdown, b: Breakdown) => a.sex === b.sex && a.age === b.age && a.categoryType === b.categoryType && a.category === b.category
const byPeriod = (a: { periodKey: string }, b: { periodKey: string }) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0)

/**
 * A figure as the page shows and the downloads give it: one decimal place, as Fingertips shows
 * them, or two significant figures below 1 so small rates do not round to nothing.
 */
export function figure(v: number): number {
  if (v === 0 || Math.abs(v) >= 1) return Number(v.toFixed(1))
  return Number(v.toPrecision(2))
}

/** The label of a projected year in the style of the latest period's label ("2023/24" → "2024/25"). */
export function projectedLabel(latestLabel: string, year: number): string {
  return /^\d{4}\/\d{2}$/.test(latestLabel.trim()) ? `${year}/${String((year + 1) % 100).padStart(2, '0')}` : String(year)
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'group'
}

export function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'
  return `${n}${suffix}`
}

const GAP_NOTE = 'The gap is each group’s value minus everyone’s, with a 95% interval; it is significant where the interval does not include 0.'

const numberText = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 })

/** A row's cell as the table shows it: numbers grouped by thousands, nothing else changed. */
function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return numberText.format(value)
  return String(value)
}

export function indicatorPage(input: PageInput): IndicatorPageView {
  const { indicator, primaryArea, points, summaries } = input
  const format = (v: number) => formatValue(v, indicator.unit)
  const yLabel = indicator.unit && indicator.unit !== 'tbc' ? `Value (${indicator.unit})` : 'Value'
  const valueHeader = yLabel

  const primarySummaries = summaries.filter((s) => s.areaCode === primaryArea)
  const primaryPoints = points.filter((p) => p.areaCode === primaryArea)
  const areaName = primaryPoints[0]?.areaName ?? primarySummaries[0]?.areaName ?? primaryArea
  const headline = headlineBreakdown(primarySummaries, primaryPoints)
  const headlineSummary = headline ? primarySummaries.find((s) => sameBreakdown(s, headline)) ?? null : null
  const series = (areaCode: string, b: Breakdown) => points.filter((p) => p.areaCode === areaCode && sameBreakdown(p, b)).sort(byPeriod)

  const limitsOf = (p: PublicPoint): { lower: number | null; upper: number | null; computed: string | null } => {
    if (p.value === null) return { lower: null, upper: null, computed: null }
    if (p.lower95 !== null && p.upper95 !== null) return { lower: p.lower95, upper: p.upper95, computed: null }
    const c = computeInterval(indicator, p.count, p.denominator)
    return c ? { lower: c.lower, upper: c.upper, computed: c.method } : { lower: null, upper: null, computed: null }
  }
  const valueCell = (p: PublicPoint): CsvCell => (p.suppressed ? SUPPRESSED_TEXT : p.value === null ? null : figure(p.value))
  const limitCell = (v: number | null): CsvCell => (v === null ? null : figure(v))
  // (A suppressed cell says so in its value column; its note adds nothing the source wrote about the value.)
  const noteOf = (p: PublicPoint, computed: string | null) =>
    [computed ? `Interval worked out from count and denominator (${computed})` : null, p.suppressed ? null : p.note].filter(Boolean).join('. ')
  const chartPoint = (p: PublicPoint, withLimits: boolean): ChartPoint => {
    const l = limitsOf(p)
    return {
      x: p.periodLabel,
      y: p.value,
      ...(withLimits ? { lower: l.lower, upper: l.upper } : {}),
      ...(p.suppressed ? { note: SUPPRESSED_TEXT } : {}),
    }
  }

  const tables = new Map<string, DownloadTable>()
  interface TableSpec {
    view: DataView
    /** The breakdown type, for breakdowns and gaps. */
    type?: string
    caption: string
    fileName: string
    columns: Column[]
    rows: Row[]
    highlight?: (row: Row) => boolean
  }
  const tableView = ({ view, type, caption, fileName, columns, rows, highlight }: TableSpec): TableView => {
    const download = { name: fileName, title: caption, source: indicator.source, columns: columns.map(({ key, header }) => ({ key, header })), rows }
    tables.set(type ? `${view}:${type}` : view, download)
    return {
      caption,
      head: columns.map((c) => ({ text: c.header, ...(c.numeric ? { format: 'numeric' as const } : {}) })),
      rows: rows.map((r) =>
        columns.map((c) => ({
          text: cellText(r[c.key]),
          ...(c.numeric ? { format: 'numeric' as const } : {}),
          ...(highlight?.(r) ? { classes: 'govuk-!-font-weight-bold' } : {}),
        })),
      ),
      csvHref: input.dataHref(view, 'csv', type),
      jsonHref: input.dataHref(view, 'json', type),
    }
  }
  const omitted = (id: string, heading: string, reason: string): ChartBlock => ({ id, heading, svg: null, reason, table: null, notes: [] })

  // --- History: the primary area with whiskers, London and England, the projection and the target.
  const history = ((): ChartBlock => {
    const id = 'history'
    const heading = ''
    if (!headline) return omitted(id, heading, `No figures for ${areaName} have been loaded yet.`)
    const own = series(primaryArea, headline)
    if (own.length < 2) {
      const only = own[0]?.periodLabel
      return omitted(id, heading, `There is only one period of data for ${areaName}${only ? ` (${only})` : ''}, so there is no history to chart yet.`)
    }
    const benchmarks = [LONDON, ENGLAND].map((code) => series(code, headline)).filter((s) => s.length)
    const summary = headlineSummary?.summary ?? null
    const lastLabel = own[own.length - 1]!.periodLabel
    const band = summary?.projection
      ? {
          name: 'Projection if nothing changes',
          points: summary.projection.points.map((p) => ({ x: projectedLabel(lastLabel, p.year), y: p.value, lower: p.lower, upper: p.upper })),
        }
      : undefined
    const target = summary?.target ? { name: `Target: ${format(summary.target.value)} by ${summary.target.by}`, value: summary.target.value } : undefined
    const periods = new Map<string, string>()
    for (const p of [...own, ...benchmarks.flat()]) periods.set(p.periodKey, p.periodLabel)
    const xLabels = [...[...periods].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, label]) => label), ...(band?.points.map((p) => p.x) ?? [])]
    const lineSeries: LineSeries[] = [
      { name: areaName, kind: 'primary', points: own.map((p) => chartPoint(p, true)) },
      ...benchmarks.map((s): LineSeries => ({ name: s[0]!.areaName, kind: 'benchmark', points: s.map((p) => chartPoint(p, false)) })),
    ]
    const title = headlineSummary?.finding ?? `${indicator.name} in ${areaName}, ${own[0]!.periodLabel} to ${lastLabel}`
    const described = [
      `${indicator.name} in ${areaName} from ${own[0]!.periodLabel} to ${lastLabel}, with 95% confidence intervals where known`,
      benchmarks.length ? `, against ${benchmarks.map((s) => s[0]!.areaName).join(' and ')}` : '',
      band ? `; the shaded band projects the recent trend to ${band.points[band.points.length - 1]!.x} if nothing changes` : '',
      target ? `; the line marks the ${target.name.toLowerCase()}` : '',
      '. The table below gives every figure.',
    ].join('')
    const svg = lineChart({ id: 'chart-history', title, summary: described, xLabels, series: lineSeries, band, target, yLabel, format })

    const columns: Column[] = [
      { key: 'series', header: 'Series' },
      { key: 'period', header: 'Period' },
      { key: 'value', header: valueHeader, numeric: true },
      { key: 'lower95', header: 'Lower 95% limit', numeric: true },
      { key: 'upper95', header: 'Upper 95% limit', numeric: true },
      { key: 'note', header: 'Note' },
    ]
    const rows: Row[] = []
    for (const [i, s] of [own, ...benchmarks].entries()) {
      for (const p of s) {
        const l = i === 0 ? limitsOf(p) : { lower: null, upper: null, computed: null }
        const limits = { lower95: limitCell(l.lower), upper95: limitCell(l.upper) }
        rows.push({ series: p.areaName, period: p.periodLabel, value: valueCell(p), ...limits, note: noteOf(p, l.computed) })
      }
    }
    for (const p of band?.points ?? []) {
      rows.push({ series: band!.name, period: p.x, value: figure(p.y), lower95: figure(p.lower), upper95: figure(p.upper), note: '95% prediction interval' })
    }
    if (target && summary?.target) {
      const { by, value, progress } = summary.target
      rows.push({ series: 'Target', period: `By ${by}`, value: figure(value), lower95: null, upper95: null, note: progress })
    }
    const caption = `${indicator.name}: ${areaName}, London and England over time`
    const table = tableView({ view: 'history', caption, fileName: `${indicator.id}-history`, columns, rows })
    return { id, heading, svg, reason: null, table, notes: [] }
  })()

  // --- London boroughs, ranked at the primary area's latest period, with England as the benchmark.
  const boroughs = ((): ChartBlock => {
    const id = 'boroughs'
    const heading = ''
    const own = headline ? series(primaryArea, headline) : []
    const latest = own[own.length - 1]
    if (!headline || !latest) {
      return omitted(id, heading, `No figures for ${areaName} have been loaded yet, so it cannot be compared with other London boroughs.`)
    }
    const peers = points.filter((p) => input.boroughs.has(p.areaCode) && p.periodKey === latest.periodKey && sameBreakdown(p, headline))
    if (peers.filter((p) => p.areaCode !== primaryArea).length === 0) {
      const why = `Figures for other London boroughs for ${latest.periodLabel} have not been loaded, so ${areaName} cannot be ranked among them.`
      return omitted(id, heading, why)
    }
    const ranked = [...peers].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.areaName.localeCompare(b.areaName))
    const valued = ranked.map((p) => p.value).filter((v): v is number => v !== null)
    const rankOf = (p: PublicPoint) => (p.value === null ? null : 1 + valued.filter((v) => v > p.value!).length)
    const england = points.find((p) => p.areaCode === ENGLAND && p.periodKey === latest.periodKey && sameBreakdown(p, headline))
    const items: IntervalDotItem[] = ranked.map((p) => {
      const l = limitsOf(p)
      const highlight = p.areaCode === primaryArea
      return { label: p.areaName, value: p.value, lower: l.lower, upper: l.upper, highlight, ...(p.suppressed ? { note: SUPPRESSED_TEXT } : {}) }
    })
    const rank = headlineSummary?.summary?.londonRank ?? null
    const ownRank = rankOf(latest)
    const missing = latest.suppressed ? 'suppressed (small number)' : 'not available'
    const title =
      latest.value === null
        ? `${areaName}'s figure for ${latest.periodLabel} is ${missing}; other London boroughs are shown`
        : rank && rank.of >= 2
          ? `${areaName} has the ${rank.rank === 1 ? '' : `${ordinal(rank.rank)} `}highest value of the ${rank.of} London areas with data, ` +
            latest.periodLabel
          : `${areaName} ranks ${ordinal(ownRank!)} highest of ${valued.length} London boroughs with data, ${latest.periodLabel}`
    const described =
      `${indicator.name} for ${ranked.length} London boroughs in ${latest.periodLabel}, highest first, with 95% confidence intervals where known.` +
      ` ${areaName} is highlighted and labelled${england?.value != null ? `; the line marks England (${format(england.value)})` : ''}.` +
      ' The table below gives every figure.'
    const svg = intervalDotChart({
      id: 'chart-boroughs',
      title,
      summary: described,
      xLabel: yLabel,
      format,
      items,
      ...(england?.value != null ? { benchmark: { name: 'England', value: england.value } } : {}),
    })
    const columns: Column[] = [
      { key: 'area', header: 'Area' },
      { key: 'rank', header: 'Rank (1 = highest)', numeric: true },
      { key: 'period', header: 'Period' },
      { key: 'value', header: valueHeader, numeric: true },
      { key: 'lower95', header: 'Lower 95% limit', numeric: true },
      { key: 'upper95', header: 'Upper 95% limit', numeric: true },
      { key: 'note', header: 'Note' },
    ]
    const rows: Row[] = ranked.map((p) => {
      const l = limitsOf(p)
      return {
        rank: rankOf(p),
        area: p.areaName,
        period: p.periodLabel,
        value: valueCell(p),
        lower95: limitCell(l.lower),
        upper95: limitCell(l.upper),
        note: [p.areaCode === primaryArea ? 'Highlighted in the chart' : null, noteOf(p, l.computed) || null].filter(Boolean).join('. '),
      }
    })
    if (england?.value != null) {
      const benchmark = { area: 'England (benchmark)', rank: null, period: england.periodLabel, value: figure(england.value) }
      rows.push({ ...benchmark, lower95: null, upper95: null, note: 'The benchmark line' })
    }
    const table = tableView({
      view: 'boroughs',
      caption: `${indicator.name}: London boroughs, ${latest.periodLabel}`,
      fileName: `${indicator.id}-boroughs`,
      columns,
      rows,
      highlight: (r) => r.area === areaName,
    })
    return { id, heading, svg, reason: null, table, notes: [] }
  })()

  // --- Inequalities: each breakdown's groups against everyone in the area, and over time.
  const types = headline ? breakdownTypes(primaryPoints, headline) : []
  const everyone = headline ? series(primaryArea, headline) : []
  const everyoneAt = (periodKey: string) => everyone.find((p) => p.periodKey === periodKey)
  const groupSummary = (b: Breakdown): Summary | null => primarySummaries.find((s) => sameBreakdown(s, b))?.summary ?? null

  const breakdownColumns: Column[] = [
    { key: 'breakdown', header: 'Breakdown' },
    { key: 'group', header: 'Group' },
    { key: 'period', header: 'Period' },
    { key: 'value', header: valueHeader, numeric: true },
    { key: 'lower95', header: 'Lower 95% limit', numeric: true },
    { key: 'upper95', header: 'Upper 95% limit', numeric: true },
    { key: 'gap', header: 'Gap with everyone', numeric: true },
    { key: 'gapLower', header: 'Gap lower 95% limit', numeric: true },
    { key: 'gapUpper', header: 'Gap upper 95% limit', numeric: true },
    { key: 'note', header: 'Note' },
  ]
  const breakdowns = types.map((t): ChartBlock => {
    const id = `breakdown-${t.slug}`
    const heading = `By ${t.name.toLowerCase()}`
    const latestKey = t.points.reduce((k, p) => (p.periodKey > k ? p.periodKey : k), '')
    const groups = t.points.filter((p) => p.periodKey === latestKey).sort((a, b) => t.label(a).localeCompare(t.label(b), 'en', { numeric: true }))
    const period = groups[0]!.periodLabel
    const all = everyoneAt(latestKey)
    const gaps = groups.map((g) => {
      const s = groupSummary(g)
      return s?.gap && s.latest.periodKey === latestKey ? s.gap : null
    })
    const valuedGroups = groups.filter((g) => g.value !== null)
    const hi = valuedGroups.reduce<PublicPoint | null>((m, g) => (m === null || g.value! > m.value! ? g : m), null)
    const lo = valuedGroups.reduce<PublicPoint | null>((m, g) => (m === null || g.value! < m.value! ? g : m), null)
    const significant = groups.filter((_, i) => gaps[i] && (gaps[i]!.absolute.lower > 0 || gaps[i]!.absolute.upper < 0)).map((g) => t.label(g))
    let title = `${indicator.name} in ${areaName} by ${t.name.toLowerCase()}, ${period}`
    if (hi && lo && hi !== lo) {
      title = `In ${areaName}, ${period}, ${t.label(hi)} had the highest value (${format(hi.value!)}) and ${t.label(lo)} the lowest (${format(lo.value!)})`
    }
    else if (hi) title = `In ${areaName}, ${period}, ${t.label(hi)}: ${format(hi.value!)}`
    if (significant.length) title += `; significantly different from everyone in the area: ${significant.join(', ')}`
    else if (gaps.some(Boolean)) title += '; no group differs significantly from everyone in the area'
    const described =
      `${indicator.name} in ${areaName} for each ${t.name.toLowerCase()} group in ${period}, with 95% confidence intervals where known` +
      `${all?.value != null ? `; the line marks everyone in ${areaName} (${format(all.value)})` : ''}. The table below gives every figure.`
    const svg = intervalDotChart({
      id: `chart-${id}`,
      title,
      summary: described,
      xLabel: yLabel,
      format,
      items: groups.map((g) => {
        const l = limitsOf(g)
        return { label: t.label(g), value: g.value, lower: l.lower, upper: l.upper, ...(g.suppressed ? { note: SUPPRESSED_TEXT } : {}) }
      }),
      ...(all?.value != null ? { benchmark: { name: `Everyone in ${areaName}`, value: all.value } } : {}),
    })
    const rows: Row[] = groups.map((g, i) => {
      const l = limitsOf(g)
      const gap = gaps[i]
      return {
        breakdown: t.name,
        group: t.label(g),
        period: g.periodLabel,
        value: valueCell(g),
        lower95: limitCell(l.lower),
        upper95: limitCell(l.upper),
        gap: gap ? figure(gap.absolute.value) : null,
        gapLower: gap ? figure(gap.absolute.lower) : null,
        gapUpper: gap ? figure(gap.absolute.upper) : null,
        note: noteOf(g, l.computed),
      }
    })
    if (all) {
      const figures = { value: valueCell(all), lower95: null, upper95: null, gap: null, gapLower: null, gapUpper: null }
      rows.push({ breakdown: t.name, group: `Everyone in ${areaName}`, period: all.periodLabel, ...figures, note: noteOf(all, null) || 'The benchmark line' })
    }
    // The caption names the breakdown, and gap columns appear only where there are gaps; the file of every breakdown has them all.
    const columns = breakdownColumns.filter((c) => c.key !== 'breakdown' && (gaps.some(Boolean) || !c.key.startsWith('gap')))
    const table = tableView({
      view: 'breakdowns',
      type: t.slug,
      caption: `${indicator.name} in ${areaName} by ${t.name.toLowerCase()}, ${period}`,
      fileName: `${indicator.id}-breakdowns-${t.slug}`,
      columns,
      rows,
    })
    const notes = gaps.some(Boolean) ? [GAP_NOTE] : []
    return { id, heading, svg, reason: null, table, notes }
  })

  const gapColumns: Column[] = [
    { key: 'breakdown', header: 'Breakdown' },
    { key: 'group', header: 'Group' },
    { key: 'period', header: 'Period' },
    { key: 'value', header: valueHeader, numeric: true },
    { key: 'lower95', header: 'Lower 95% limit', numeric: true },
    { key: 'upper95', header: 'Upper 95% limit', numeric: true },
    { key: 'note', header: 'Note' },
  ]
  const gaps = types
    .map((t): ChartBlock | null => {
      const id = `gap-${t.slug}`
      const heading = `The gap by ${t.name.toLowerCase()} over time`
      const groups = groupSeries(t)
      const lasting = groups.filter((g) => g.points.length >= 2)
      if (!lasting.length) return null
      const keys = [...new Set(lasting.flatMap((g) => g.points.map((p) => p.periodKey)))].sort()
      const everyoneThen = everyone.filter((p) => keys.includes(p.periodKey))
      const label = (key: string) => lasting.flatMap((g) => g.points).find((p) => p.periodKey === key)!.periodLabel
      const xLabels = keys.map(label)
      const trends = lasting
        .map((g) => ({ name: g.name, trend: groupSummary(g.points[g.points.length - 1]!)?.gap?.trend ?? null }))
        .filter((x) => x.trend && x.trend !== 'Cannot be calculated')
      const first = xLabels[0]!
      const last = xLabels[xLabels.length - 1]!
      const title = trends.length
        ? trends.map((x) => `${x.name}: the gap with everyone in the area — ${x.trend!.toLowerCase()}`).join('; ') + `, ${first} to ${last}`
        : `${indicator.name} in ${areaName} by ${t.name.toLowerCase()}, ${first} to ${last}`
      const described =
        `${indicator.name} in ${areaName} for each ${t.name.toLowerCase()} group with two or more periods of data, from ${first} to ${last},` +
        ` with 95% confidence intervals where known${everyoneThen.length ? `, and everyone in ${areaName} for comparison` : ''}.` +
        ' The table below gives every figure.'
      const everyoneSeries: LineSeries = { name: `Everyone in ${areaName}`, kind: 'benchmark', points: everyoneThen.map((p) => chartPoint(p, false)) }
      const svg = lineChart({
        id: `chart-${id}`,
        title,
        summary: described,
        xLabels,
        series: [
          ...(everyoneThen.length ? [everyoneSeries] : []),
          ...lasting.map((g): LineSeries => ({ name: g.name, kind: 'group', points: g.points.map((p) => chartPoint(p, true)) })),
        ],
        yLabel,
        format,
      })
      const rows: Row[] = []
      for (const p of everyoneThen) {
        const figures = { value: valueCell(p), lower95: null, upper95: null }
        rows.push({ breakdown: t.name, group: everyoneSeries.name, period: p.periodLabel, ...figures, note: noteOf(p, null) })
      }
      for (const g of lasting) {
        for (const p of g.points) {
          const l = limitsOf(p)
          const limits = { lower95: limitCell(l.lower), upper95: limitCell(l.upper) }
          rows.push({ breakdown: t.name, group: g.name, period: p.periodLabel, value: valueCell(p), ...limits, note: noteOf(p, l.computed) })
        }
      }
      const columns = gapColumns.filter((c) => c.key !== 'breakdown')
      const table = tableView({
        view: 'gap',
        type: t.slug,
        caption: `${indicator.name} in ${areaName} by ${t.name.toLowerCase()} over time`,
        fileName: `${indicator.id}-gap-${t.slug}`,
        columns,
        rows,
      })
      return { id, heading, svg, reason: null, table, notes: [] }
    })
    .filter((b): b is ChartBlock => b !== null)

  const download = (view: DataView, type?: string): DownloadTable | null => {
    if (view === 'history' || view === 'boroughs') return type ? null : tables.get(view) ?? null
    if (type) return tables.get(`${view}:${type}`) ?? null
    // Every breakdown's rows in one file: the tables of the page, one after another.
    const parts = [...tables].filter(([k]) => k.startsWith(`${view}:`)).map(([, t]) => t)
    if (!parts.length) return null
    const name = view === 'breakdowns' ? 'breakdowns' : 'gap over time'
    const columns = (view === 'breakdowns' ? breakdownColumns : gapColumns).map(({ key, header }) => ({ key, header }))
    return { ...parts[0]!, name: `${indicator.id}-${view}`, title: `${indicator.name} in ${areaName}: ${name}`, columns, rows: parts.flatMap((p) => p.rows) }
  }

  // Ranks within the primary area's own statistical neighbour groups, as the summaries worked them out.
  const neighbourRanks = (headlineSummary?.summary?.groupRanks ?? [])
    .filter((r) => r.groupId.startsWith('statistical-neighbours-'))
    .sort((a, b) => (a.groupId < b.groupId ? 1 : -1))
    .map(
      (r) =>
        `Among ${r.groupName.replace(/^.*? and its /, 'its ')}, ${areaName} has the ${r.rank === 1 ? '' : `${ordinal(r.rank)} `}highest value of the ${r.of} areas with data, ${headlineSummary!.periodLabel}.`,
    )

  return {
    finding: headlineSummary?.finding ?? null,
    areaName,
    history,
    boroughs,
    neighbourRanks,
    breakdowns,
    breakdownsReason: breakdowns.length
      ? null
      : `No figures for ${areaName} by sex, age or other groups have been loaded, so there are no inequality breakdowns to show.`,
    gaps,
    gapsReason: gaps.length
      ? null
      : breakdowns.length
        ? 'Each group has only one period of data, so the gap cannot be shown over time yet.'
        : null,
    download,
  }
}

/** The breakdown the page leads with: all persons, all ages (as the source gives it), no category. */
function headlineBreakdown(summaries: readonly PublicSummaryRow[], points: readonly PublicPoint[]): Breakdown | null {
  const candidates: Breakdown[] = [...summaries, ...points].filter((b) => !b.categoryType)
  const rank = (b: Breakdown) => (b.sex === 'Persons' ? 0 : 2) + (b.age === '' ? 0 : 1)
  const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0]
  return best ? { sex: best.sex, age: best.age, categoryType: '', category: '' } : null
}

interface BreakdownType {
  name: string
  slug: string
  points: PublicPoint[]
  label: (p: PublicPoint) => string
}

/** The primary area's groups, by kind of breakdown: sex and age beside the headline, then each category type. */
function breakdownTypes(points: readonly PublicPoint[], headline: Breakdown): BreakdownType[] {
  const types: BreakdownType[] = []
  const sex = points.filter((p) => !p.categoryType && p.age === headline.age && p.sex !== headline.sex && headline.sex === 'Persons')
  if (sex.length) types.push({ name: 'Sex', slug: 'sex', points: sex, label: (p) => p.sex })
  const age = points.filter((p) => !p.categoryType && p.sex === headline.sex && p.age !== headline.age)
  if (age.length) types.push({ name: 'Age', slug: 'age', points: age, label: (p) => p.age })
  const categoryTypes = [...new Set(points.filter((p) => p.categoryType).map((p) => p.categoryType))].sort()
  for (const categoryType of categoryTypes) {
    const list = points.filter((p) => p.categoryType === categoryType && p.sex === headline.sex && p.age === headline.age)
    if (!list.length) continue
    // Slugs name downloads, so two types must not share one ("Age" the category type, say).
    let s = slug(categoryType)
    while (types.some((t) => t.slug === s)) s += '-more'
    types.push({ name: categoryType, slug: s, points: list, label: (p) => p.category })
  }
  return types
}

function groupSeries(t: BreakdownType): { name: string; points: PublicPoint[] }[] {
  const byName = new Map<string, PublicPoint[]>()
  for (const p of t.points) byName.set(t.label(p), [...(byName.get(t.label(p)) ?? []), p])
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([name, list]) => ({ name, points: list.sort(byPeriod) }))
}

/** A value an import replaced, with the value that replaced it (the same key, the replacing batch's row). */
export interface ReplacedValue extends Breakdown {
  periodKey: string
  periodLabel: string
  oldValue: number | null
  oldCount: number | null
  oldDenominator: number | null
  newValue: number | null
  newCount: number | null
  newDenominator: number | null
  replacedAt: Date
}

export interface RevisionNote {
  period: string
  breakdown: string
  text: string
}

export { formatLongDate }

/**
 * "Revised on 3 March 2026 from 12.1% to 12.4%", newest first, only where neither value, nor the
 * figure the page shows now for that cell, is suppressed: a note must not give away what the table hides.
 * A revision that left the value as shown (an interval or a count added) is no revision to a reader.
 */
export function revisionNotes(
  revisions: readonly ReplacedValue[],
  current: readonly PublicPoint[],
  options: { unit: string; suppressed: (cell: { count: number | null; denominator: number | null }) => boolean },
): RevisionNote[] {
  const shown = (v: number) => formatValue(figure(v), options.unit)
  return [...revisions]
    .filter((r) => r.oldValue !== null && r.newValue !== null && shown(r.oldValue) !== shown(r.newValue))
    .filter((r) => !options.suppressed({ count: r.oldCount, denominator: r.oldDenominator }))
    .filter((r) => !options.suppressed({ count: r.newCount, denominator: r.newDenominator }))
    .filter((r) => {
      const now = current.find((p) => p.periodKey === r.periodKey && sameBreakdown(p, r))
      return now !== undefined && now.suppressed === null
    })
    .sort((a, b) => b.replacedAt.getTime() - a.replacedAt.getTime() || byPeriod(b, a))
    .map((r) => ({
      period: r.periodLabel,
      breakdown: [r.sex, r.age, r.category].filter(Boolean).join(', '),
      text: `Revised on ${formatLongDate(r.replacedAt)} from ${shown(r.oldValue!)} to ${shown(r.newValue!)}`,
    }))
}

export interface MetadataRow {
  key: string
  text: string
  href?: string
}

const TBC = 'To be confirmed'
const words = (table: Record<string, string>, value: unknown) => (value === 'tbc' || value === undefined ? TBC : table[String(value)] ?? String(value))

const valueTypeWords: Record<string, string> = {
  proportion: 'Proportion (a percentage of a denominator)',
  crude_rate: 'Crude rate',
  count: 'Count',
  mean: 'Mean',
  directly_standardised_rate: 'Directly standardised rate',
  indirectly_standardised_ratio: 'Indirectly standardised ratio',
  ratio: 'Ratio',
  life_expectancy: 'Life expectancy',
  time: 'Time',
}
const polarityWords: Record<string, string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  no_judgement: 'Neither higher nor lower is better in itself',
}
const frequencyWords: Record<string, string> = {
  annual: 'Every calendar year',
  financial_year: 'Every financial year (April to March)',
  academic_year: 'Every academic year (September to August)',
  quarterly: 'Every quarter',
  monthly: 'Every month',
  rolling_3_year: 'Rolling three-year periods',
  ad_hoc: 'From time to time, with no fixed timetable',
}
const rbaWords: Record<string, string> = {
  population_indicator: 'Population indicator: the well-being of a whole population, which no one service can turn alone',
  how_much: 'Performance measure: how much did we do?',
  how_well: 'Performance measure: how well did we do it?',
  better_off: 'Performance measure: is anyone better off?',
}
const ciWords: Record<string, string> = {
  wilson: 'Wilson score',
  byar: 'Byar’s method',
  exact: 'Exact (Poisson)',
  poisson: 'Exact Poisson below 10 events, otherwise Byar’s method',
  dobson: 'Dobson’s method',
  t: 't distribution',
  chiang: 'Chiang II',
  none: 'None',
}
const benchmarkWords: Record<string, string> = { england: 'England', london: 'London', statistical_neighbours: 'Statistical neighbours' }

/** The indicator's definition and source, from its metadata file, in words for a summary list. */
export function metadataRows(meta: Record<string, unknown>): MetadataRow[] {
  const text = (v: unknown) => (v === 'tbc' || v === undefined || v === null || v === '' ? TBC : String(v))
  const fingertips = meta.fingertips_id
  const target = meta.target
  const benchmarks = Array.isArray(meta.benchmarks) ? (meta.benchmarks as string[]) : []
  return [
    { key: 'Definition', text: text(meta.definition) },
    { key: 'Unit', text: text(meta.unit) },
    { key: 'Type of value', text: words(valueTypeWords, meta.value_type) },
    { key: 'Which way is better', text: words(polarityWords, meta.polarity) },
    { key: 'How often it is published', text: words(frequencyWords, meta.frequency) },
    { key: 'Source', text: text(meta.data_source) },
    typeof fingertips === 'number'
      ? { key: 'Fingertips indicator', text: `Indicator ${fingertips} on Fingertips`, href: `https://fingertips.phe.org.uk/search/${fingertips}` }
      : { key: 'Fingertips indicator', text: fingertips === null ? 'Not published on Fingertips' : TBC },
    { key: 'Results-Based Accountability', text: words(rbaWords, meta.rba_kind) },
    { key: 'Compared with', text: benchmarks.length ? benchmarks.map((b) => benchmarkWords[b] ?? b).join(', ') : 'No benchmarks named' },
    { key: 'Confidence intervals', text: words(ciWords, meta.ci_method) },
    {
      key: 'Target',
      text:
        target && typeof target === 'object'
          ? (({ value, by, source }) => `${value}${meta.unit === '%' ? '%' : ''} by ${by} (${source})`)(target as { value: number; by: string; source: string })
          : target === 'tbc'
            ? TBC
            : 'None set',
    },
    { key: 'Owner', text: text(meta.owner) },
  ]
}
