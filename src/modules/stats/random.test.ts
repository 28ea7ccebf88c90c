import { describe, expect, it } from 'vitest'
import { normalDeviate, seededRandom } from './random.js'

describe('seededRandom', () => {
  it('repeats for the same seed and differs between seeds', () => {
    const a = seededRandom(1)
    const b = seededRandom(1)
    const c = seededRandom(2)
    const first = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(first)
    expect([c(), c(), c()]).not.toEqual(first)
  })

  it('stays strictly inside (0, 1) with sensible moments, and gives standard normal deviates', () => {
    const random = seededRandom(123)
    let sum = 0
    let sumNormal = 0
    let sumSquares = 0
    const n = 50_000
    for (let i = 0; i < n; i++) {
      const u = random()
      expect(u > 0 && u < 1).toBe(true)
      sum += u
      const z = normalDeviate(random)
      sumNormal += z
      sumSquares += z * z
    }
    expect(sum / n).toBeCloseTo(0.5, 2)
    expect(sumNormal / n).toBeCloseTo(0, 1)
    expect(sumSquares / n).toBeCloseTo(1, 1)
  })
})
