/** Axis arithmetic: "nice" ticks (1, 2 or 5 × a power of ten), the value domain, and linear scales. */

export interface Ticks {
  /** Tick values from the first at or below the minimum to the last at or above the maximum. */
  values: number[]
  step: number
  /** Decimal places the step needs, for printing tick labels. */
  decimals: number
}

/** Round away binary noise (0.1 + 0.2) to the step's decimal places. */
function clean(v: number, decimals: number): number {
  const r = Number(v.toFixed(Math.min(decimals, 20)))
  return Object.is(r, -0) ? 0 : r
}

/**
 * Nice tick values covering [min, max] with about `target` intervals (at most target + 2; 3 to 8
 * ticks for the default 5). A zero-width range is widened around the value so a single point
 * still gets an axis.
 */
export function niceTicks(min: number, max: number, target = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('niceTicks needs finite numbers')
  if (min > max) [min, max] = [max, min]
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1
    min -= pad
    max += pad
  }
  const raw = (max - min) / Math.max(1, target)
  const power = Math.floor(Math.log10(raw))
  const magnitude = 10 ** power
  // The tolerance keeps 0.00025 / 5 = 5.000000000000001e-5 a step of 5, not 10.
  const residual = raw / magnitude - 1e-9
  const nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
  const step = nice * magnitude
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  // A tiny tolerance stops 0.3 / 0.1 = 2.9999999999999996 adding a needless tick below.
  const first = Math.floor(min / step + 1e-9)
  const last = Math.ceil(max / step - 1e-9)
  const values: number[] = []
  for (let i = first; i <= last; i++) values.push(clean(i * step, decimals))
  return { values, step: clean(step, decimals), decimals }
}

/** Print a tick value: the step's decimals, thousands separated, a true minus sign. */
export function formatTick(v: number, decimals: number): string {
  const fixed = Math.abs(v).toFixed(decimals)
  const [whole, fraction] = fixed.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const sign = v < 0 && Number(fixed) !== 0 ? '\u2212' : ''
  return sign + grouped + (fraction ? `.${fraction}` : '')
}

/** Finite numbers only: NaN and infinities are treated as missing. */
export function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

/**
 * The range an axis must show. Starts at zero when every value is non-negative and the smallest
 * is within 40% of the largest (so bars of difference are not exaggerated); likewise ends at zero
 * for all-negative data. Otherwise pads 10% of the spread each side so points sit off the edges.
 */
export function valueDomain(values: number[]): [number, number] {
  const vs = values.filter(finite)
  if (vs.length === 0) return [0, 1]
  let lo = Math.min(...vs)
  let hi = Math.max(...vs)
  if (lo >= 0 && lo <= 0.4 * hi) return [0, hi === 0 ? 1 : hi]
  if (hi <= 0 && hi >= 0.4 * lo) return [lo === 0 ? -1 : lo, 0]
  const spread = hi - lo
  const pad = spread === 0 ? Math.abs(hi) * 0.1 || 1 : spread * 0.1
  lo -= pad
  hi += pad
  // Padding must not push an all-positive axis below zero (or an all-negative one above it).
  if (Math.min(...vs) >= 0 && lo < 0) lo = 0
  if (Math.max(...vs) <= 0 && hi > 0) hi = 0
  return [lo, hi]
}

/** Ticks for a set of values, using the domain rule above. */
export function axisTicks(values: number[], target = 5): Ticks {
  const [lo, hi] = valueDomain(values)
  return niceTicks(lo, hi, target)
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1
  return (v) => r0 + ((v - d0) / span) * (r1 - r0)
}
