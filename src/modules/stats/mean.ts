/**
 * Means with Student's t intervals (PHEindicatormethods phe_mean): value ∓ t(α/2, N−1)·sd/√N.
 * The t distribution (not the normal) because the standard deviation is itself estimated.
 */
import { checkFinite, confidenceLevels, type Estimate } from './confidence.js'
import { qt } from './distributions.js'

export interface MeanEstimate extends Estimate {
  readonly sum: number
  readonly count: number
  /** Sample standard deviation (divisor N − 1). */
  readonly sd: number
}

export interface MeanOptions {
  readonly confidence?: number | readonly number[]
}

/** Limits from a summary: the mean, its sample SD and the number of values (at least 2). */
export function meanFromSummary(mean: number, sd: number, n: number, options: MeanOptions = {}): Estimate {
  checkFinite(mean, 'mean')
  checkFinite(sd, 'standard deviation')
  if (sd < 0) throw new RangeError(`standard deviation must be ≥ 0, got ${sd}`)
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`a t interval needs n ≥ 2 values, got ${n}`)
  const standardError = sd / Math.sqrt(n)
  return {
    value: mean,
    limits: confidenceLevels(options.confidence).map((confidence) => {
      const half = Math.abs(qt((1 - confidence) / 2, n - 1)) * standardError
      return { confidence, lower: mean - half, upper: mean + half }
    }),
  }
}

/** The mean of raw values (missing values are left out, as R's na.rm would). */
export function mean(values: readonly (number | null)[], options: MeanOptions = {}): MeanEstimate {
  const present = values.filter((v): v is number => v !== null).map((v) => checkFinite(v, 'value'))
  const count = present.length
  if (count < 2) throw new RangeError(`a t interval needs at least 2 values, got ${count}`)
  const sum = present.reduce((a, b) => a + b, 0)
  const average = sum / count
  const sd = Math.sqrt(present.reduce((a, v) => a + (v - average) ** 2, 0) / (count - 1))
  return { ...meanFromSummary(average, sd, count, options), sum, count, sd }
}
