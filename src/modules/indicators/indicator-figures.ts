/**
 * An indicator's latest figures as a public page shows them. Disclosure control: a value worked
 * out from a count below the threshold is not shown, and neither is its finding.
 * (Secondary suppression across breakdowns comes with the public dashboard.)
 */
import { formatValue } from './summaries/findings.js'
import type { Summary } from './summaries/summarise.js'

export const SMALL_COUNT_THRESHOLD = 5
export const SUPPRESSED = 'Suppressed (small number)'

export interface FigureRow {
  area: string
  breakdown: string
  period: string
  value: string
  england: string
  source: string
}

export function indicatorFigures(
  rows: { area_code: string; area_name: string; summary: Summary; finding: string }[],
  options: { unit: string; primaryArea: string; threshold?: number },
): { lead: string | null; rows: FigureRow[] } {
  const threshold = options.threshold ?? SMALL_COUNT_THRESHOLD
  const small = (s: Summary) => s.latest.count !== null && s.latest.count < threshold
  const lead = rows.find((r) => r.area_code === options.primaryArea && !r.summary.categoryType && r.summary.sex === 'Persons' && !small(r.summary))
  return {
    lead: lead?.finding ?? null,
    rows: rows.map(({ area_name, summary: s }) => ({
      area: area_name,
      breakdown: [s.sex, s.age, s.category].filter(Boolean).join(', '),
      period: s.latest.periodLabel,
      value: small(s) ? SUPPRESSED : formatValue(s.latest.value, options.unit),
      england: small(s) ? SUPPRESSED : s.england.comparison,
      source: s.latest.source,
    })),
  }
}
