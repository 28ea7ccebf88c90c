/**
 * "Revisions": the primary area's values an import replaced, in words, only where saying so gives
 * nothing away. Whether a past value was small is decided by disclosure control's own rules
 * (`pastSuppression`), as a figure shown now would be. Pure.
 */
import { impliedCount, type PublicPoint } from '../../disclosure/public-data.js'
import { primarySuppression } from '../../disclosure/disclosure.js'
import type { ReplacedValue } from '../../indicators/data-points.repository.js'
import { formatValue, type ValueFormat } from '../../indicators/value-format.js'
import { formatLongDate } from '../../../lib/dates.js'
import { byPeriod, figure, sameBreakdown } from './page-context.js'

export type { ReplacedValue } from '../../indicators/data-points.repository.js'

export interface RevisionNote {
  period: string
  breakdown: string
  text: string
}

/** A past figure as disclosure control judges it. */
export interface PastCell {
  value: number | null
  count: number | null
  denominator: number | null
}

/**
 * Whether a past figure would be suppressed now: a count below the threshold, or one its value and
 * denominator imply (a proportion or crude rate), or, with no count, a small denominator.
 */
export function pastSuppression(
  threshold: number,
  indicator: { valueType: string | null; multiplier: number | null },
): (cell: PastCell) => boolean {
  return (cell) =>
    primarySuppression(
      {
        count: cell.count ?? impliedCount(indicator.valueType, indicator.multiplier, cell.value, cell.denominator),
        denominator: cell.denominator,
      },
      threshold,
    ) !== null
}

/** What kind of file each import format is, in words. */
const FORMAT_WORDS: Record<string, string> = {
  fingertips: 'Fingertips export',
  template: 'data template file',
  xlsx: 'data template workbook',
  ees: 'Explore Education Statistics file',
  ons: 'ONS Explore Local Statistics file',
  lait: 'LAIT file',
}

/** The file that made a revision, in words: "the Fingertips export fingertips-2026-03.csv". */
export function revisionSource(source: ReplacedValue['source']): string {
  if (source.kind === 'shipped') return `the published dataset ${source.name}`
  const kind = FORMAT_WORDS[source.format]
  return kind ? `the ${kind} ${source.name}` : `the file ${source.name}`
}

/**
 * "Revised from 12.1% to 12.4% on 3 March 2026 by the Fingertips export …", newest first, only where neither value, nor the
 * figure the page shows now for that cell, is suppressed: a note must not give away what the table hides.
 * A revision that left the value as shown (an interval or a count added) is no revision to a reader.
 */
export function revisionNotes(
  revisions: readonly ReplacedValue[],
  current: readonly PublicPoint[],
  options: { unit: string | ValueFormat; suppressed: (cell: PastCell) => boolean },
): RevisionNote[] {
  const shown = (v: number) => formatValue(figure(v), options.unit)
  return [...revisions]
    .filter((r) => r.oldValue !== null && r.newValue !== null && shown(r.oldValue) !== shown(r.newValue))
    .filter((r) => !options.suppressed({ value: r.oldValue, count: r.oldCount, denominator: r.oldDenominator }))
    .filter((r) => !options.suppressed({ value: r.newValue, count: r.newCount, denominator: r.newDenominator }))
    .filter((r) => {
      const now = current.find((p) => p.periodKey === r.periodKey && sameBreakdown(p, r))
      return now !== undefined && now.suppressed === null
    })
    .sort((a, b) => b.replacedAt.getTime() - a.replacedAt.getTime() || byPeriod(b, a))
    .map((r) => ({
      period: r.periodLabel,
      breakdown: [r.sex, r.age, r.category].filter(Boolean).join(', '),
      text: `Revised from ${shown(r.oldValue!)} to ${shown(r.newValue!)} on ${formatLongDate(r.replacedAt)} by ${revisionSource(r.source)}`,
    }))
}
