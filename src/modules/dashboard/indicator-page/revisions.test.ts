import { describe, expect, it } from 'vitest'
import { pastSuppression } from './revisions.js'

// A made-up proportion (per cent) and a made-up count: nothing here is real data.
const proportion = { valueType: 'proportion', multiplier: 100 }
const count = { valueType: 'count', multiplier: 1 }

describe('past values judged as disclosure control judges a figure now', () => {
  it('suppresses a stated count below the threshold, and keeps one at it', () => {
    const small = pastSuppression(5, proportion)
    expect(small({ value: 0.4, count: 4, denominator: 1000 })).toBe(true)
    expect(small({ value: 0.5, count: 5, denominator: 1000 })).toBe(false)
  })

  it('suppresses a value whose denominator gives its small count away, though no count was published', () => {
    const small = pastSuppression(5, proportion)
    expect(small({ value: 0.3, count: null, denominator: 1000 })).toBe(true) // 3 of 1,000
    expect(small({ value: 12.1, count: null, denominator: 1000 })).toBe(false) // 121 of 1,000
  })

  it('implies no count for a value type that is not a share of its denominator', () => {
    expect(pastSuppression(5, count)({ value: 3, count: null, denominator: 1000 })).toBe(false)
  })

  it('suppresses a figure with no count over a small denominator', () => {
    expect(pastSuppression(5, { valueType: 'tbc', multiplier: null })({ value: 50, count: null, denominator: 4 })).toBe(
      true,
    )
  })

  it('follows the threshold it is given', () => {
    expect(pastSuppression(10, proportion)({ value: 0.8, count: 8, denominator: 1000 })).toBe(true)
    expect(pastSuppression(1, proportion)({ value: 0.8, count: 8, denominator: 1000 })).toBe(false)
  })
})
