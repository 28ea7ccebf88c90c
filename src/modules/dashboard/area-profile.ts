/**
 * The area profile: every indicator with a figure for the area, as Fingertips' spine chart shows
 * it, against England (the centre line), the range across English local authorities, London and
 * the statistical neighbours. Pure: the public summaries in (after disclosure control), the chart
 * rows, the table alternative and a sentence of the position out.
 */
import type { SpineRow, SpineSignificance } from '../charts/index.js'
import { SUPPRESSED_TEXT, type PublicSummaryRow } from '../disclosure/public-data.js'
import { ENGLAND } from '../indicators/summaries/summarise.js'
import { formatValue, type ValueFormat } from '../indicators/value-format.js'
import { percentileInc } from '../stats/index.js'
import { breakdownText, headlineRow, sameBreakdown } from './breakdown.js'

/** Fewer local authorities than this with a figure give no range worth drawing. */
export const MIN_AREAS_FOR_RANGE = 5

export interface ProfileIndicator {
  id: string
  name: string
  href: string
  polarity: string
  format: ValueFormat
}

export interface ProfileRow {
  indicator: ProfileIndicator
  breakdown: string | null
  period: string
  chart: SpineRow
  cells: {
    value: string
    comparison: string
    london: string
    england: string
    worst: string
    middle: string
    best: string
    areas: number
    neighbours: string
  }
}

const significance: Record<string, SpineSignificance> = {
  Better: 'better',
  Similar: 'similar',
  Worse: 'worse',
  Higher: 'higher',
  Lower: 'lower',
}

/** England and the regions are benchmarks, not members of the comparator set (GSS codes E92, E12). */
const isLocalAuthority = (code: string) => code !== ENGLAND && !/^E(92|12)/.test(code)

/** The lowest, quartiles and highest of a set, or null when too few to draw. */
export function spread(values: readonly number[]): SpineRow['range'] {
  if (values.length < MIN_AREAS_FOR_RANGE) return null
  const sorted = [...values].sort((a, b) => a - b)
  return {
    min: sorted[0]!,
    q25: percentileInc(sorted, 0.25),
    q75: percentileInc(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
  }
}

/** One indicator's row: the area's headline figure against the others at the same period and breakdown. */
function profileRow(indicator: ProfileIndicator, own: PublicSummaryRow, all: readonly PublicSummaryRow[]): ProfileRow {
  const peers = all.filter(
    (r) =>
      isLocalAuthority(r.areaCode) &&
      sameBreakdown(r, own) &&
      r.summary !== null &&
      r.summary.latest.periodKey === own.summary?.latest.periodKey,
  )
  const range = own.summary ? spread(peers.map((r) => r.summary!.latest.value)) : null
  const summary = own.summary
  const lowerIsBetter = indicator.polarity === 'lower_is_better'
  const judged = indicator.polarity === 'higher_is_better' || lowerIsBetter
  const show = (v: number | null | undefined) =>
    v === null || v === undefined ? 'Not available' : formatValue(v, indicator.format)
  const ends = range ? (lowerIsBetter ? [range.max, range.min] : [range.min, range.max]) : null
  const neighbours = summary?.groupRanks.find((g) => g.groupId.startsWith('statistical-neighbours'))
  const comparison = summary?.england.comparison ?? 'Not compared'
  return {
    indicator,
    breakdown: breakdownText(own),
    period: own.periodLabel,
    chart: {
      label: breakdownText(own) ? `${indicator.name} (${breakdownText(own)})` : indicator.name,
      range,
      benchmark: summary?.england.value ?? null,
      value: summary?.latest.value ?? null,
      significance: significance[comparison] ?? 'not-compared',
      direction: lowerIsBetter ? -1 : 1,
      ...(own.suppressed ? { note: SUPPRESSED_TEXT } : {}),
    },
    cells: {
      value: own.suppressed ? SUPPRESSED_TEXT : show(summary?.latest.value),
      comparison,
      london: show(summary?.london.value),
      england: show(summary?.england.value),
      worst: ends ? `${show(ends[0])}${judged ? '' : ' (lowest)'}` : 'Too few areas',
      middle: range ? `${show(range.q25)} to ${show(range.q75)}` : 'Too few areas',
      best: ends ? `${show(ends[1])}${judged ? '' : ' (highest)'}` : 'Too few areas',
      areas: peers.length,
      neighbours: neighbours ? `${neighbours.rank} of ${neighbours.of}` : 'Not ranked',
    },
  }
}

/** The profile's rows, in the indicators' order, for those with a figure for the area. */
export function areaProfileRows(
  areaCode: string,
  indicators: readonly ProfileIndicator[],
  summaries: readonly PublicSummaryRow[],
): ProfileRow[] {
  return indicators.flatMap((indicator) => {
    const rows = summaries.filter((s) => s.indicatorId === indicator.id)
    const own = headlineRow(rows.filter((r) => r.areaCode === areaCode))
    return own ? [profileRow(indicator, own, rows)] : []
  })
}

/** The position in one sentence, from the same rows the chart draws. */
export function profileSummary(areaName: string, rows: readonly ProfileRow[]): string {
  const count = (s: SpineSignificance) => rows.filter((r) => r.chart.significance === s).length
  const [better, similar, worse] = [count('better'), count('similar'), count('worse')]
  const other = rows.length - better - similar - worse
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return (
    `Of ${plural(rows.length, 'indicator')} with a figure for ${areaName}, ${better} ${better === 1 ? 'is' : 'are'} significantly better than England, ` +
    `${similar} similar and ${worse} significantly worse; ${other} ${other === 1 ? 'is' : 'are'} not judged better or worse ` +
    '(no polarity, or no interval to test).'
  )
}
