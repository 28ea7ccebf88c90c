/**
 * Inequality measures:
 * - the absolute and relative gap between a group and its comparison group, with an interval;
 * - whether the gap is narrowing over time;
 * - the slope and relative indices of inequality (SII, RII) across ordered quantiles, as
 *   PHEindicatormethods phe_sii (Low & Low, J Public Health 2004;26:388-95).
 */
import {
  CONFIDENCE_95,
  CONFIDENCE_99_8,
  checkConfidence,
  confidenceLevels,
  twoSidedZ,
  type ConfidenceLimits,
} from './confidence.js'
import { qchisq } from './distributions.js'
import { normalDeviate, type UniformRandom } from './random.js'
import { weightedSlope } from './trend.js'

export interface ValueWithLimits {
  readonly value: number
  readonly lower: number
  readonly upper: number
}

export interface Gap {
  /** group − comparison, with limits. */
  readonly absolute: ValueWithLimits
  /** group ÷ comparison, with limits; null when a value or limit is not positive. */
  readonly relative: ValueWithLimits | null
}

/**
 * The gap between two independent estimates, from their published intervals (at the same level).
 *
 * Method: MOVER, the "method of variance estimates recovery" (Newcombe 1998; Zou & Donner 2008).
 * It combines each estimate's own distance to its limits, so it respects asymmetric intervals
 * (Wilson, Byar's, exact) and needs no counts; for symmetric intervals it reduces to the usual
 * d ∓ z·sqrt(se1² + se2²). The ratio uses MOVER on the log scale.
 */
export function gap(group: ValueWithLimits, comparison: ValueWithLimits): Gap {
  const difference = moverDifference(group, comparison)
  const positive = [group.value, group.lower, group.upper, comparison.value, comparison.lower, comparison.upper].every(
    (v) => v > 0,
  )
  if (!positive) return { absolute: difference, relative: null }
  const logged = (e: ValueWithLimits): ValueWithLimits => ({
    value: Math.log(e.value),
    lower: Math.log(e.lower),
    upper: Math.log(e.upper),
  })
  const logRatio = moverDifference(logged(group), logged(comparison))
  return {
    absolute: difference,
    relative: { value: Math.exp(logRatio.value), lower: Math.exp(logRatio.lower), upper: Math.exp(logRatio.upper) },
  }
}

function moverDifference(a: ValueWithLimits, b: ValueWithLimits): ValueWithLimits {
  for (const e of [a, b]) {
    if (!(e.lower <= e.value && e.value <= e.upper))
      throw new RangeError(`limits must surround the value: ${e.lower} ≤ ${e.value} ≤ ${e.upper}`)
  }
  const d = a.value - b.value
  return {
    value: d,
    lower: d - Math.hypot(a.value - a.lower, b.upper - b.value),
    upper: d + Math.hypot(a.upper - a.value, b.value - b.lower),
  }
}

export const GapTrendLabel = {
  narrowing: 'Narrowing',
  widening: 'Widening',
  noChange: 'No significant change',
  cannotBeCalculated: 'Cannot be calculated',
} as const
export type GapTrendLabel = (typeof GapTrendLabel)[keyof typeof GapTrendLabel]

export interface GapAtPeriod {
  readonly period: number
  readonly group: ValueWithLimits
  readonly comparison: ValueWithLimits
}

/** Fewest periods for a gap trend: a slope and its variance need at least three points. */
export const GAP_TREND_MIN_PERIODS = 3

/**
 * Is the absolute gap narrowing? Fits the Fingertips trend model to the gap series (weighted least
 * squares of gap on time, weights 1/SE² with SE from each gap's MOVER interval) and tests the slope
 * by chi-square at `confidence` (default 99.8%, as the recent trend). A significant slope towards zero
 * (opposite in sign to the latest gap) is narrowing, away from zero widening.
 * `intervalConfidence` is the level of the intervals supplied (default 95%).
 */
export function gapTrend(
  series: readonly GapAtPeriod[],
  options: { readonly confidence?: number; readonly intervalConfidence?: number } = {},
): { readonly label: GapTrendLabel; readonly slope: number | null; readonly chiSquare: number | null } {
  const confidence = checkConfidence(options.confidence ?? CONFIDENCE_99_8)
  const z = twoSidedZ(options.intervalConfidence ?? CONFIDENCE_95)
  if (series.length < GAP_TREND_MIN_PERIODS)
    return { label: GapTrendLabel.cannotBeCalculated, slope: null, chiSquare: null }
  const sorted = [...series].sort((x, y) => x.period - y.period)
  const gaps = sorted.map((p) => gap(p.group, p.comparison).absolute)
  if (gaps.some((g) => !(g.upper > g.lower)))
    return { label: GapTrendLabel.cannotBeCalculated, slope: null, chiSquare: null }
  const { slope, chiSquare } = weightedSlope(
    gaps.map((g, i) => ({ value: g.value, weight: 1 / ((g.upper - g.lower) / (2 * z)) ** 2, t: sorted[i].period })),
  )
  const latest = gaps[gaps.length - 1].value
  if (!(chiSquare > qchisq(confidence, 1)) || slope === 0) return { label: GapTrendLabel.noChange, slope, chiSquare }
  return {
    label: Math.sign(slope) === -Math.sign(latest) ? GapTrendLabel.narrowing : GapTrendLabel.widening,
    slope,
    chiSquare,
  }
}

