/**
 * Life expectancy by Chiang's abridged life table (method II) with Silcocks et al.'s variance,
 * as PHEindicatormethods phe_life_expectancy (Chiang 1984; Silcocks, Jenner & Reza, J Epidemiol
 * Community Health 2001;55:38-43). One area at a time; pure.
 */
import { CONFIDENCE_95, checkFinite, confidenceLevels, twoSidedZ, type ConfidenceLimits } from './confidence.js'

/** Start ages of the 20 standard bands: 0, 1-4, 5-9, …, 85-89, 90+. */
export const LE_AGE_BANDS: readonly number[] = [
  0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90,
]
/** Radix of the life table. */
const RADIX = 100_000
/** Fraction of the interval lived by those who die in it: 0.1 in the first year of life, else 0.5. */
const INFANT_FRACTION_LIVED = 0.1
const FRACTION_LIVED = 0.5
/** Areas with this total population or fewer are too small for a life table. */
export const LE_MIN_TOTAL_POPULATION = 5000
/** A life expectancy whose 95% interval is wider than 2 × 10 years is not shown. */
export const LE_MAX_HALF_WIDTH_95 = 10
export const LE_METHOD = 'Chiang, using Silcocks et al for confidence limits'

export interface LifeTableBand {
  readonly startAge: number
  readonly population: number
  readonly deaths: number
}

export interface LifeExpectancyAtAge {
  readonly startAge: number
  /** Null when suppressed (whole area, or interval too wide at this age). */
  readonly value: number | null
  readonly limits: readonly ConfidenceLimits[]
  /** Population and deaths at this age and above. */
  readonly populationUsed: number
  readonly deathsUsed: number
}

export interface LifeExpectancyResult {
  readonly ages: readonly LifeExpectancyAtAge[]
  /** Why the whole area is suppressed, or null. */
  readonly suppressed: string | null
}

export interface LifeExpectancyOptions {
  readonly confidence?: number | readonly number[]
  readonly ageBands?: readonly number[]
}

function suppressionReason(bands: readonly LifeTableBand[], expectedBands: number): string | null {
  if (bands.some((b) => b.deaths < 0)) return 'some age bands have negative deaths'
  if (bands.some((b) => b.population <= 0)) return 'some age bands have a zero or less population'
  if (bands.length !== expectedBands) return 'the area does not have records for all age bands'
  if (bands.some((b) => b.deaths > b.population)) return 'some age bands have more deaths than population'
  if (bands.reduce((s, b) => s + b.population, 0) <= LE_MIN_TOTAL_POPULATION) {
    return `the total population is ${LE_MIN_TOTAL_POPULATION.toLocaleString('en-GB')} or less`
  }
  return null
}

export function lifeExpectancy(
  input: readonly LifeTableBand[],
  options: LifeExpectancyOptions = {},
): LifeExpectancyResult {
  const ageBands = options.ageBands ?? LE_AGE_BANDS
  const levels = confidenceLevels(options.confidence ?? CONFIDENCE_95)
  if (ageBands[0] !== 0) throw new RangeError('the first age band must start at 0')
  const bands = [...input].sort((a, b) => a.startAge - b.startAge)
  bands.forEach((b, i) => {
    checkFinite(b.population, 'population')
    checkFinite(b.deaths, 'deaths')
    if (!ageBands.includes(b.startAge)) throw new RangeError(`start age ${b.startAge} is not one of the age bands`)
    if (i > 0 && bands[i - 1].startAge === b.startAge) throw new RangeError(`start age ${b.startAge} appears twice`)
  })
  const used = cumulativeFromTop(bands)
  const reason = suppressionReason(bands, ageBands.length)
  if (reason !== null) {
    return {
      suppressed: reason,
      ages: bands.map((b, i) => ({
        startAge: b.startAge,
        value: null,
        limits: levels.map((confidence) => ({ confidence, lower: null, upper: null })),
        ...used[i],
      })),
    }
  }
  const table = chiangTable(bands)
  const z95 = twoSidedZ(CONFIDENCE_95)
  return {
    suppressed: null,
    ages: bands.map((b, i) => {
      const { e, se } = table[i]
      const tooWide = z95 * se > LE_MAX_HALF_WIDTH_95
      return {
        startAge: b.startAge,
        value: tooWide || !Number.isFinite(e) ? null : e,
        limits: levels.map((confidence) => {
          const z = twoSidedZ(confidence)
          return { confidence, lower: finiteOrNull(e - z * se), upper: finiteOrNull(e + z * se) }
        }),
        ...used[i],
      }
    }),
  }
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null
}

function cumulativeFromTop(bands: readonly LifeTableBand[]): { populationUsed: number; deathsUsed: number }[] {
  const out = bands.map(() => ({ populationUsed: 0, deathsUsed: 0 }))
  let pop = 0
  let deaths = 0
  for (let i = bands.length - 1; i >= 0; i--) {
    pop += bands[i].population
    deaths += bands[i].deaths
    out[i] = { populationUsed: pop, deathsUsed: deaths }
  }
  return out
}

/** The abridged life table: expectation of life e_i and its standard error at each band. */
function chiangTable(bands: readonly LifeTableBand[]): { e: number; se: number }[] {
  const k = bands.length
  const last = k - 1
  const M = bands.map((b) => b.deaths / b.population)
  // Width of each band; the open-ended last band is given 2/M so that its q is 1.
  const n = bands.map((b, i) => (i < last ? bands[i + 1].startAge - b.startAge : 2 / M[i]))
  const a = bands.map((b) => (b.startAge === 0 ? INFANT_FRACTION_LIVED : FRACTION_LIVED))
  const q = bands.map((b, i) =>
    b.deaths <= b.population / n[i] / a[i] ? (M[i] * n[i]) / (1 + M[i] * n[i] * (1 - a[i])) : 1,
  )
  const l: number[] = [RADIX]
  for (let i = 1; i < k; i++) l.push(l[i - 1] * (1 - q[i - 1]))
  const lNext = (i: number): number => (i < last ? l[i + 1] : 0)
  const d = l.map((li, i) => li - lNext(i))
  const L = l.map((li, i) => (i < last ? n[i] * (lNext(i) + a[i] * d[i]) : li / M[i]))
  const T = suffixSums(L)
  const e = l.map((li, i) => (li === 0 ? 0 : T[i] / li))
  // Silcocks: variance of the probability of dying, weighted by the years it affects.
  const sp = bands.map((b, i) =>
    i === last ? 4 / (b.deaths * M[i] ** 2) : d[i] === 0 ? 0 : (q[i] ** 2 * (1 - q[i])) / b.deaths,
  )
  const W = l.map((li, i) => (i < last ? sp[i] * li ** 2 * ((1 - a[i]) * n[i] + e[i + 1]) ** 2 : (li / 2) ** 2 * sp[i]))
  const ST = suffixSums(W)
  return e.map((ei, i) => ({ e: ei, se: Math.sqrt(ST[i] / l[i] ** 2) }))
}

function suffixSums(values: readonly number[]): number[] {
  const out = new Array<number>(values.length)
  let sum = 0
  for (let i = values.length - 1; i >= 0; i--) {
    sum += values[i]
    out[i] = sum
  }
  return out
}
