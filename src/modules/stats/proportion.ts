/**
 * Proportions with Wilson score intervals (PHEindicatormethods phe_proportion, wilson_lower/upper).
 * Wilson is used because, unlike the normal approximation, it stays inside [0, 1] and is sensible
 * for 0 and 100% (Newcombe & Altman, Statistics with Confidence, 2000).
 */
import { checkFinite, confidenceLevels, twoSidedZ, type Estimate } from './confidence.js'

export const WILSON_METHOD = 'Wilson'
/** Fingertips shows proportions as percentages. */
export const PERCENTAGE = 100

export interface Limits {
  readonly lower: number
  readonly upper: number
}

/**
 * Wilson limits for x successes out of n, as fractions:
 * (2x + z² ∓ z·sqrt(z² + 4x(1 − x/n))) / (2(n + z²)).
 * 0 successes give a lower limit of exactly 0 and n successes an upper limit of exactly 1 (the
 * formula does too, in exact arithmetic; rounding in sqrt(z²) could leave ±1e-17, so we say so).
 */
export function wilsonLimits(x: number, n: number, confidence: number): Limits {
  checkFinite(x, 'numerator')
  checkFinite(n, 'denominator')
  if (x < 0) throw new RangeError(`numerator must be ≥ 0, got ${x}`)
  if (n <= 0) throw new RangeError(`denominator must be > 0, got ${n}`)
  if (x > n) throw new RangeError(`numerator (${x}) must not exceed denominator (${n}) for a proportion`)
  if (confidence === 1) return { lower: 0, upper: 1 }
  const z = twoSidedZ(confidence)
  const z2 = z * z
  const centre = 2 * x + z2
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n))
  const scale = 2 * (n + z2)
  const lower = x === 0 ? 0 : clamp01((centre - spread) / scale)
  const upper = x === n ? 1 : clamp01((centre + spread) / scale)
  return { lower, upper }
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v))
}

export interface ProportionOptions {
  /** 1 for a proportion, 100 (the default) for a percentage. */
  readonly multiplier?: number
  /** One level or several; default 0.95 and 0.998. */
  readonly confidence?: number | readonly number[]
}

/**
 * x / n × multiplier with Wilson limits. A missing numerator or denominator gives a missing
 * estimate (as R's NA does), not an error.
 */
export function proportion(x: number | null, n: number | null, options: ProportionOptions = {}): Estimate {
  const multiplier = checkFinite(options.multiplier ?? PERCENTAGE, 'multiplier')
  const levels = confidenceLevels(options.confidence)
  if (x === null || n === null) {
    return { value: null, limits: levels.map((confidence) => ({ confidence, lower: null, upper: null })) }
  }
  return {
    value: (x / n) * multiplier,
    limits: levels.map((confidence) => {
      const { lower, upper } = wilsonLimits(x, n, confidence)
      return { confidence, lower: lower * multiplier, upper: upper * multiplier }
    }),
  }
}
