import { describe, expect, it } from 'vitest'
import { DSR_METHOD, DSR_NON_INDEPENDENT_METHOD, dsr, dsrNonIndependent, ESP2013 } from './dsr.js'
import { rate, RateMethod } from './rate.js'

describe('dsr (Dobson)', () => {
  it("with one age band equals the crude rate with Byar's limits", () => {
    const e = dsr([{ count: 40, population: 25_000, standardPopulation: 5000 }], { confidence: [0.95, 0.998] })
    const crude = rate(40, 25_000, { method: RateMethod.byar, confidence: [0.95, 0.998] })
    expect(e.value).toBeCloseTo(crude.value as number, 10)
    e.limits.forEach((l, i) => {
      expect(l.lower).toBeCloseTo(crude.limits[i].lower as number, 10)
      expect(l.upper).toBeCloseTo(crude.limits[i].upper as number, 10)
    })
    expect(e.method).toBe(DSR_METHOD)
  })

  it('weights age-specific rates by the standard population (worked: 2 bands)', () => {
    // rates 10/1000 and 30/1000, standard weights 1:3 → (0.01·1 + 0.03·3)/4 = 0.025 → 2500 per 100,000
    const e = dsr([
      { count: 10, population: 1000, standardPopulation: 1000 },
      { count: 30, population: 1000, standardPopulation: 3000 },
    ])
    expect(e.value).toBeCloseTo(2500, 10)
    expect(e.totalCount).toBe(40)
    expect(e.totalPopulation).toBe(2000)
    expect(e.limits[0].lower as number).toBeLessThan(2500)
    expect(e.limits[1].upper as number).toBeGreaterThan(e.limits[0].upper as number)
  })

  it('suppresses totals under 10 events and treats a missing count as 0', () => {
    const bands = ESP2013.map((w, i) => ({
      count: i === 0 ? null : i < 10 ? 1 : 0,
      population: 500,
      standardPopulation: w,
    }))
    const e = dsr(bands)
    expect(e.totalCount).toBe(9)
    expect(e.value).toBeNull()
    expect(e.limits.every((l) => l.lower === null && l.upper === null)).toBe(true)
    expect(e.suppressed).toBe('dsr NA for total count < 10')
  })

  it('rejects invalid populations and counts', () => {
    expect(() => dsr([{ count: 1, population: 0, standardPopulation: 10 }])).toThrow(RangeError)
    expect(() => dsr([{ count: -1, population: 10, standardPopulation: 10 }])).toThrow(RangeError)
    expect(() => dsr([{ count: 1, population: 10, standardPopulation: -1 }])).toThrow(RangeError)
  })
})

describe('dsrNonIndependent', () => {
  const bands = [
    { ageBand: '0-4', population: 1000, standardPopulation: 5000 },
    { ageBand: '5-9', population: 2000, standardPopulation: 5500 },
  ]

  it('equals the independent DSR when everyone has one event', () => {
    const persons = [12, 30]
    const e = dsrNonIndependent(bands.map((b, i) => ({ ...b, eventFrequency: 1, persons: persons[i] })))
    const independent = dsr(bands.map((b, i) => ({ ...b, count: persons[i] })))
    expect(e.value).toBeCloseTo(independent.value as number, 10)
    expect(e.limits[0].lower).toBeCloseTo(independent.limits[0].lower as number, 10)
    expect(e.method).toBe(DSR_NON_INDEPENDENT_METHOD)
  })

  it('keeps the DSR of all events but widens the interval when people have repeat events', () => {
    const rows = bands.flatMap((b) => [
      { ...b, eventFrequency: 1, persons: 10 },
      { ...b, eventFrequency: 3, persons: 5 },
    ])
    const e = dsrNonIndependent(rows)
    const sameEvents = dsr(bands.map((b) => ({ ...b, count: 25 })))
    expect(e.totalCount).toBe(50)
    expect(e.value).toBeCloseTo(sameEvents.value as number, 10)
    expect(e.limits[0].lower as number).toBeLessThan(sameEvents.limits[0].lower as number)
    expect(e.limits[0].upper as number).toBeGreaterThan(sameEvents.limits[0].upper as number)
  })

  it('rejects inconsistent populations within an age band and bad frequencies', () => {
    expect(() =>
      dsrNonIndependent([
        { ageBand: 'a', eventFrequency: 1, persons: 5, population: 10, standardPopulation: 1 },
        { ageBand: 'a', eventFrequency: 2, persons: 5, population: 11, standardPopulation: 1 },
      ]),
    ).toThrow(/different populations/)
    expect(() =>
      dsrNonIndependent([{ ageBand: 'a', eventFrequency: 0, persons: 5, population: 10, standardPopulation: 1 }]),
    ).toThrow(RangeError)
  })
})
