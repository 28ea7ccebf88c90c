/**
 * What every part of the turn-the-curve page shares: the page's input and view types, the headline
 * breakdown and the primary area's series, and how a figure becomes a chart point, a table cell and
 * a note. Pure: the figures have already been through disclosure control.
 */
import type { ChartPoint } from '../../charts/index.js'
import { SUPPRESSED_TEXT, type PublicPoint, type PublicSummaryRow } from '../../disclosure/public-data.js'
import type { CsvCell } from '../../../lib/csv-write.js'
import type { DownloadTable } from '../../../web/table-download.js'
import { computeInterval } from '../../indicators/intervals.js'
import { formatValue, valueFormatOf, type ValueFormat } from '../../indicators/value-format.js'
import { tableRegistry, type DataFormat, type DataView, type TableRegistry, type TableView } from './tables.js'

export { DATA_VIEWS, type DataFormat, type DataView } from './tables.js'

export interface PageIndicator {
  id: string
  name: string
  unit: string
  /** Decimal places its values are shown to (the metadata's, else by value type); absent: by unit. */
  decimals?: number | null
  valueType: string
  ciMethod: string
  multiplier: number | null
  /** Where the figures come from, for the downloads. */
  source: string
}

/** How the indicator's values are written: its unit, to its stated precision. */
export function formatOf(indicator: Pick<PageIndicator, 'unit' | 'decimals'>): ValueFormat {
  const byUnit = valueFormatOf({ unit: indicator.unit })
  return indicator.decimals === undefined ? byUnit : { unit: indicator.unit, decimals: indicator.decimals }
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

export interface ChartBlock {
  /** Unique on the page: the chart's id and the anchor of its heading. */
  id: string
  /** A sub-heading (h3) where a section holds several charts; empty where the section's h2 says it. */
  heading: string
  svg: string | null
  /** The same chart laid out for a phone (charts/layout.ts); the page shows one or the other by CSS. */
  svgNarrow?: string | null
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

export interface Breakdown {
  sex: string
  age: string
  categoryType: string
  category: string
}

export const sameBreakdown = (a: Breakdown, b: Breakdown) =>
  a.sex === b.sex && a.age === b.age && a.categoryType === b.categoryType && a.category === b.category
export const byPeriod = (a: { periodKey: string }, b: { periodKey: string }) =>
  a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0

/**
 * A figure as the page shows and the downloads give it: one decimal place, as Fingertips shows
 * them, or two significant figures below 1 so small rates do not round to nothing.
 */
export function figure(v: number): number {
  if (v === 0 || Math.abs(v) >= 1) return Number(v.toFixed(1))
  return Number(v.toPrecision(2))
}

export function ordinal(n: number): string {
  const suffix =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th')
  return `${n}${suffix}`
}

export interface Limits {
  lower: number | null
  upper: number | null
  /** The method, when the interval was worked out from count and denominator rather than published. */
  computed: string | null
}

export interface PageContext {
  input: PageInput
  indicator: PageIndicator
  primaryArea: string
  areaName: string
  /** "Value (%)": the value columns' header and the charts' axis. */
  yLabel: string
  format: (v: number) => string
  primaryPoints: readonly PublicPoint[]
  primarySummaries: readonly PublicSummaryRow[]
  /** The breakdown the page leads with, and its summary. */
  headline: Breakdown | null
  headlineSummary: PublicSummaryRow | null
  /** An area's points of one breakdown, oldest first. */
  series: (areaCode: string, b: Breakdown) => PublicPoint[]
  limitsOf: (p: PublicPoint) => Limits
  valueCell: (p: PublicPoint) => CsvCell
  limitCell: (v: number | null) => CsvCell
  noteOf: (p: PublicPoint, computed: string | null) => string
  chartPoint: (p: PublicPoint, withLimits: boolean) => ChartPoint
  tables: TableRegistry
}

export const omitted = (id: string, heading: string, reason: string): ChartBlock => ({
  id,
  heading,
  svg: null,
  reason,
  table: null,
  notes: [],
})

export function pageContext(input: PageInput): PageContext {
  const { indicator, primaryArea, points, summaries } = input
  const primarySummaries = summaries.filter((s) => s.areaCode === primaryArea)
  const primaryPoints = points.filter((p) => p.areaCode === primaryArea)
  const headline = headlineBreakdown(primarySummaries, primaryPoints)
  const limitsOf = (p: PublicPoint): Limits => {
    if (p.value === null) return { lower: null, upper: null, computed: null }
    if (p.lower95 !== null && p.upper95 !== null) return { lower: p.lower95, upper: p.upper95, computed: null }
    const c = computeInterval(indicator, p.count, p.denominator)
    return c ? { lower: c.lower, upper: c.upper, computed: c.method } : { lower: null, upper: null, computed: null }
  }
  return {
    input,
    indicator,
    primaryArea,
    areaName: primaryPoints[0]?.areaName ?? primarySummaries[0]?.areaName ?? primaryArea,
    yLabel: indicator.unit && indicator.unit !== 'tbc' ? `Value (${indicator.unit})` : 'Value',
    format: (v) => formatValue(v, formatOf(indicator)),
    primaryPoints,
    primarySummaries,
    headline,
    headlineSummary: headline ? (primarySummaries.find((s) => sameBreakdown(s, headline)) ?? null) : null,
    series: (areaCode, b) => points.filter((p) => p.areaCode === areaCode && sameBreakdown(p, b)).sort(byPeriod),
    limitsOf,
    valueCell: (p) => (p.suppressed ? SUPPRESSED_TEXT : p.value === null ? null : figure(p.value)),
    limitCell: (v) => (v === null ? null : figure(v)),
    // (A suppressed cell says so in its value column; its note adds nothing the source wrote about the value.)
    noteOf: (p, computed) =>
      [computed ? `Interval worked out from count and denominator (${computed})` : null, p.suppressed ? null : p.note]
        .filter(Boolean)
        .join('. '),
    chartPoint: (p, withLimits) => {
      const l = limitsOf(p)
      return {
        x: p.periodLabel,
        y: p.value,
        ...(withLimits ? { lower: l.lower, upper: l.upper } : {}),
        ...(p.suppressed ? { note: SUPPRESSED_TEXT } : {}),
      }
    },
    tables: tableRegistry(indicator.source, input.dataHref, formatOf(indicator).decimals),
  }
}

/** The breakdown the page leads with: all persons, all ages (as the source gives it), no category. */
function headlineBreakdown(summaries: readonly PublicSummaryRow[], points: readonly PublicPoint[]): Breakdown | null {
  const candidates: Breakdown[] = [...summaries, ...points].filter((b) => !b.categoryType)
  const rank = (b: Breakdown) => (b.sex === 'Persons' ? 0 : 2) + (b.age === '' ? 0 : 1)
  const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0]
  return best ? { sex: best.sex, age: best.age, categoryType: '', category: '' } : null
}
