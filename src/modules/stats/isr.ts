/**
 * Indirect standardisation (PHEindicatormethods calculate_ISRatio, calculate_ISRate): observed events
 * compared with those expected if the area had the reference population's age-specific rates.
 * The interval is the Poisson interval of the observed count (exact below 10, else Byar's) divided
 * by the expected count, because only the observed count is treated as random.
 */
import { checkFinite, confidenceLevels, type Estimate } from './confidence.js'
import { countLimits, PER_100_000, RateMethod, appliedMethod, type AppliedRateMethod } from './rate.js'

export interface IndirectAgeBand {
  /** Observed events in the area's band (missing counts as 0). */
  readonly count: number | null
  /** The area's population in the band (missing counts as 0). */
  readonly population: number | null
  readonly referenceCount: number | null
  readonly referencePopulation: number | null
}

export interface IndirectOptions {
  readonly confidence?: number | readonly number[]
  /** Use this observed total instead of summing the band counts (e.g. when bands are incomplete). */
  readonly observedTotal?: number
  readonly method?: RateMethod
}

export interface IndirectEstimate extends Estimate {
  readonly observed: number
  readonly expected: number
  readonly method: AppliedRateMethod
}

/** Expected = Σ (reference count / reference population) × population; observed = Σ count. */
export function observedAndExpected(
  bands: readonly IndirectAgeBand[],
  observedTotal?: number,
): { observed: number; expected: number } {
  let observed = 0
  let expected = 0
  for (const band of bands) {
    const refCount = band.referenceCount ?? 0
    const pop = band.population ?? 0
    if (refCount < 0 || pop < 0 || (band.count ?? 0) < 0) throw new RangeError('counts and populations must be ≥ 0')
    observed += band.count ?? 0
    // A band with no population contributes nothing; a 0/0 reference rate must not turn that into NaN.
    if (pop > 0 && refCount > 0) {
      const refPop = band.referencePopulation ?? 0
      if (!(refPop > 0)) throw new RangeError('reference populations must be > 0 where there are reference events')
      expected += (refCount / refPop) * pop
    }
  }
  return { observed: observedTotal === undefined ? observed : checkFinite(observedTotal, 'observed total'), expected }
}

function standardise(bands: readonly IndirectAgeBand[], scale: number, options: IndirectOptions): IndirectEstimate {
  const { observed, expected } = observedAndExpected(bands, options.observedTotal)
  if (!(expected > 0)) throw new RangeError('the expected count must be > 0')
  const method = options.method ?? RateMethod.poisson
  return {
    value: (observed / expected) * scale,
    observed,
    expected,
    method: appliedMethod(observed, method),
    limits: confidenceLevels(options.confidence).map((confidence) => {
      const { lower, upper } = countLimits(observed, confidence, method)
      return {
        confidence,
        lower: lower === null ? null : (lower / expected) * scale,
        upper: (upper / expected) * scale,
      }
    }),
  }
}

/** Indirectly standardised ratio (SMR): observed / expected × referenceValue (1, or 100). */
export function isRatio(
  bands: readonly IndirectAgeBand[],
  options: IndirectOptions & { readonly referenceValue?: number } = {},
): IndirectEstimate {
  return standardise(bands, checkFinite(options.referenceValue ?? 1, 'reference value'), options)
}

/** Indirectly standardised rate: the ratio × the reference population's crude rate per multiplier. */
export function isRate(
  bands: readonly IndirectAgeBand[],
  options: IndirectOptions & { readonly multiplier?: number } = {},
): IndirectEstimate & { readonly referenceRate: number } {
  const multiplier = checkFinite(options.multiplier ?? PER_100_000, 'multiplier')
  let refCount = 0
  let refPop = 0
  for (const band of bands) {
    refCount += band.referenceCount ?? 0
    refPop += band.referencePopulation ?? 0
  }
  const referenceRate = (refCount / refPop) * multiplier
  return { ...standardise(bands, referenceRate, options), referenceRate }
}
