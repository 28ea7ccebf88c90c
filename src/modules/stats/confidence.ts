/**
 * Confidence levels and the shape every interval estimate in this module returns.
 */
import { qnorm } from './distributions.js'

/** The two levels Fingertips publishes: 95% and 99.8% (roughly 2 and 3 standard errors). */
export const CONFIDENCE_95 = 0.95
export const CONFIDENCE_99_8 = 0.998
export const DEFAULT_CONFIDENCE_LEVELS: readonly number[] = [CONFIDENCE_95, CONFIDENCE_99_8]

/** Lower and upper limits at one confidence level; null where the method gives no limit (R's NA). */
export interface ConfidenceLimits {
  readonly confidence: number
  readonly lower: number | null
  readonly upper: number | null
}

/** A value with its limits, one entry per requested confidence level, in the order requested. */
export interface Estimate {
  readonly value: number | null
  readonly limits: readonly ConfidenceLimits[]
}

/** Throws unless the level is a fraction in (0, 1]. */
export function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence <= 1)) {
    throw new RangeError(`confidence must be a fraction in (0, 1], e.g. 0.95 or 0.998; got ${confidence}`)
  }
  return confidence
}

/** One level or several, as given by a caller; always returns a checked array. */
export function confidenceLevels(confidence: number | readonly number[] | undefined): readonly number[] {
  const levels =
    confidence === undefined ? DEFAULT_CONFIDENCE_LEVELS : typeof confidence === 'number' ? [confidence] : confidence
  if (levels.length === 0) throw new RangeError('at least one confidence level is needed')
  return levels.map(checkConfidence)
}

/**
 * Reads a level written as a fraction (0.95, 0.998) or a percentage (95, 99.8), as PHEindicatormethods
 * accepts both; percentages are taken as values from 50 to 100.
 */
export function parseConfidence(input: number): number {
  const PERCENT_FROM = 50
  return checkConfidence(input >= PERCENT_FROM && input <= 100 ? input / 100 : input)
}

/**
 * Two-sided standard normal critical value: qnorm(c + (1 − c)/2), written exactly as
 * PHEindicatormethods writes it so that the probabilities round the same way (0.975, 0.999).
 */
export function twoSidedZ(confidence: number): number {
  checkConfidence(confidence)
  return qnorm(confidence + (1 - confidence) / 2)
}

/** The limits at one level, if that level was computed. */
export function limitsAt(estimate: Estimate, confidence: number): ConfidenceLimits | undefined {
  return estimate.limits.find((l) => l.confidence === confidence)
}

/** Rejects NaN and infinities in inputs that must be ordinary numbers. */
export function checkFinite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`)
  return value
}
