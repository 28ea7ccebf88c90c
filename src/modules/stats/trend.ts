/**
 * The Fingertips recent-trend marker (fingertips-open TrendMarkerCalculator, ported unchanged into
 * FingertipsNext's trend-analysis app; eligibility as FingertipsNext's TrendRequest).
 *
 * Model: weighted least squares of value on time over the 5 most recent points, weights 1/SE² with
 * SE taken from each point's 95% interval; significant when (slope/SE)² exceeds the 99.8% point of
 * chi-square(1) and the slope keeps its sign when each point in turn is left out.
 */
import { qchisq } from './distributions.js'
import { CONFIDENCE_99_8 } from './confidence.js'
import { Polarity, TrendLabel } from './labels.js'

export const TREND_POINTS = 5
/** Critical value of the slope test: qchisq(0.998, 1) = 9.5495…, a 99.8% test. */
export const TREND_CHI_SQUARE_THRESHOLD = qchisq(CONFIDENCE_99_8, 1)
/**
 * Fingertips turns a 95% interval into a standard error by dividing its width by 3.92 (= 2 × 1.96).
 * This is Fingertips' own literal, kept as written so that borderline results match the published
 * markers exactly; it is not used to make intervals.
 */
export const FINGERTIPS_95_WIDTH_IN_SE = 3.92

/** Value types the trend applies to (FingertipsNext adds DSRs to legacy's proportions and crude rates). */
export const TrendValueType = {
  proportion: 'proportion',
  crudeRate: 'crude rate',
  directlyStandardisedRate: 'directly standardised rate',
  other: 'other',
} as const
export type TrendValueType = (typeof TrendValueType)[keyof typeof TrendValueType]

/** Reads a value type as written in Fingertips metadata or by analysts; anything else is 'other'. */
export function parseTrendValueType(text: string): TrendValueType {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
  if (['proportion', 'percentage', 'percent'].includes(t)) return TrendValueType.proportion
  if (['crude rate', 'rate'].includes(t)) return TrendValueType.crudeRate
  if (['directly standardised rate', 'directly standardized rate', 'dsr'].includes(t))
    return TrendValueType.directlyStandardisedRate
  return TrendValueType.other
}

export interface TrendPoint {
  /** The period's start year (or any increasing number); periods must be distinct. */
  readonly period: number
  readonly value: number | null
  readonly lower95: number | null
  readonly upper95: number | null
  readonly count: number | null
  readonly denominator: number | null
}

export interface TrendOptions {
  readonly valueType: TrendValueType
  readonly polarity: Polarity
  /** Years each period spans; the trend needs single-year periods. Default 1. */
  readonly yearRange?: number
}

export const TrendMarker = {
  increasing: 'increasing',
  decreasing: 'decreasing',
  noChange: 'no-change',
  cannotBeCalculated: 'cannot-be-calculated',
} as const
export type TrendMarker = (typeof TrendMarker)[keyof typeof TrendMarker]

export interface TrendResult {
  readonly label: TrendLabel
  readonly marker: TrendMarker
  readonly slope: number | null
  readonly chiSquare: number | null
  readonly pointsUsed: number
  /** Why the trend could not be calculated or tested; empty when it was. */
  readonly message: string
}

const isNumber = (v: number | null): v is number => v !== null && Number.isFinite(v)

function cannot(message: string): TrendResult {
  return {
    label: TrendLabel.cannotBeCalculated,
    marker: TrendMarker.cannotBeCalculated,
    slope: null,
    chiSquare: null,
    pointsUsed: 0,
    message,
  }
}

export function trendLabel(marker: TrendMarker, polarity: Polarity): TrendLabel {
  if (marker === TrendMarker.cannotBeCalculated) return TrendLabel.cannotBeCalculated
  if (marker === TrendMarker.noChange) return TrendLabel.noChange
  const up = marker === TrendMarker.increasing
  if (polarity === Polarity.noJudgement) return up ? TrendLabel.increasing : TrendLabel.decreasing
  const better = up === (polarity === Polarity.highIsGood)
  if (up) return better ? TrendLabel.increasingBetter : TrendLabel.increasingWorse
  return better ? TrendLabel.decreasingBetter : TrendLabel.decreasingWorse
}

/** Weighted slope and its chi-square; t = 1..n over the points in time order. */
export function weightedSlope(points: readonly { value: number; weight: number; t: number }[]): {
  slope: number
  chiSquare: number
} {
  let s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0,
    s5 = 0
  for (const { value, weight, t } of points) {
    s1 += weight
    s2 += weight * value * t
    s3 += weight * t
    s4 += weight * value
    s5 += weight * t * t
  }
  const determinant = s1 * s5 - s3 * s3
  const slope = (s1 * s2 - s3 * s4) / determinant
  const standardError = Math.sqrt(s1 / determinant)
  return { slope, chiSquare: (slope / standardError) ** 2 }
}

export function recentTrend(points: readonly TrendPoint[], options: TrendOptions): TrendResult {
  if (options.valueType === TrendValueType.other)
    return cannot('The recent trend cannot be calculated for this value type')
  if ((options.yearRange ?? 1) !== 1) return cannot('The recent trend cannot be calculated for this year range')
  if (points.length < TREND_POINTS) return cannot('Not enough data points to calculate recent trend')
  const periods = new Set(points.map((p) => p.period))
  if (periods.size !== points.length) throw new RangeError('each period may appear only once in a series')
  // Count and denominator are what the test is about; a missing value means suppressed data.
  const valid = points.filter((p) => isNumber(p.value) && isNumber(p.count) && isNumber(p.denominator))
  if (valid.length < TREND_POINTS) return cannot('Not enough data points with valid values to calculate recent trend')
  if (valid.some((p) => p.count === p.denominator))
    return cannot('The recent trend cannot be calculated when a count equals its denominator')
  const recent = valid
    .filter((p) => isNumber(p.lower95) && isNumber(p.upper95) && (p.upper95 as number) > (p.lower95 as number))
    .sort((a, b) => b.period - a.period)
    .slice(0, TREND_POINTS)
    .reverse()
  if (recent.length < TREND_POINTS) {
    // FingertipsNext reports no significant change when the intervals needed to weight the points are missing.
    return {
      label: TrendLabel.noChange,
      marker: TrendMarker.noChange,
      slope: null,
      chiSquare: null,
      pointsUsed: recent.length,
      message: 'Fewer than 5 recent points have a 95% confidence interval, so no trend can be shown',
    }
  }
  const weighted = recent.map((p, i) => ({
    value: p.value as number,
    weight: 1 / (((p.upper95 as number) - (p.lower95 as number)) / FINGERTIPS_95_WIDTH_IN_SE) ** 2,
    t: i + 1,
  }))
  const full = weightedSlope(weighted)
  // Outlier check: the direction must survive leaving out any one point (t keeps its original value).
  const signs = [
    full.slope,
    ...weighted.map((_, skip) => weightedSlope(weighted.filter((__, i) => i !== skip)).slope),
  ].map((s) => (s < 0 ? -1 : 1))
  const consistent = signs.every((s) => s === signs[0])
  const significant = consistent && full.chiSquare > TREND_CHI_SQUARE_THRESHOLD
  const marker =
    !significant || full.slope === 0
      ? TrendMarker.noChange
      : full.slope > 0
        ? TrendMarker.increasing
        : TrendMarker.decreasing
  return {
    label: trendLabel(marker, options.polarity),
    marker,
    slope: full.slope,
    chiSquare: full.chiSquare,
    pointsUsed: TREND_POINTS,
    message: '',
  }
}
