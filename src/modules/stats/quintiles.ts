/**
 * Ranks and quantile groups among comparator areas, two ways:
 * - quantileGroups: PHEindicatormethods phe_quantile (used for deprivation deciles and the like);
 * - fingertipsQuintile: legacy Fingertips' quintile comparator (fingertips-open
 *   ValueCategoriesCalculator / QuintilesComparer), Excel PERCENTILE.INC bounds.
 */
import { ComparisonLabel, Polarity, QUINTILE_LABELS, type QuintileLabel } from './labels.js'

/** Rank with ties sharing the lowest rank (R's ties.method = "min"); missing values get null. */
export function rankMin(values: readonly (number | null)[]): (number | null)[] {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v))
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : 1 + present.filter((w) => w < v).length))
}

/**
 * PHEindicatormethods phe_quantile: rank = rank(invert ? −value : value, ties "min"), then
 * q = floor((nq + 1) − ceiling(((N + 1) − rank) / (N / nq))), with 0 raised to 1. With invert (the
 * default) quantile 1 holds the highest values. Fewer valid values than groups → all null.
 */
export function quantileGroups(values: readonly (number | null)[], groups: number, invert = true): (number | null)[] {
  if (!(Number.isInteger(groups) && groups >= 2))
    throw new RangeError(`need a whole number of groups ≥ 2, got ${groups}`)
  const ranks = rankMin(values.map((v) => (v === null ? null : invert ? -v : v)))
  const n = ranks.filter((r) => r !== null).length
  if (n < groups) return values.map(() => null)
  return ranks.map((rank) => {
    if (rank === null) return null
    const q = Math.floor(groups + 1 - Math.ceil((n + 1 - rank) / (n / groups)))
    return q === 0 ? 1 : q
  })
}

/** Fingertips needs this many values before it will place an area in a quintile. */
export const FINGERTIPS_QUINTILE_MIN_AREAS = 5
const QUINTILES = 5
/** Fingertips rounds percentile bounds to 10 decimal places. */
const BOUND_DECIMALS = 10

/** Excel PERCENTILE.INC on sorted values: h = (N − 1)p + 1, interpolate between v_floor(h) and the next. */
export function percentileInc(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p + 1
  const k = Math.floor(h)
  const d = h - k
  const low = sorted[k - 1]
  const high = sorted[Math.min(k, sorted.length - 1)]
  return low + d * (high - low)
}

function roundTo(v: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.round(v * f) / f
}

export interface QuintileResult {
  /** 1-5; with high-is-good polarity 1 is the worst fifth, otherwise 1 holds the lowest values. */
  readonly quintile: number | null
  readonly label: QuintileLabel | typeof ComparisonLabel.notCompared
}

/**
 * Legacy Fingertips quintile of one value among its comparators (including itself). Bounds are
 * [min, P20, P40, P60, P80, max]; the quintile is the first i with value ≤ bound i. For high-is-good
 * indicators the number is reversed (6 − i), while the export label still names the number
 * (SignificanceFormatter maps the integer straight to the label).
 */
export function fingertipsQuintile(
  value: number | null,
  comparators: readonly (number | null)[],
  polarity: Polarity,
): QuintileResult {
  const sorted = comparators.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  if (value === null || !Number.isFinite(value) || sorted.length < FINGERTIPS_QUINTILE_MIN_AREAS) {
    return { quintile: null, label: ComparisonLabel.notCompared }
  }
  const bounds = Array.from({ length: QUINTILES }, (_, i) =>
    roundTo(percentileInc(sorted, (i + 1) / QUINTILES), BOUND_DECIMALS),
  )
  const position = bounds.findIndex((bound) => value <= bound) + 1 || QUINTILES
  const quintile = polarity === Polarity.highIsGood ? QUINTILES + 1 - position : position
  return { quintile, label: QUINTILE_LABELS[quintile - 1] }
}
