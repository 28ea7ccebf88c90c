/**
 * The words Fingertips uses, exactly as it prints them (fingertips-open SignificanceFormatter.cs,
 * TrendMarkerLabelProvider.cs), and polarity.
 */

/** Whether a higher value is good, bad, or neither (Fingertips' RAG high/low and BOB polarities). */
export const Polarity = {
  highIsGood: 'high-is-good',
  lowIsGood: 'low-is-good',
  noJudgement: 'no-judgement',
} as const
export type Polarity = (typeof Polarity)[keyof typeof Polarity]

/** Comparison of a value with a benchmark (England, region, or another comparator). */
export const ComparisonLabel = {
  better: 'Better',
  similar: 'Similar',
  worse: 'Worse',
  higher: 'Higher',
  lower: 'Lower',
  notCompared: 'Not compared',
} as const
export type ComparisonLabel = (typeof ComparisonLabel)[keyof typeof ComparisonLabel]

/** The strongest outcomes of the two-level (95% and 99.8%) comparison, as the legacy UI showed them. */
export const TwoLevelExtremeLabel = { best: 'Best', worst: 'Worst' } as const
export type TwoLevelExtremeLabel = (typeof TwoLevelExtremeLabel)[keyof typeof TwoLevelExtremeLabel]

/** Comparison with a goal or target. */
export const GoalLabel = { red: 'Red', amber: 'Amber', green: 'Green', notCompared: 'Not compared' } as const
export type GoalLabel = (typeof GoalLabel)[keyof typeof GoalLabel]

/** The recent-trend marker. */
export const TrendLabel = {
  increasingBetter: 'Increasing and getting better',
  increasingWorse: 'Increasing and getting worse',
  decreasingBetter: 'Decreasing and getting better',
  decreasingWorse: 'Decreasing and getting worse',
  increasing: 'Increasing',
  decreasing: 'Decreasing',
  noChange: 'No significant change',
  cannotBeCalculated: 'Cannot be calculated',
} as const
export type TrendLabel = (typeof TrendLabel)[keyof typeof TrendLabel]

/** Quintile labels in Fingertips exports; index 0 is quintile 1. */
export const QUINTILE_LABELS = [
  'Lowest quintile',
  '2nd lowest quintile',
  'Middle quintile',
  '2nd highest quintile',
  'Highest quintile',
] as const
export type QuintileLabel = (typeof QUINTILE_LABELS)[number]

/**
 * Reads a polarity as analysts write it: high / low / none, our own ids, or Fingertips' wording
 * ("RAG - High is good", "Low is good", "No judgement", "BOB"). "Not applicable" is
 * deliberately not read as no judgement: Fingertips does not compare such indicators at all. Returns null if not recognised.
 */
export function parsePolarity(text: string): Polarity | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^rag\s*-\s*/, '')
    .replace(/[\s_]+/g, '-')
  if (['high', 'high-is-good', 'higher-is-better', 'high-is-better'].includes(t)) return Polarity.highIsGood
  if (['low', 'low-is-good', 'lower-is-better', 'low-is-better'].includes(t)) return Polarity.lowIsGood
  if (['none', 'no-judgement', 'no-judgment', 'bob', 'blue-orange-blue'].includes(t)) return Polarity.noJudgement
  return null
}
