/**
 * Special functions behind the distribution quantiles: log-gamma, log-beta and the regularised
 * incomplete gamma and beta functions. Pure and dependency-free.
 *
 * Accuracy matters here (the PHEindicatormethods vectors are checked to 1e-9 and our own target is
 * 1e-12), so large arguments never go through lgamma(a) - lgamma(b) style differences, which lose
 * digits in proportion to their size. Instead we use Catherine Loader's saddle-point terms
 * (stirlerr and bd0, "Fast and accurate computation of binomial probabilities", 2000), as R does.
 */

/** ln(sqrt(2 * pi)). */
const LN_SQRT_2PI = 0.9189385332046727417803297364056
const TWO_PI = 2 * Math.PI
/** Above this the Stirling series for stirlerr is accurate to machine precision. */
const STIRLING_SERIES_FROM = 15
/** Coefficients of the Stirling series 1/12n - 1/360n^3 + 1/1260n^5 - 1/1680n^7 + 1/1188n^9. */
const S0 = 1 / 12
const S1 = 1 / 360
const S2 = 1 / 1260
const S3 = 1 / 1680
const S4 = 1 / 1188
/** Relative size of a series term or continued-fraction change at which we stop. */
const CONVERGED = 1e-17
/** Lentz's algorithm: stand-in for zero so that no division by zero happens. */
const TINY = 1e-300
const MAX_ITERATIONS = 10_000_000
/** Below this size lbeta is safe to form from three lgamma values. */
const LBETA_DIRECT_BELOW = 10

/**
 * stirlerr(n) = ln Γ(n+1) − [(n + ½) ln n − n + ln √(2π)], the error of Stirling's formula, for n > 0.
 * Small n is stepped up with the exact recurrence stirlerr(n) = stirlerr(n+1) + (n+½)·ln(1+1/n) − 1,
 * each step of which is accurate in absolute terms.
 */
export function stirlerr(n: number): number {
  if (!(n > 0)) throw new RangeError(`stirlerr needs n > 0, got ${n}`)
  let correction = 0
  let m = n
  while (m <= STIRLING_SERIES_FROM) {
    correction += (m + 0.5) * Math.log1p(1 / m) - 1
    m += 1
  }
  const mm = m * m
  return correction + (S0 - (S1 - (S2 - (S3 - S4 / mm) / mm) / mm) / mm) / m
}

/** ln Γ(x) for x > 0. */
export function lgamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lgamma needs x > 0, got ${x}`)
  return stirlerr(x) + (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI
}

/**
 * bd0(x, m) = x ln(x/m) + m − x, the "deviance" term, computed without cancellation when x ≈ m.
 */
export function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m)
    let s = (x - m) * v
    let ej = 2 * x * v
    const v2 = v * v
    for (let j = 1; j < 1000; j++) {
      ej *= v2
      const next = s + ej / (2 * j + 1)
      if (next === s) return next
      s = next
    }
    return s
  }
  return x * Math.log(x / m) + m - x
}

/** m^x e^(−m) / Γ(x+1) for real x ≥ 0 and m ≥ 0 (the Poisson probability, extended to real x). */
export function poissonDensity(x: number, m: number): number {
  if (m === 0) return x === 0 ? 1 : 0
  if (x === 0) return Math.exp(-m)
  return Math.exp(-stirlerr(x) - bd0(x, m)) / Math.sqrt(TWO_PI * x)
}

/** ln B(a, b) for a, b > 0 without the cancellation of lgamma(a) + lgamma(b) − lgamma(a+b). */
export function lbeta(a: number, b: number): number {
  const p = Math.min(a, b)
  const q = Math.max(a, b)
  if (!(p > 0)) throw new RangeError(`lbeta needs a, b > 0, got ${a}, ${b}`)
  if (q < LBETA_DIRECT_BELOW) return lgamma(p) + lgamma(q) - lgamma(p + q)
  // ln Γ(q) − ln Γ(p+q), expanded with stirlerr so that the large terms cancel analytically.
  const lgammaRatio = stirlerr(q) - stirlerr(p + q) + p - p * Math.log(p + q) - (q - 0.5) * Math.log1p(p / q)
  if (p < LBETA_DIRECT_BELOW) return lgamma(p) + lgammaRatio
  return (
    stirlerr(p) +
    stirlerr(q) -
    stirlerr(p + q) -
    0.5 * Math.log(q) +
    LN_SQRT_2PI +
    (p - 0.5) * Math.log(p / (p + q)) +
    q * Math.log1p(-p / (p + q))
  )
}

/** The regularised incomplete gamma pair P(a, x) (lower) and Q(a, x) = 1 − P (upper), a > 0, x ≥ 0. */
export interface GammaTails {
  readonly lower: number
  readonly upper: number
}

export function regularisedGamma(a: number, x: number): GammaTails {
  if (!(a > 0)) throw new RangeError(`regularisedGamma needs a > 0, got ${a}`)
  if (Number.isNaN(x)) return { lower: NaN, upper: NaN }
  if (x <= 0) return { lower: 0, upper: 1 }
  if (x === Infinity) return { lower: 1, upper: 0 }
  // Each side is computed where it is small, so the tail we need keeps full relative precision.
  if (x < a + 1) {
    const lower = lowerGammaSeries(a, x)
    return { lower, upper: 1 - lower }
  }
  const upper = upperGammaFraction(a, x)
  return { lower: 1 - upper, upper }
}

/** P(a,x) = x^a e^−x / Γ(a+1) · Σ x^n / ((a+1)…(a+n)). */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1
  let sum = 1
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n)
    sum += term
    if (term < sum * CONVERGED) return poissonDensity(a, x) * sum
  }
  throw new Error(`incomplete gamma series did not converge (a=${a}, x=${x})`)
}

/** Q(a,x) = x^a e^−x / Γ(a) · 1/(x+1−a− 1(1−a)/(x+3−a− …)), by the modified Lentz method. */
function upperGammaFraction(a: number, x: number): number {
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const change = d * c
    h *= change
    if (Math.abs(change - 1) < CONVERGED * 10) return a * poissonDensity(a, x) * h
  }
  throw new Error(`incomplete gamma continued fraction did not converge (a=${a}, x=${x})`)
}

/**
 * The regularised incomplete beta I_x(a, b). The caller passes both x and y = 1 − x so that a
 * value of x near 1 keeps its precision (the t distribution needs exactly that).
 */
export function regularisedBeta(x: number, y: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularisedBeta needs a, b > 0, got ${a}, ${b}`)
  if (x <= 0) return 0
  if (y <= 0) return 1
  // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 − I_y(b,a).
  if (x < (a + 1) / (a + b + 2)) return betaFraction(x, y, a, b)
  return 1 - betaFraction(y, x, b, a)
}

/** ln x given x and its complement y = 1 − x; near 1, log1p(−y) keeps the digits that log(x) loses. */
function logOf(x: number, y: number): number {
  return x < 0.5 ? Math.log(x) : Math.log1p(-y)
}

/** x^a y^b / (a B(a,b)) times the continued fraction for I_x(a,b) (Numerical Recipes' betacf, Lentz). */
function betaFraction(x: number, y: number, a: number, b: number): number {
  const front = Math.exp(a * logOf(x, y) + b * logOf(y, x) - lbeta(a, b)) / a
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const change = d * c
    h *= change
    if (Math.abs(change - 1) < CONVERGED * 10) return front * h
  }
  throw new Error(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`)
}
