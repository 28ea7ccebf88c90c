/**
 * Counts and crude rates with Poisson intervals (PHEindicatormethods phe_rate, byars_lower/upper).
 * The interval is found for the count, then divided by the denominator and scaled.
 */
import { checkFinite, confidenceLevels, twoSidedZ, type Estimate } from './confidence.js'
import { qchisq } from './distributions.js'

/**
 * 'exact': exact Poisson (chi-square) limits at every count;
 * 'byar': Byar's approximation at every count;
 * 'poisson': the PHEindicatormethods rule, exact below 10 events and Byar's from 10.
 */
export const RateMethod = { exact: 'exact', byar: 'byar', poisson: 'poisson' } as const
export type RateMethod = (typeof RateMethod)[keyof typeof RateMethod]

/** The method actually applied to a count, named as PHEindicatormethods names it. */
export const AppliedRateMethod = { exact: 'Exact', byars: 'Byars' } as const
export type AppliedRateMethod = (typeof AppliedRateMethod)[keyof typeof AppliedRateMethod]

/** PHEindicatormethods uses exact limits below this many events; Byar's is close enough above it. */
export const PHE_EXACT_BELOW = 10
/** Crude rates are usually per 100,000 population. */
export const PER_100_000 = 100_000

function checkCount(x: number): void {
  checkFinite(x, 'count')
  if (x < 0) throw new RangeError(`count must be ≥ 0, got ${x}`)
}

/**
 * Byar's lower limit for a count: x(1 − 1/(9x) − z/(3√x))³ (Breslow & Day 1987).
 * Negative results mean the approximation has broken down: null, as PHEindicatormethods returns NA.
 * A count of 0 has lower limit 0.
 */
export function byarLower(x: number, confidence: number): number | null {
  checkCount(x)
  if (x === 0) return 0
  const z = twoSidedZ(confidence)
  const lower = x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3
  return lower < 0 ? null : lower
}

/** Byar's upper limit for a count: (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³. */
export function byarUpper(x: number, confidence: number): number {
  checkCount(x)
  const z = twoSidedZ(confidence)
  return (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1))) ** 3
}

/** Exact Poisson lower limit: qchisq(α/2, 2x)/2, and 0 for a count of 0. */
export function exactLower(x: number, confidence: number): number {
  checkCount(x)
  if (x === 0) return 0
  return qchisq((1 - confidence) / 2, 2 * x) / 2
}

/** Exact Poisson upper limit: qchisq(1 − α/2, 2x + 2)/2. */
export function exactUpper(x: number, confidence: number): number {
  checkCount(x)
  return qchisq(1 - (1 - confidence) / 2, 2 * x + 2) / 2
}

/** Which method a count gets under the chosen rule. */
export function appliedMethod(x: number, method: RateMethod): AppliedRateMethod {
  if (method === RateMethod.exact) return AppliedRateMethod.exact
  if (method === RateMethod.byar) return AppliedRateMethod.byars
  return x < PHE_EXACT_BELOW ? AppliedRateMethod.exact : AppliedRateMethod.byars
}

/** Limits for the count itself (not divided by a denominator). */
export function countLimits(
  x: number,
  confidence: number,
  method: RateMethod = RateMethod.poisson,
): { lower: number | null; upper: number } {
  return appliedMethod(x, method) === AppliedRateMethod.exact
    ? { lower: exactLower(x, confidence), upper: exactUpper(x, confidence) }
    : { lower: byarLower(x, confidence), upper: byarUpper(x, confidence) }
}

export interface RateOptions {
  /** Per how many of the denominator; default 100,000. */
  readonly multiplier?: number
  /** One level or several; default 0.95 and 0.998. */
  readonly confidence?: number | readonly number[]
  /** Default 'poisson' (the PHEindicatormethods rule). */
  readonly method?: RateMethod
}

export interface RateEstimate extends Estimate {
  /** The method applied to this count; null when the count is missing. */
  readonly method: AppliedRateMethod | null
}

/**
 * Crude rate x / n × multiplier with Poisson limits. Counts may exceed the denominator (events, not
 * people). A missing count or denominator gives a missing estimate, not an error.
 */
export function rate(x: number | null, n: number | null, options: RateOptions = {}): RateEstimate {
  const multiplier = checkFinite(options.multiplier ?? PER_100_000, 'multiplier')
  const method = options.method ?? RateMethod.poisson
  const levels = confidenceLevels(options.confidence)
  if (x !== null) checkCount(x)
  if (n !== null && !(n > 0)) throw new RangeError(`denominator must be > 0, got ${n}`)
  const applied = x === null ? null : appliedMethod(x, method)
  if (x === null || n === null) {
    return {
      value: null,
      method: applied,
      limits: levels.map((confidence) => ({ confidence, lower: null, upper: null })),
    }
  }
  return {
    value: (x / n) * multiplier,
    method: applied,
    limits: levels.map((confidence) => {
      const { lower, upper } = countLimits(x, confidence, method)
      return { confidence, lower: lower === null ? null : (lower / n) * multiplier, upper: (upper / n) * multiplier }
    }),
  }
}

/** A count with its Poisson interval (the rate with denominator 1 and multiplier 1). */
export function count(x: number, options: Omit<RateOptions, 'multiplier'> = {}): RateEstimate {
  return rate(x, 1, { ...options, multiplier: 1 })
}
