/**
 * The indicator table of the outcome, priority and overview pages, and its downloads: one row per
 * indicator, built once, so the CSV and JSON carry exactly what the page shows. Pure.
 */
import type { CsvCell } from '../../lib/csv-write.js'
import type { DownloadTable } from '../../web/table-download.js'
import { sparkline } from '../charts/index.js'
import { SUPPRESSED_TEXT } from '../disclosure/public-data.js'
import { formatValue } from '../indicators/summaries/findings.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import type { IndicatorFigures } from './figures.js'
import { breakdownText } from './breakdown.js'
import {
  statusColour,
  statusFrom,
  statusWords,
  trendDirection,
  type Period,
  type ScorecardEntry,
  type Status,
  type TrendDirection,
} from './scorecard.js'
import { breakdownKey, labelWords, type FigureLabel } from '../sources/figure-labels.js'
import { formatDate } from '../../lib/dates.js'
import type { FigureLabels } from '../sources/figure-labels.service.js'

export const NOT_AVAILABLE = 'Not available'

export interface IndicatorTableRow extends ScorecardEntry {
  id: string
  title: string
  href: string
  /** The breakdown shown when there is no figure for everyone, e.g. "Female". */
  breakdown: string | null
  period: string | null
  value: string
  valueNumber: number | null
  unit: string
  suppressed: boolean
  england: string
  englandNumber: number | null
  london: string
  londonNumber: number | null
  status: Status
  /** The comparison label as the statistics give it ("Better", "Higher" …), or why there is none. */
  comparison: string
  statusText: string
  statusColour: string
  trendLabel: string
  trend: TrendDirection
  rank: string | null
  rankNumber: number | null
  rankOf: number | null
  /** Decorative SVG (aria-hidden); the row's numbers carry the information. Empty with fewer than two values. */
  sparkline: string
  /** The outcome the indicator sits under, for tables that mix outcomes. */
  outcome: string | null
  /** The headline figure's source, exact or proxy, licence and freshness; null with no figure. */
  label: (FigureLabel & { sourceTitle: string; freshness: string }) | null
}

export function ordinal(n: number): string {
  const suffix =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th')
  return `${n}${suffix}`
}

const ids = (connections: { item: Item }[]) => connections.map((c) => c.item.id)

/** A figure quoted from a strategy's source document names the document, not its file. */
function documentTitle(m: StrategyReadModel, source: string): string {
  for (const s of m.strategies) {
    const doc = ((s.detail.sources ?? []) as { file: string; title: string }[]).find((d) => d.file === source)
    if (doc) return doc.title
  }
  return source
}

export function indicatorTableRow(
  m: StrategyReadModel,
  item: Item,
  figures: IndicatorFigures | undefined,
  labels?: FigureLabels,
): IndicatorTableRow {
  const headline = figures?.headline ?? null
  const summary = headline?.summary ?? null
  const unit = figures?.unit ?? ''
  const suppressed = !!headline?.suppressed
  const hasData = headline !== null
  const status = statusFrom(summary?.england.comparison ?? null, hasData)
  const format = (v: number | null | undefined) =>
    v === null || v === undefined ? NOT_AVAILABLE : formatValue(v, figures?.format ?? unit)
  const rank = summary?.londonRank ?? null
  const history = (figures?.history ?? []).map((p) => p.value)
  const breakdown = headline ? breakdownText(headline) : null
  const latestKey = summary?.latest.periodKey ?? figures?.history.at(-1)?.periodKey ?? null
  const column = m.from(item, 'in_column')[0] ?? m.from(item, 'in_theme')[0]
  const label = headline ? (labels?.get(breakdownKey({ ...headline, indicatorId: item.id })) ?? null) : null
  return {
    ...linkTo(m, item),
    id: item.id,
    title: item.title,
    breakdown,
    period: headline?.periodLabel ?? null,
    value: suppressed ? SUPPRESSED_TEXT : summary ? format(summary.latest.value) : 'No data yet',
    valueNumber: summary?.latest.value ?? null,
    unit,
    suppressed,
    england: format(summary?.england.value),
    englandNumber: summary?.england.value ?? null,
    london: format(summary?.london.value),
    londonNumber: summary?.london.value ?? null,
    status,
    comparison: summary
      ? summary.england.comparison
      : suppressed
        ? 'Not compared (suppressed)'
        : hasData
          ? 'Not compared'
          : 'No data yet',
    statusText: statusWords[status],
    statusColour: statusColour[status],
    trendLabel: summary?.trend.label ?? NOT_AVAILABLE,
    trend: trendDirection(summary?.trend.label),
    rank: rank ? `${ordinal(rank.rank)} of ${rank.of}` : null,
    rankNumber: rank?.rank ?? null,
    rankOf: rank?.of ?? null,
    sparkline: sparkline(history),
    latest: headline && latestKey ? ({ key: latestKey, label: headline.periodLabel } satisfies Period) : null,
    outcome: column ? String(column.item.detail.shortTitle ?? column.item.title) : null,
    outcomeIds: ids(m.from(item, 'in_column')),
    priorityIds: ids(m.from(item, 'serves')),
    domainIds: ids(m.from(item, 'speaks_to')),
    stageIds: ids(m.from(item, 'at_stage')),
    label: label && {
      ...label,
      sourceTitle: label.match ? label.source : documentTitle(m, label.source),
      freshness: labelWords(label, formatDate).freshness,
    },
  }
}

