/**
 * A summary in plain English, for pages and reports. A sentence says "significantly" only where
 * the interval test found a difference (Better, Worse, Higher, Lower); "similar" only where it found
 * none; and says nothing of a comparison that could not be made.
 */
import { ComparisonLabel, TrendLabel } from '../../stats/index.js'
import type { Summary } from './summarise.js'
import { formatValue, type ValueFormat } from '../value-format.js'

export { formatValue } from '../value-format.js'

export interface FindingContext {
  indicatorName: string
  /** The unit as shown, or the indicator's whole format (its unit and precision). */
  unit: string | ValueFormat
  areaName: string
}

const comparisonWords: Partial<Record<ComparisonLabel, string>> = {
  [ComparisonLabel.better]: 'significantly better than',
  [ComparisonLabel.worse]: 'significantly worse than',
  [ComparisonLabel.higher]: 'significantly higher than',
  [ComparisonLabel.lower]: 'significantly lower than',
  [ComparisonLabel.similar]: 'similar to',
}

export function finding(summary: Summary, context: FindingContext): string {
  const { latest } = summary
  const breakdown = [summary.category, summary.sex !== 'Persons' ? summary.sex.toLowerCase() : '', summary.age]
    .filter(Boolean)
    .join(', ')
  const subject = `${context.indicatorName} in ${context.areaName}${breakdown ? ` (${breakdown})` : ''}`
  const figure = `${formatValue(latest.value, context.unit)}, ${latest.periodLabel}`

  // Group comparisons that share wording: "significantly worse than England and London".
  const byWords = new Map<string, string[]>()
  for (const [name, comparison] of [
    ['England', summary.england.comparison],
    ['London', summary.london.comparison],
  ] as const) {
    const words = comparisonWords[comparison]
    if (words) byWords.set(words, [...(byWords.get(words) ?? []), name])
  }
  const comparisons = [...byWords].map(([words, names]) => `${words} ${names.join(' and ')}`)
  let sentence = comparisons.length
    ? `${subject} (${figure}) is ${comparisons.join(', and ')}`
    : `${subject} was ${figure}`

  const rank = summary.londonRank
  if (rank && rank.of >= 2) {
    sentence +=
      rank.rank === 1
        ? `; the highest of the ${rank.of} London areas with data`
        : rank.rank === rank.of
          ? `; the lowest of the ${rank.of} London areas with data`
          : `; ${ordinal(rank.rank)} highest of the ${rank.of} London areas with data`
  }
  sentence += '.'
  if (summary.trend.label !== TrendLabel.cannotBeCalculated) {
    sentence += ` Recent trend: ${summary.trend.label.toLowerCase()}.`
  }
  if (summary.target) {
    const t = summary.target
    sentence += ` Target ${formatValue(t.value, context.unit)} by ${t.by}: ${t.progress.toLowerCase()}.`
  }
  if (summary.gap) {
    const { absolute } = summary.gap
    const significant = absolute.lower > 0 || absolute.upper < 0
    sentence += significant
      ? ` The gap with everyone in the area is ${formatValue(Math.abs(absolute.value), context.unit)} (${absolute.value > 0 ? 'higher' : 'lower'}), a significant difference.`
      : ' The difference from everyone in the area is not significant.'
  }
  return sentence
}

function ordinal(n: number): string {
  const suffix =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th')
  return `${n}${suffix}`
}
