/**
 * Fingertips' comparison of an area's stored (published) interval with a benchmark value, and with
 * goals. Every rule first asks "is the area significantly higher or lower?" and only then turns
 * that into Better/Worse by polarity, as fingertips-open's IndicatorComparer does.
 */
import { ComparisonLabel, GoalLabel, Polarity, TwoLevelExtremeLabel } from './labels.js'
import { CONFIDENCE_95, CONFIDENCE_99_8 } from './confidence.js'

/** A published value with its interval at one level. */
export interface StoredInterval {
  readonly value: number | null
  readonly lower: number | null
  readonly upper: number | null
}

/** Direction before polarity is applied. */
type Direction = 'higher' | 'same' | 'lower'

function isNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

function label(direction: Direction, polarity: Polarity): ComparisonLabel {
  if (direction === 'same') return ComparisonLabel.similar
  const higher = direction === 'higher'
  if (polarity === Polarity.noJudgement) return higher ? ComparisonLabel.higher : ComparisonLabel.lower
  return higher === (polarity === Polarity.highIsGood) ? ComparisonLabel.better : ComparisonLabel.worse
}

/**
 * Fingertips comparator method 1: Similar when the area's interval contains the benchmark value
 * (inclusive at both ends); otherwise higher or lower by the area's value. Only the area's interval
 * is used; the benchmark's own interval is ignored. Missing data → "Not compared".
 * Pass the 95% interval for the usual comparison, or the 99.8% one.
 */
export function compareWithBenchmark(
  area: StoredInterval,
  benchmark: number | null,
  polarity: Polarity,
): ComparisonLabel {
  const { value, lower, upper } = area
  if (!isNumber(value) || !isNumber(lower) || !isNumber(upper) || !isNumber(benchmark))
    return ComparisonLabel.notCompared
  if (lower <= benchmark && benchmark <= upper) return ComparisonLabel.similar
  return label(value < benchmark ? 'lower' : 'higher', polarity)
}

export interface TwoLevelInterval {
  readonly value: number | null
  readonly lower95: number | null
  readonly upper95: number | null
  readonly lower99_8: number | null
  readonly upper99_8: number | null
}

export interface TwoLevelComparison {
  /** Better / Similar / Worse (or Higher / Similar / Lower, or Not compared). */
  readonly label: ComparisonLabel
  /** The highest level at which the difference is significant: 0.998, 0.95, or null if not significant. */
  readonly significantAt: typeof CONFIDENCE_95 | typeof CONFIDENCE_99_8 | null
  /** The legacy Fingertips wording: Best / Worst where Better / Worse holds at 99.8% (RAG polarities only). */
  readonly display: ComparisonLabel | TwoLevelExtremeLabel
}

/**
 * Fingertips comparator method 17 (single overlapping CIs at two levels): significant at 99.8% when
 * the benchmark is outside the 99.8% interval, at 95% only when it is outside the 95% interval but
 * inside the 99.8% one. Needs both intervals.
 */
export function compareAtTwoLevels(
  area: TwoLevelInterval,
  benchmark: number | null,
  polarity: Polarity,
): TwoLevelComparison {
  const inputs = [area.value, area.lower95, area.upper95, area.lower99_8, area.upper99_8, benchmark]
  if (!inputs.every(isNumber)) {
    return { label: ComparisonLabel.notCompared, significantAt: null, display: ComparisonLabel.notCompared }
  }
  const [value, lower95, upper95, lower99_8, upper99_8, b] = inputs as number[]
  let direction: Direction
  let significantAt: TwoLevelComparison['significantAt']
  if (lower95 <= b && b <= upper95) [direction, significantAt] = ['same', null]
  else if (lower99_8 <= b && b <= lower95) [direction, significantAt] = ['higher', CONFIDENCE_95]
  else if (upper95 <= b && b <= upper99_8) [direction, significantAt] = ['lower', CONFIDENCE_95]
  else [direction, significantAt] = [value < b ? 'lower' : 'higher', CONFIDENCE_99_8]
  const result = label(direction, polarity)
  let display: TwoLevelComparison['display'] = result
  if (significantAt === CONFIDENCE_99_8 && result === ComparisonLabel.better) display = TwoLevelExtremeLabel.best
  if (significantAt === CONFIDENCE_99_8 && result === ComparisonLabel.worse) display = TwoLevelExtremeLabel.worst
  return { label: result, significantAt, display }
}

/** A goal: one threshold, or a band [lower, upper) between red and green. */
export type Goal =
  | { readonly kind: 'threshold'; readonly limit: number; readonly useConfidenceInterval?: boolean }
  | { readonly kind: 'range'; readonly lower: number; readonly upper: number }

/**
 * Comparison with a goal (fingertips-open SingleValueTargetComparer, RangeTargetComparer):
 * - threshold: green when the value meets it (≥ if high is good, ≤ if low is good), else red;
 *   with useConfidenceInterval, green/red only when the whole 95% interval is on one side, else amber;
 * - range: amber inside [lower, upper), green or red outside by polarity.
 * Goals need a direction, so no-judgement indicators are not compared.
 */
export function compareWithGoal(area: StoredInterval, goal: Goal, polarity: Polarity): GoalLabel {
  if (polarity === Polarity.noJudgement || !isNumber(area.value)) return GoalLabel.notCompared
  const highIsGood = polarity === Polarity.highIsGood
  const good = (isGood: boolean): GoalLabel => (isGood ? GoalLabel.green : GoalLabel.red)
  const v = area.value
  if (goal.kind === 'range') {
    if (v < goal.lower) return good(!highIsGood)
    if (v >= goal.upper) return good(highIsGood)
    return GoalLabel.amber
  }
  if (!goal.useConfidenceInterval) return good(highIsGood ? v >= goal.limit : v <= goal.limit)
  if (!isNumber(area.lower) || !isNumber(area.upper)) return GoalLabel.notCompared
  if (area.lower >= goal.limit) return good(highIsGood)
  if (area.upper < goal.limit) return good(!highIsGood)
  return GoalLabel.amber
}
