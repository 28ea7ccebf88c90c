import { describe, expect, it } from 'vitest'
import { pchisq, pgamma, pt, qchisq, qgamma, qnorm, qt } from './distributions.js'

const relativeError = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b)
/** Our target accuracy for every quantile. */
const ACCURACY = 1e-12

describe('qnorm (AS 241)', () => {
  it('gives the critical values PHEindicatormethods relies on', () => {
    // STATISTICAL-METHODS.md: z95 = 1.959963984540054, z99.8 = 3.090232306167813
    expect(relativeError(qnorm(0.975), 1.959963984540054)).toBeLessThan(1e-15)
    expect(relativeError(qnorm(0.999), 3.090232306167813)).toBeLessThan(1e-15)
    // mpmath, 30 digits: Φ⁻¹(1e-10) = −6.3613409024040562 (the far-tail branch of AS 241)
    expect(relativeError(qnorm(1e-10), -6.3613409024040562)).toBeLessThan(1e-15)
  })

  it('is symmetric, zero at ½ and infinite at 0 and 1', () => {
    for (const p of [0.001, 0.025, 0.2, 0.4]) expect(qnorm(p)).toBeCloseTo(-qnorm(1 - p), 13)
    expect(qnorm(1e-300)).toBeCloseTo(-37.0470962993612, 12)
    expect(qnorm(0.5)).toBe(0)
    expect(qnorm(0)).toBe(-Infinity)
    expect(qnorm(1)).toBe(Infinity)
    expect(() => qnorm(1.1)).toThrow(RangeError)
    expect(() => qnorm(Number.NaN)).toThrow(RangeError)
  })
})

describe('qchisq and qgamma', () => {
  it('gives the 99.8% chi-square(1) critical value used by the trend test, which is z99.8²', () => {
    expect(relativeError(qchisq(0.998, 1), 9.54953570608324)).toBeLessThan(1e-13)
    expect(relativeError(qchisq(0.998, 1), qnorm(0.999) ** 2)).toBeLessThan(ACCURACY)
  })

  it('matches the closed form for 2 degrees of freedom, −2 ln(1 − p), in both tails', () => {
    for (const p of [1e-12, 0.001, 0.025, 0.5, 0.975, 0.999, 1 - 1e-9]) {
      expect(relativeError(qchisq(p, 2), -2 * Math.log1p(-p))).toBeLessThan(ACCURACY)
    }
  })

  it('matches 30-digit reference quantiles (mpmath)', () => {
    const cases: [number, number, number][] = [
      [0.001, 20, 5.9210407454875191],
      [0.999, 22, 48.267942290835176],
      [0.025, 130, 100.33125545846853],
      [0.975, 132, 165.69567163174316],
      [0.5, 1, 0.45493642311957275],
    ]
    for (const [p, df, expected] of cases) expect(relativeError(qchisq(p, df), expected)).toBeLessThan(ACCURACY)
  })

  it('inverts its CDF, including very large shapes (exact Poisson limits for big counts)', () => {
    for (const shape of [0.5, 1, 9, 10, 51897, 7776456]) {
      for (const p of [0.001, 0.025, 0.5, 0.975, 0.999]) {
        const x = qgamma(p, shape)
        const achieved = p < 0.5 ? pgamma(x, shape) : 1 - pgamma(x, shape)
        expect(relativeError(achieved, p < 0.5 ? p : 1 - p)).toBeLessThan(1e-9)
      }
    }
    expect(pchisq(qchisq(0.3, 7), 7)).toBeCloseTo(0.3, 14)
    expect(qgamma(0, 3)).toBe(0)
    expect(qgamma(1, 3)).toBe(Infinity)
  })
})

describe('qt and pt', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const p of [0.001, 0.025, 0.3, 0.975, 0.999]) {
      expect(relativeError(qt(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(1e-13)
      expect(relativeError(qt(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(ACCURACY)
    }
  })

  it('matches 30-digit reference quantiles (mpmath)', () => {
    const cases: [number, number, number][] = [
      [0.975, 4, 2.7764451051977944],
      [0.975, 10, 2.2281388519862747],
      [0.999, 25, 3.450188726973064],
      [0.999, 3, 10.214531852407387],
    ]
    for (const [p, df, expected] of cases) expect(relativeError(qt(p, df), expected)).toBeLessThan(ACCURACY)
  })

  it('approaches the normal for large df and inverts pt', () => {
    const z = qnorm(0.975)
    expect(relativeError(qt(0.975, 1e9), z + (z ** 3 + z) / 4e9)).toBeLessThan(1e-15)
    for (const df of [3, 7, 25, 300, 5000]) {
      for (const p of [0.001, 0.05, 0.6, 0.999]) expect(pt(qt(p, df), df)).toBeCloseTo(p, 13)
    }
    expect(qt(0.5, 5)).toBe(0)
    expect(qt(0.2, 5)).toBeCloseTo(-qt(0.8, 5), 14)
  })
})
