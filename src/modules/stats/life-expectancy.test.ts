import { describe, expect, it } from 'vitest'
import { twoSidedZ } from './confidence.js'
import { LE_AGE_BANDS, lifeExpectancy } from './life-expectancy.js'

/** A plausible area: 5,000 people per band, deaths rising with age. */
const area = LE_AGE_BANDS.map((startAge, i) => ({ startAge, population: 5000, deaths: i < 10 ? 2 : 10 * (i - 8) ** 2 }))

describe('lifeExpectancy (Chiang II)', () => {
  it('gives 1/M for the open-ended last band, with SE 1/(M√D)', () => {
    const last = lifeExpectancy(area).ages.at(-1)
    const { deaths, population } = area.at(-1) as (typeof area)[number]
    const m = deaths / population
    expect(last?.value).toBeCloseTo(1 / m, 10)
    const se = 1 / (m * Math.sqrt(deaths))
    expect(last?.limits[0].upper).toBeCloseTo(1 / m + twoSidedZ(0.95) * se, 10)
  })

  it('decreases with age here, and each interval contains its value', () => {
    const { ages, suppressed } = lifeExpectancy(area, { confidence: [0.95, 0.998] })
    expect(suppressed).toBeNull()
    for (let i = 1; i < ages.length; i++) expect(ages[i].value as number).toBeLessThan(ages[i - 1].value as number)
    for (const a of ages) {
      expect(a.limits[0].lower as number).toBeLessThan(a.value as number)
      expect(a.limits[1].lower as number).toBeLessThan(a.limits[0].lower as number)
    }
    expect(ages[0].populationUsed).toBe(100_000)
  })

  it('suppresses the whole area for small populations, missing bands or deaths above population', () => {
    const small = area.map((b) => ({ ...b, population: 250, deaths: 1 }))
    expect(lifeExpectancy(small).suppressed).toMatch(/5,000 or less/)
    expect(lifeExpectancy(area.slice(1)).suppressed).toMatch(/all age bands/)
    const impossible = area.map((b, i) => (i === 3 ? { ...b, deaths: 6000 } : b))
    const result = lifeExpectancy(impossible)
    expect(result.suppressed).toMatch(/more deaths/)
    expect(result.ages.every((a) => a.value === null)).toBe(true)
  })

  it('hides a value whose 95% interval is wider than 20 years, but keeps its limits', () => {
    const tiny = area.map((b, i) => (i >= 15 ? { ...b, population: 300, deaths: i === 19 ? 1 : 30 } : b))
    const last = lifeExpectancy(tiny).ages.at(-1)
    expect(last?.value).toBeNull()
    expect(last?.limits[0].upper).not.toBeNull()
  })

  it('rejects bands that are not in the table', () => {
    expect(() => lifeExpectancy([...area, { startAge: 3, population: 1, deaths: 0 }])).toThrow(/not one of/)
  })
})
