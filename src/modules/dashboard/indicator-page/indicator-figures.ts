/**
 * An indicator's latest figures as a public page shows them, from summaries that have already been
 * through disclosure control (public-data.ts): a suppressed summary shows neither its value, nor its
 * comparison, nor its finding.
 */
import { SUPPRESSED_TEXT, type PublicSummaryRow } from '../../disclosure/public-data.js'
import { ENGLAND, LONDON } from '../../indicators/summaries/summarise.js'
import { formatValue, type ValueFormat } from '../../indicators/value-format.js'

export interface FigureRow {
  area: string
  breakdown: string
  period: string
  value: string
  england: string
  source: string
}

export const BENCHMARK_TEXT = 'The benchmark'

/** The primary area first, then England, then London; breakdowns in the order of their names. */
export function indicatorFigures(
  rows: readonly PublicSummaryRow[],
  options: { unit: string | ValueFormat; primaryArea: string },
): FigureRow[] {
  const order = [options.primaryArea, ENGLAND, LONDON]
  const shown = rows
    .filter((r) => order.includes(r.areaCode))
    .sort(
      (a, b) =>
        order.indexOf(a.areaCode) - order.indexOf(b.areaCode) ||
        breakdownOf(a).localeCompare(breakdownOf(b), 'en', { numeric: true }),
    )
  return shown.map((r) => ({
    area: r.areaName,
    breakdown: breakdownOf(r),
    period: r.periodLabel,
    value: r.summary && !r.suppressed ? formatValue(r.summary.latest.value, options.unit) : SUPPRESSED_TEXT,
    // England is the benchmark: never "compared" with itself.
    england:
      r.areaCode === ENGLAND
        ? BENCHMARK_TEXT
        : r.summary && !r.suppressed
          ? r.summary.england.comparison
          : SUPPRESSED_TEXT,
    source: r.summary?.latest.source ?? '',
  }))
}

function breakdownOf(r: Pick<PublicSummaryRow, 'sex' | 'age' | 'category'>): string {
  return [r.sex, r.age, r.category].filter(Boolean).join(', ')
}