export function indicatorTableRows(
  m: StrategyReadModel,
  items: readonly Item[],
  figures: ReadonlyMap<string, IndicatorFigures>,
  labels?: FigureLabels,
): IndicatorTableRow[] {
  return items.map((item) => indicatorTableRow(m, item, figures.get(item.id), labels))
}

export const downloadColumns = [
  { key: 'indicator_id', header: 'Indicator id' },
  { key: 'indicator', header: 'Indicator' },
  { key: 'breakdown', header: 'Breakdown' },
  { key: 'outcome', header: 'Outcome' },
  { key: 'period', header: 'Period' },
  { key: 'value', header: 'Value' },
  { key: 'value_note', header: 'Value note' },
  { key: 'unit', header: 'Unit' },
  { key: 'england', header: 'England' },
  { key: 'london', header: 'London' },
  { key: 'compared_with_england', header: 'Compared with England' },
  { key: 'recent_trend', header: 'Recent trend' },
  { key: 'london_rank', header: 'Rank among London boroughs (1 = highest value)' },
  { key: 'london_areas_ranked', header: 'London boroughs ranked' },
  { key: 'source', header: 'Source' },
  { key: 'exact_or_proxy', header: 'Exact or proxy' },
  { key: 'proxy_for', header: 'What the proxy is' },
  { key: 'licence', header: 'Licence' },
  { key: 'attribution', header: 'Attribution' },
  { key: 'loaded', header: 'Loaded' },
  { key: 'next_figures', header: 'Next figures' },
] as const

/** The same rows as the page, as plain values for CSV and JSON. */
export function downloadRows(rows: readonly IndicatorTableRow[]): Record<string, CsvCell>[] {
  return rows.map((r) => ({
    indicator_id: r.id,
    indicator: r.title,
    breakdown: r.breakdown,
    outcome: r.outcome,
    period: r.period,
    value: r.valueNumber,
    value_note: r.suppressed ? SUPPRESSED_TEXT : r.valueNumber === null ? 'No data yet' : null,
    unit: r.unit === 'tbc' ? null : r.unit || null,
    england: r.englandNumber,
    london: r.londonNumber,
    compared_with_england: r.comparison,
    recent_trend: r.valueNumber === null ? null : r.trendLabel,
    london_rank: r.rankNumber,
    london_areas_ranked: r.rankOf,
    source: r.label?.sourceTitle ?? null,
    exact_or_proxy: r.label?.match ?? null,
    proxy_for: r.label?.proxyNote ?? null,
    licence: r.label?.licence ?? null,
    attribution: r.label?.attribution ?? null,
    loaded: r.label?.loaded ?? null,
    next_figures: r.label?.nextFigures ?? null,
  }))
}

export function indicatorDownload(name: string, title: string, rows: readonly IndicatorTableRow[]): DownloadTable {
  return {
    name,
    title,
    source: "Best Chance indicator summaries, after disclosure control; each row names its figure's source and licence",
    columns: downloadColumns.map((c) => ({ ...c })),
    rows: downloadRows(rows),
  }
}
