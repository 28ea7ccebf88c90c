/**
 * Directly standardised rates with Dobson et al.'s confidence limits (PHEindicatormethods
 * calculate_dsr / dsr_inner), including the variant for non-independent events.
 *
 * Dobson's method (Stat Med 1991;10:457-62) scales the Byar's interval of the total count by the
 * standard error of the weighted sum, so it stays asymmetric like a Poisson interval.
 */
import { checkFinite, confidenceLevels, type Estimate } from './confidence.js'
import { byarLower, byarUpper, PER_100_000 } from './rate.js'

/** PHEindicatormethods suppresses DSRs with fewer events than this: they are too unstable. */
export const DSR_MIN_TOTAL_COUNT = 10
export const DSR_METHOD = 'Dobson'
export const DSR_NON_INDEPENDENT_METHOD = 'Dobson, with confidence adjusted for non-independent events'

/** European Standard Population 2013, 19 bands 0-4, 5-9, …, 85-89, 90+. */
export const ESP2013: readonly number[] = [
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
]

export interface AgeBandCounts {
  /** Events in the band; missing counts as 0, as in PHEindicatormethods. */
  readonly count: number | null
  readonly population: number
  readonly standardPopulation: number
}

export interface DsrOptions {
  /** Default per 100,000. */
  readonly multiplier?: number
  /** One level or several; default 0.95 and 0.998. */
  readonly confidence?: number | readonly number[]
}

export interface DsrEstimate extends Estimate {
  readonly totalCount: number
  readonly totalPopulation: number
  readonly method: string
  /** Why the value is missing, when it is. */
  readonly suppressed: string | null
}

function checkBand(band: AgeBandCounts): void {
  checkFinite(band.population, 'population')
  checkFinite(band.standardPopulation, 'standard population')
  if (band.count !== null && !(band.count >= 0)) throw new RangeError(`counts must be ≥ 0, got ${band.count}`)
  if (!(band.population > 0)) throw new RangeError(`populations must be > 0, got ${band.population}`)
  if (!(band.standardPopulation >= 0))
    throw new RangeError(`standard populations must be ≥ 0, got ${band.standardPopulation}`)
}

/** Σ x_i·w_i/n_i / Σ w_i (unscaled) and the Dobson variance Σ x_i·(w_i/n_i)² / (Σ w_i)². */
function weightedSums(bands: readonly AgeBandCounts[]): {
  dsr: number
  variance: number
  totalCount: number
  totalPopulation: number
} {
  let weighted = 0
  let varianceSum = 0
  let totalStandard = 0
  let totalCount = 0
  let totalPopulation = 0
  for (const band of bands) {
    checkBand(band)
    const x = band.count ?? 0
    const w = band.standardPopulation / band.population
    weighted += x * w
    varianceSum += x * w * w
    totalStandard += band.standardPopulation
    totalCount += x
    totalPopulation += band.population
  }
  return { dsr: weighted / totalStandard, variance: varianceSum / totalStandard ** 2, totalCount, totalPopulation }
}

/** Dobson limits: DSR + sqrt(var/O)·(Byar(O) − O) for total count O. */
function dobson(
  dsr: number,
  variance: number,
  totalCount: number,
  totalPopulation: number,
  method: string,
  options: DsrOptions,
): DsrEstimate {
  const multiplier = checkFinite(options.multiplier ?? PER_100_000, 'multiplier')
  if (!(multiplier > 0)) throw new RangeError(`multiplier must be > 0, got ${multiplier}`)
  const levels = confidenceLevels(options.confidence)
  if (totalCount < DSR_MIN_TOTAL_COUNT) {
    return {
      value: null,
      limits: levels.map((confidence) => ({ confidence, lower: null, upper: null })),
      totalCount,
      totalPopulation,
      method,
      suppressed: `dsr NA for total count < ${DSR_MIN_TOTAL_COUNT}`,
    }
  }
  const scale = Math.sqrt(variance / totalCount)
  return {
    value: dsr * multiplier,
    limits: levels.map((confidence) => {
      const lower = byarLower(totalCount, confidence)
      return {
        confidence,
        lower: lower === null ? null : (dsr + scale * (lower - totalCount)) * multiplier,
        upper: (dsr + scale * (byarUpper(totalCount, confidence) - totalCount)) * multiplier,
      }
    }),
    totalCount,
    totalPopulation,
    method,
    suppressed: null,
  }
}

/** DSR for one area (one row per age band). */
export function dsr(bands: readonly AgeBandCounts[], options: DsrOptions = {}): DsrEstimate {
  if (bands.length === 0) throw new RangeError('a DSR needs at least one age band')
  const s = weightedSums(bands)
  return dobson(s.dsr, s.variance, s.totalCount, s.totalPopulation, DSR_METHOD, options)
}

/** Non-independent events: the number of people who had each number of events, per age band. */
export interface AgeBandEventFrequency {
  readonly ageBand: string
  /** How many events each of these people had (1, 2, 3, …). */
  readonly eventFrequency: number
  /** People in the band with exactly that many events; missing counts as 0. */
  readonly persons: number | null
  readonly population: number
  readonly standardPopulation: number
}

/**
 * DSR when one person can have several events. The DSR uses all events (Σ f·persons per band); the
 * variance is Σ_f f²·var_f, where var_f is the Dobson variance of the persons with frequency f
 * (each computed over that frequency's own rows, as PHEindicatormethods groups them).
 */
export function dsrNonIndependent(rows: readonly AgeBandEventFrequency[], options: DsrOptions = {}): DsrEstimate {
  if (rows.length === 0) throw new RangeError('a DSR needs at least one age band')
  const byFrequency = new Map<number, AgeBandCounts[]>()
  const byBand = new Map<string, { count: number; population: number; standardPopulation: number }>()
  for (const row of rows) {
    if (!(Number.isInteger(row.eventFrequency) && row.eventFrequency > 0)) {
      throw new RangeError(`event frequencies must be whole numbers ≥ 1, got ${row.eventFrequency}`)
    }
    const band = { count: row.persons, population: row.population, standardPopulation: row.standardPopulation }
    byFrequency.set(row.eventFrequency, [...(byFrequency.get(row.eventFrequency) ?? []), band])
    const seen = byBand.get(row.ageBand)
    if (seen && (seen.population !== row.population || seen.standardPopulation !== row.standardPopulation)) {
      throw new RangeError(`age band ${row.ageBand} has rows with different populations or standard populations`)
    }
    const events = row.eventFrequency * (row.persons ?? 0)
    byBand.set(row.ageBand, {
      count: (seen?.count ?? 0) + events,
      population: row.population,
      standardPopulation: row.standardPopulation,
    })
  }
  let variance = 0
  for (const [frequency, bands] of byFrequency) variance += frequency ** 2 * weightedSums(bands).variance
  const events = weightedSums([...byBand.values()])
  return dobson(events.dsr, variance, events.totalCount, events.totalPopulation, DSR_NON_INDEPENDENT_METHOD, options)
}
