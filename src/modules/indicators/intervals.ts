/**
 * The 95% interval of a value from its count and denominator, by the indicator's own method.
 * Published intervals always win; this fills a gap, and checks a published interval against the
 * method the metadata names (producers differ, so a disagreement is a warning, never an error).
 */
import { RateMethod, rate } from '../stats/index.js'
import { proportion } from '../stats/proportion.js'

export interface IntervalMethod {
  valueType: string
  ciMethod: string
  multiplier: number | null
}

/** Relative difference beyond which a published limit is said to disagree: rounding stays inside it. */
export const INTERVAL_AGREEMENT = 0.005

export function computeInterval(
  method: IntervalMethod,
  count: number | null,
  denominator: number | null,
): { lower: number; upper: number; method: string } | null {
  if (count === null || denominator === null || !(denominator > 0) || count < 0) return null
  if (method.valueType === 'proportion' && (method.ciMethod === 'wilson' || method.ciMethod === 'tbc')) {
    if (count > denominator) return null
    const l = proportion(count, denominator, { confidence: 0.95, multiplier: method.multiplier ?? 100 }).limits[0]
    return l && l.lower !== null && l.upper !== null ? { lower: l.lower, upper: l.upper, method: 'Wilson' } : null
  }
  if (method.valueType === 'crude_rate' && method.multiplier) {
    const rateMethod =
      ({ exact: RateMethod.exact, byar: RateMethod.byar, poisson: RateMethod.poisson } as Record<string, RateMethod>)[
        method.ciMethod
      ] ?? RateMethod.poisson
    const l = rate(count, denominator, { multiplier: method.multiplier, confidence: 0.95, method: rateMethod })
      .limits[0]
    const name =
      rateMethod === RateMethod.poisson
        ? 'exact below 10, otherwise Byar'
        : rateMethod === RateMethod.exact
          ? 'exact Poisson'
          : "Byar's"
    return l && l.lower !== null && l.upper !== null ? { lower: l.lower, upper: l.upper, method: name } : null
  }
  return null
}

export function disagrees(published: number, computed: number): boolean {
  return Math.abs(published - computed) > INTERVAL_AGREEMENT * Math.max(Math.abs(computed), 1e-9)
}
