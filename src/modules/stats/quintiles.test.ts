import { describe, expect, it } from 'vitest'
import { ComparisonLabel, Polarity } from './labels.js'
import { fingertipsQuintile, percentileInc, quantileGroups, rankMin } from './quintiles.js'

describe('rankMin', () => {
  it('gives ties the lowest rank and skips missing values', () => {
    expect(rankMin([3, 1, 3, null, 2])).toEqual([3, 1, 3, null, 2])
  })
})

describe('quantileGroups (phe_quantile)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

  it('puts the highest values in group 1 by default (invert) and the lowest without it', () => {
    expect(quantileGroups(ten, 5)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
    expect(quantileGroups(ten, 5, false)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
  })

  it('handles uneven sizes and ties, and gives up with fewer values than groups', () => {
    // N = 7, 3 groups: q = floor(4 − ceiling((8 − rank) / (7/3))), worked by hand.
    expect(quantileGroups([1, 2, 3, 4, 5, 6, 7], 3, false)).toEqual([1, 1, 1, 2, 2, 3, 3])
    // Tied values share the lowest rank (2), which here falls in the lower half with the 1.
    expect(quantileGroups([5, 5, 5, 1], 2, false)).toEqual([1, 1, 1, 1])
    expect(quantileGroups([1, 2, null], 3)).toEqual([null, null, null])
  })
})

describe('fingertipsQuintile (legacy Fingertips)', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

  it('uses Excel PERCENTILE.INC bounds', () => {
    expect(percentileInc(values, 0.2)).toBeCloseTo(2.8, 12)
    expect(percentileInc(values, 0.8)).toBeCloseTo(8.2, 12)
    expect(percentileInc(values, 1)).toBe(10)
  })

  it('places values at or below each bound, reversed for high-is-good', () => {
    expect(fingertipsQuintile(1, values, Polarity.lowIsGood)).toEqual({ quintile: 1, label: 'Lowest quintile' })
    expect(fingertipsQuintile(5, values, Polarity.noJudgement)).toEqual({ quintile: 3, label: 'Middle quintile' })
    expect(fingertipsQuintile(10, values, Polarity.lowIsGood)).toEqual({ quintile: 5, label: 'Highest quintile' })
    expect(fingertipsQuintile(10, values, Polarity.highIsGood)).toEqual({ quintile: 1, label: 'Lowest quintile' })
  })

  it('needs 5 comparators and a value', () => {
    expect(fingertipsQuintile(1, [1, 2, 3, 4], Polarity.lowIsGood).label).toBe(ComparisonLabel.notCompared)
    expect(fingertipsQuintile(null, values, Polarity.lowIsGood).quintile).toBeNull()
  })
})
