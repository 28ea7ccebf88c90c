import { describe, expect, it } from 'vitest'
import {
  checkConfidence,
  confidenceLevels,
  DEFAULT_CONFIDENCE_LEVELS,
  limitsAt,
  parseConfidence,
  twoSidedZ,
} from './confidence.js'
import { qnorm } from './distributions.js'

describe('confidence levels', () => {
  it('defaults to the 95% and 99.8% pair', () => {
    expect(confidenceLevels(undefined)).toEqual([0.95, 0.998])
    expect(DEFAULT_CONFIDENCE_LEVELS).toEqual([0.95, 0.998])
    expect(confidenceLevels(0.9)).toEqual([0.9])
  })

  it('reads percentages as PHEindicatormethods does, and rejects levels outside (0, 1]', () => {
    expect(parseConfidence(95)).toBe(0.95)
    expect(parseConfidence(99.8)).toBe(0.998)
    expect(parseConfidence(0.998)).toBe(0.998)
    for (const bad of [0, -0.5, 1.5, Number.NaN]) expect(() => checkConfidence(bad)).toThrow(RangeError)
    expect(() => confidenceLevels([])).toThrow(RangeError)
  })

  it('uses the exact two-sided normal quantile, never a rounded 1.96', () => {
    expect(twoSidedZ(0.95)).toBe(qnorm(0.975))
    expect(twoSidedZ(0.998)).toBe(qnorm(0.999))
    expect(twoSidedZ(0.95)).not.toBe(Number((2 * 0.98).toFixed(2)))
  })

  it('finds the limits for one level', () => {
    const estimate = { value: 1, limits: [{ confidence: 0.95, lower: 0.5, upper: 2 }] }
    expect(limitsAt(estimate, 0.95)?.upper).toBe(2)
    expect(limitsAt(estimate, 0.998)).toBeUndefined()
  })
})
