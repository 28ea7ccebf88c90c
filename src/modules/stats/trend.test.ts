import { describe, expect, it } from 'vitest'
import { qchisq } from './distributions.js'
import { Polarity, TrendLabel } from './labels.js'
import {
  recentTrend,
  TREND_CHI_SQUARE_THRESHOLD,
  TrendMarker,
  TrendValueType,
  trendLabel,
  weightedSlope,
  type TrendPoint,
} from './trend.js'

/** A series of proportions (%) with 95% limits ±width around each value. */
function series(values: readonly number[], width = 0.5, start = 2015): TrendPoint[] {
  return values.map((value, i) => ({
    period: start + i,
    value,
    lower95: value - width,
    upper95: value + width,
    count: 100 + i,
    denominator: 1000,
  }))
}
const options = { valueType: TrendValueType.proportion, polarity: Polarity.highIsGood }

describe('recentTrend', () => {
  it('uses a 99.8% chi-square test', () => {
    expect(TREND_CHI_SQUARE_THRESHOLD).toBeCloseTo(9.54953570608324, 12)
    expect(TREND_CHI_SQUARE_THRESHOLD).toBe(qchisq(0.998, 1))
  })

  it('finds a clear rise and labels it for each polarity', () => {
    const rising = series([10, 11, 12, 13, 14])
    const result = recentTrend(rising, options)
    expect(result.marker).toBe(TrendMarker.increasing)
    expect(result.label).toBe(TrendLabel.increasingBetter)
    expect(result.slope).toBeCloseTo(1, 12)
    expect(recentTrend(rising, { ...options, polarity: Polarity.lowIsGood }).label).toBe(TrendLabel.increasingWorse)
    expect(recentTrend(rising, { ...options, polarity: Polarity.noJudgement }).label).toBe(TrendLabel.increasing)
    const falling = series([14, 13, 12, 11, 10])
    expect(recentTrend(falling, options).label).toBe(TrendLabel.decreasingWorse)
    expect(recentTrend(falling, { ...options, polarity: Polarity.lowIsGood }).label).toBe(TrendLabel.decreasingBetter)
    expect(recentTrend(falling, { ...options, polarity: Polarity.noJudgement }).label).toBe(TrendLabel.decreasing)
  })

  it('uses only the 5 most recent points, whatever the input order', () => {
    const points = series([50, 10, 11, 12, 13, 14]).reverse()
    expect(recentTrend(points, options).label).toBe(TrendLabel.increasingBetter)
  })

  it('finds no significant change in noise, or when wide intervals hide a rise', () => {
    expect(recentTrend(series([10, 10.2, 9.9, 10.1, 10]), options).label).toBe(TrendLabel.noChange)
    expect(recentTrend(series([10, 11, 12, 13, 14], 20), options).label).toBe(TrendLabel.noChange)
  })

  it('needs the direction to survive leaving out any one point', () => {
    // Significant overall, but leaving out the last point reverses the slope.
    const points = series([10, 9.9, 9.8, 9.7, 30], 0.5)
    const full = weightedSlope(points.map((p, i) => ({ value: p.value as number, weight: 1, t: i + 1 })))
    expect(full.chiSquare).toBeGreaterThan(TREND_CHI_SQUARE_THRESHOLD)
    expect(recentTrend(points, options).label).toBe(TrendLabel.noChange)
  })

  it('cannot be calculated for other value types, multi-year periods, short or broken series', () => {
    const five = series([1, 2, 3, 4, 5])
    expect(recentTrend(five, { ...options, valueType: TrendValueType.other }).label).toBe(TrendLabel.cannotBeCalculated)
    expect(recentTrend(five, { ...options, yearRange: 3 }).label).toBe(TrendLabel.cannotBeCalculated)
    expect(recentTrend(five.slice(1), options).label).toBe(TrendLabel.cannotBeCalculated)
    const withGap = five.map((p, i) => (i === 2 ? { ...p, count: null } : p))
    expect(recentTrend(withGap, options)).toMatchObject({
      label: TrendLabel.cannotBeCalculated,
      message: expect.stringMatching(/valid values/),
    })
    const allCounted = five.map((p) => ({ ...p, count: p.denominator }))
    expect(recentTrend(allCounted, options).label).toBe(TrendLabel.cannotBeCalculated)
    expect(
      recentTrend(
        series([1, 2, 3, 4, 5, 6, 7]).map((p, i) => (i === 0 ? { ...p, count: null } : p)),
        options,
      ).label,
    ).toBe(TrendLabel.increasingBetter)
  })

  it('reports no significant change when fewer than 5 points have intervals (as FingertipsNext)', () => {
    const noIntervals = series([1, 2, 3, 4, 5]).map((p) => ({ ...p, lower95: null, upper95: null }))
    expect(recentTrend(noIntervals, options)).toMatchObject({ label: TrendLabel.noChange, pointsUsed: 0 })
  })

  it('rejects repeated periods', () => {
    const points = series([1, 2, 3, 4, 5]).map((p) => ({ ...p, period: 2020 }))
    expect(() => recentTrend(points, options)).toThrow(/only once/)
  })

  it('maps markers to labels', () => {
    expect(trendLabel(TrendMarker.noChange, Polarity.lowIsGood)).toBe(TrendLabel.noChange)
    expect(trendLabel(TrendMarker.cannotBeCalculated, Polarity.noJudgement)).toBe(TrendLabel.cannotBeCalculated)
  })
})