// ---------------------------------------------------------------------------------------------
// Slope index of inequality

/** How the value is modelled: 'normal' (e.g. life expectancy), 'rate' (log), 'proportion' (logit). */
export const SiiValueType = { normal: 'normal', rate: 'rate', proportion: 'proportion' } as const
export type SiiValueType = (typeof SiiValueType)[keyof typeof SiiValueType]

export interface SiiQuantile {
  /** Orders the quantiles: by convention 1 = most deprived. */
  readonly quantile: number
  readonly population: number
  /** Proportions as fractions (0-1). */
  readonly value: number
  /** Standard error on the model scale (log for rates, logit for proportions); or give lower and upper. */
  readonly se?: number
  /** The value's 95% limits. */
  readonly lower?: number
  readonly upper?: number
}

export interface SiiOptions {
  readonly valueType?: SiiValueType
  /** Scales the SII; negative flips its sign and inverts the RII (for "higher is worse" framing). */
  readonly multiplier?: number
  /** Fit on the log/logit scale instead of the value scale (needs limits, not se). */
  readonly transform?: boolean
  readonly confidence?: number | readonly number[]
  /** Simulation draws for the intervals; PHEindicatormethods' default is 100,000. */
  readonly repetitions?: number
  /** Uniform (0,1) source for the simulation; pass seededRandom(seed) for reproducible intervals. */
  readonly random?: UniformRandom
}

export interface SiiResult {
  readonly sii: number
  readonly rii: number
  /** The fitted value at the bottom of the social scale (x = 0), on the value scale. */
  readonly intercept: number
  /** Present when a random source was given. */
  readonly siiLimits: readonly ConfidenceLimits[] | null
  readonly riiLimits: readonly ConfidenceLimits[] | null
}

export const SII_MIN_QUANTILES = 5
export const SII_MAX_QUANTILES = 100
export const SII_MIN_REPETITIONS = 1000
export const SII_DEFAULT_REPETITIONS = 100_000

interface Link {
  readonly to: (v: number) => number
  readonly from: (v: number) => number
}

const LINKS: Record<SiiValueType, Link> = {
  normal: { to: (v) => v, from: (v) => v },
  rate: { to: Math.log, from: Math.exp },
  proportion: { to: (v) => Math.log(v / (1 - v)), from: (v) => Math.exp(v) / (1 + Math.exp(v)) },
}

/** Weighted least squares without an intercept term: y√a = β0·√a + β1·(b√a). */
function fit(sqrtA: readonly number[], bSqrtA: readonly number[], y: readonly number[]): { b0: number; b1: number } {
  let s11 = 0,
    s12 = 0,
    s22 = 0,
    t1 = 0,
    t2 = 0
  for (let i = 0; i < y.length; i++) {
    const yw = y[i] * sqrtA[i]
    s11 += sqrtA[i] * sqrtA[i]
    s12 += sqrtA[i] * bSqrtA[i]
    s22 += bSqrtA[i] * bSqrtA[i]
    t1 += sqrtA[i] * yw
    t2 += bSqrtA[i] * yw
  }
  const det = s11 * s22 - s12 * s12
  return { b0: (s22 * t1 - s12 * t2) / det, b1: (s11 * t2 - s12 * t1) / det }
}

/** R's round(): halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v)
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** The simulated values at positions round(R·α/2) and round(R·(1 − α/2)) of the sorted draws. */
function simulatedLimits(sorted: Float64Array, confidence: number): [number, number] {
  const reps = sorted.length
  const alpha = 1 - confidence
  return [sorted[roundHalfEven(reps * (alpha / 2)) - 1], sorted[roundHalfEven(reps * (1 - alpha / 2)) - 1]]
}

