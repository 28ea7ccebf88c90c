/**
 * An indicator's figures in short sentences a young person can read, for the children's outcomes
 * pages. Built from the same row as the tables (after disclosure control), and honest: no figure,
 * a hidden figure and a difference that may be chance are each said plainly. Pure.
 */
import type { IndicatorTableRow } from './indicator-table.js'

export function plainWords(row: IndicatorTableRow, areaName: string): string[] {
  if (row.suppressed) {
    return ['We can’t show this number. So few people are counted that someone could be recognised.']
  }
  if (row.valueNumber === null) return ['We don’t have any numbers for this yet.']
  const sentences = [
    `In ${areaName} it is ${row.value}${row.breakdown ? ` for ${row.breakdown.toLowerCase()}` : ''} (${row.period}).`,
  ]
  const england = row.englandNumber
  if (england === null) {
    sentences.push('We don’t have a number for England to compare it with.')
  } else {
    const direction = row.valueNumber > england ? 'higher' : row.valueNumber < england ? 'lower' : 'the same'
    switch (row.status) {
      case 'better':
        sentences.push(`That is better than in England (${row.england}).`)
        break
      case 'worse':
        sentences.push(`That is worse than in England (${row.england}).`)
        break
      case 'similar':
        sentences.push(`That is about the same as in England (${row.england}).`)
        break
      case 'higher-or-lower':
        sentences.push(`That is ${direction} than in England (${row.england}).`)
        break
      default:
        sentences.push(
          direction === 'the same'
            ? `That is the same as in England (${row.england}).`
            : `That is ${direction} than in England (${row.england}), but we can’t be sure the difference is more than chance.`,
        )
    }
  }
  if (row.trend === 'improving') sentences.push('It has been getting better over the last few years.')
  else if (row.trend === 'worsening') sentences.push('It has been getting worse over the last few years.')
  else if (row.trendLabel === 'No significant change')
    sentences.push('It has not changed much over the last few years.')
  return sentences
}
