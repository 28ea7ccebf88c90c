/**
 * "Turning the curve": where an indicator is heading if nothing changes, and whether that meets
 * its target.
 *
 * Model: a straight line fitted to the most recent N points (default 5, as the recent trend) by
 * weighted least squares, weights 1/SE² from each point's 95% interval when every point has one
 * (precise points count for more), otherwise equal weights. The band is a prediction interval
 * for the value that would be observed: t(N−2) × sqrt(σ²(1/w + 1/Σw + (t − t̄)²/Sxx)), where σ² is
 * the weighted residual variance (so year-to-year noise beyond sampling error widens the band) and
 * w, the weight of a future point, is the latest point's weight.
 */
import { CONFIDENCE_95, checkConfidence, twoSidedZ } from './confidence.js'
import { qt } from './distributions.js'
import { Polarity } from './labels.js'

export const FORECAST_DEFAULT_POINTS = 5
/** Two parameters are fitted, so a band needs at least one residual degree of freedom. */
export const FORECAST_MIN_POINTS = 3

export interface HistoryPoint {
  readonly period: number
  readonly value: number
  readonly lower95?: number | null
  readonly upper95?: number | null
}

export interface ProjectedPoint {
  readonly period: number
  readonly value: number
  readonly lower: number
  readonly upper: number
}

export interface Projection {
  /** Change per period. */
  readonly slope: number
  readonly intercept: number
  readonly weighted: boolean
  readonly pointsUsed: number
  readonly confidence: number
  readonly at: (period: number) => ProjectedPoint
}

export function project(
  history: readonly HistoryPoint[],
  options: { readonly points?: number; readonly confidence?: number } = {},
): Projection {
  const n = options.points ?? FORECAST_DEFAULT_POINTS
  const confidence = checkConfidence(options.confidence ?? CONFIDENCE_95)
  if (!(Number.isInteger(n) && n >= FORECAST_MIN_POINTS))
    throw new RangeError(`need to use at least ${FORECAST_MIN_POINTS} points`)
  const recent = history
    .filter((p) => Number.isFinite(p.value) && Number.isFinite(p.period))
    .sort((a, b) => a.period - b.period)
    .slice(-n)
  if (recent.length < FORECAST_MIN_POINTS)
    throw new RangeError(`a projection needs at least ${FORECAST_MIN_POINTS} points with values`)
  if (new Set(recent.map((p) => p.period)).size !== recent.length)
    throw new RangeError('each period may appear only once')

  const z95 = twoSidedZ(CONFIDENCE_95)
  const hasWidths = recent.every(
    (p) => typeof p.lower95 === 'number' && typeof p.upper95 === 'number' && p.upper95 > p.lower95,
  )
  const w = recent.map((p) => (hasWidths ? 1 / (((p.upper95 as number) - (p.lower95 as number)) / (2 * z95)) ** 2 : 1))
  const sw = w.reduce((a, b) => a + b, 0)
  const tBar = recent.reduce((s, p, i) => s + w[i] * p.period, 0) / sw
  const yBar = recent.reduce((s, p, i) => s + w[i] * p.value, 0) / sw
  const sxx = recent.reduce((s, p, i) => s + w[i] * (p.period - tBar) ** 2, 0)
  const slope = recent.reduce((s, p, i) => s + w[i] * (p.period - tBar) * (p.value - yBar), 0) / sxx
  const intercept = yBar - slope * tBar
  const df = recent.length - 2
  const sigma2 = recent.reduce((s, p, i) => s + w[i] * (p.value - intercept - slope * p.period) ** 2, 0) / df
  const futureWeight = w[w.length - 1]
  const tCrit = qt(1 - (1 - confidence) / 2, df)
  return {
    slope,
    intercept,
    weighted: hasWidths,
    pointsUsed: recent.length,
    confidence,
    at: (period) => {
      const value = intercept + slope * period
      const half = tCrit * Math.sqrt(sigma2 * (1 / futureWeight + 1 / sw + (period - tBar) ** 2 / sxx))
      return { period, value, lower: value - half, upper: value + half }
    },
  }
}

export const ProgressLabel = { onTrack: 'On track', offTrack: 'Off track', achieved: 'Achieved' } as const
export type ProgressLabel = (typeof ProgressLabel)[keyof typeof ProgressLabel]

export interface Target {
  readonly value: number
  /** The period by which the target should be met. */
  readonly period: number
  /** Met when the value is at least, or at most, the target. */
  readonly direction: 'at-least' | 'at-most'
}

/** The direction a target is met in, from the indicator's polarity (none for no-judgement). */
export function targetDirection(polarity: Polarity): Target['direction'] | null {
  if (polarity === Polarity.highIsGood) return 'at-least'
  if (polarity === Polarity.lowIsGood) return 'at-most'
  return null
}

/**
 * Rule: "Achieved" when the latest observed value already meets the target; otherwise "On track"
 * when the projection's central value at the target period meets it; otherwise "Off track".
 * The band is reported alongside so readers can see how sure the call is.
 */
export function progressAgainstTarget(
  history: readonly HistoryPoint[],
  target: Target,
  options: { readonly points?: number; readonly confidence?: number } = {},
): { readonly label: ProgressLabel; readonly projected: ProjectedPoint; readonly projection: Projection } {
  const meets = (v: number): boolean => (target.direction === 'at-least' ? v >= target.value : v <= target.value)
  const projection = project(history, options)
  const latest = [...history]
    .filter((p) => Number.isFinite(p.value))
    .sort((a, b) => a.period - b.period)
    .at(-1) as HistoryPoint
  const projected = projection.at(target.period)
  const label = meets(latest.value)
    ? ProgressLabel.achieved
    : meets(projected.value)
      ? ProgressLabel.onTrack
      : ProgressLabel.offTrack
  return { label, projected, projection }
}