export function sii(quantiles: readonly SiiQuantile[], options: SiiOptions = {}): SiiResult {
  const valueType = options.valueType ?? SiiValueType.normal
  const multiplier = options.multiplier ?? 1
  const transform = options.transform ?? false
  const link = LINKS[valueType]
  const rows = [...quantiles].sort((x, y) => x.quantile - y.quantile)
  validateSii(rows, valueType, transform, options.repetitions)

  // Relative rank: the midpoint of each quantile's share of the cumulative population.
  const total = rows.reduce((s, r) => s + r.population, 0)
  const share = rows.map((r) => r.population / total)
  let cumulative = 0
  const rank = share.map((a) => {
    const mid = cumulative + a / 2
    cumulative += a
    return mid
  })
  const sqrtA = share.map(Math.sqrt)
  const bSqrtA = rank.map((b, i) => b * sqrtA[i])
  const y = rows.map((r) => link.to(r.value))
  const z95 = twoSidedZ(CONFIDENCE_95)
  const se = rows.map((r) => r.se ?? (link.to(r.upper as number) - link.to(r.lower as number)) / z95 / 2)
  const { b0, b1 } = fit(sqrtA, bSqrtA, transform ? y : y.map(link.from))

  const invertRii = multiplier < 0
  const point = transform
    ? {
        sii: (link.from(b0 + b1) - link.from(b0)) * multiplier,
        rii: ratio(link.from(b0 + b1), link.from(b0), invertRii),
        intercept: link.from(b0) * Math.abs(multiplier),
      }
    : { sii: b1 * multiplier, rii: ratio(b0 + b1, b0, invertRii), intercept: b0 }
  if (!options.random) return { ...point, siiLimits: null, riiLimits: null }

  // Simulation: redraw every quantile's value from Normal(y, se) on the model scale and refit.
  const reps = options.repetitions ?? SII_DEFAULT_REPETITIONS
  const siiDraws = new Float64Array(reps)
  const riiDraws = new Float64Array(reps)
  const drawn = new Array<number>(rows.length)
  for (let r = 0; r < reps; r++) {
    for (let q = 0; q < rows.length; q++) {
      const d = y[q] + se[q] * normalDeviate(options.random)
      drawn[q] = transform ? d : link.from(d)
    }
    const f = fit(sqrtA, bSqrtA, drawn)
    siiDraws[r] = f.b1
    riiDraws[r] = ratio(f.b0 + f.b1, f.b0, invertRii)
  }
  siiDraws.sort()
  riiDraws.sort()
  const levels = confidenceLevels(options.confidence ?? CONFIDENCE_95)
  const midpoint = b0 + b1 / 2
  const siiLimits = levels.map((confidence) => {
    const [lo, hi] = simulatedLimits(siiDraws, confidence)
    const [a, b] = transform
      ? [backTransformedSii(lo, midpoint, link), backTransformedSii(hi, midpoint, link)]
      : [lo, hi]
    const ends = [a * multiplier, b * multiplier].sort((u, v) => u - v)
    return { confidence, lower: ends[0], upper: ends[1] }
  })
  const riiLimits = levels.map((confidence) => {
    if (transform) {
      const [lo, hi] = simulatedLimits(siiDraws, confidence)
      const ends = [lo, hi]
        .map((s) => ratio(link.from(midpoint + s / 2), link.from(midpoint - s / 2), invertRii))
        .sort((u, v) => u - v)
      return { confidence, lower: ends[0], upper: ends[1] }
    }
    const [lo, hi] = simulatedLimits(riiDraws, confidence)
    return { confidence, lower: lo, upper: hi }
  })
  return { ...point, siiLimits, riiLimits }
}

function ratio(top: number, bottom: number, invert: boolean): number {
  return invert ? bottom / top : top / bottom
}

/**
 * With transform, a simulated model-scale slope s is centred on the fitted midpoint (x = ½) and
 * turned back into a value-scale SII: g⁻¹(mid + s/2) − g⁻¹(mid − s/2), as phe_sii does.
 */
function backTransformedSii(s: number, midpoint: number, link: Link): number {
  return link.from(midpoint + s / 2) - link.from(midpoint - s / 2)
}

function validateSii(
  rows: readonly SiiQuantile[],
  valueType: SiiValueType,
  transform: boolean,
  repetitions: number | undefined,
): void {
  if (rows.length < SII_MIN_QUANTILES || rows.length > SII_MAX_QUANTILES) {
    throw new RangeError(
      `the number of quantiles must be between ${SII_MIN_QUANTILES} and ${SII_MAX_QUANTILES}, got ${rows.length}`,
    )
  }
  if (new Set(rows.map((r) => r.quantile)).size !== rows.length)
    throw new RangeError('each quantile may appear only once')
  if (transform && valueType === SiiValueType.normal)
    throw new RangeError('transform needs a rate or proportion value type')
  if (repetitions !== undefined && !(Number.isInteger(repetitions) && repetitions >= SII_MIN_REPETITIONS)) {
    throw new RangeError(`repetitions must be a whole number ≥ ${SII_MIN_REPETITIONS}`)
  }
  for (const r of rows) {
    if (!(r.population > 0)) throw new RangeError(`quantile ${r.quantile}: population must be > 0`)
    if (!Number.isFinite(r.value)) throw new RangeError(`quantile ${r.quantile}: value is missing`)
    const hasLimits = r.lower !== undefined && r.upper !== undefined
    if (transform && (r.se !== undefined || !hasLimits))
      throw new RangeError('transform needs lower and upper limits instead of se')
    if (r.se === undefined && !hasLimits)
      throw new RangeError(`quantile ${r.quantile}: give se, or lower and upper limits`)
    if (r.se !== undefined && !(r.se >= 0)) throw new RangeError(`quantile ${r.quantile}: se must be ≥ 0`)
    if (valueType === SiiValueType.proportion) {
      const inRange = (v: number | undefined): boolean => v === undefined || (v >= 0 && v <= 1)
      if (![r.value, r.lower, r.upper].every(inRange))
        throw new RangeError(`quantile ${r.quantile}: proportions must be between 0 and 1`)
    }
  }
}
