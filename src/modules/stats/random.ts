/**
 * A small seeded random number generator, so that simulations (SII intervals) are reproducible
 * and testable. Not for cryptography.
 */
import { qnorm } from './distributions.js'

/** Returns uniform numbers strictly inside (0, 1). */
export type UniformRandom = () => number

const TWO_POW_32 = 2 ** 32
const TWO_POW_53 = 2 ** 53

/**
 * xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32; two 32-bit outputs make one
 * 53-bit uniform, offset by half a step so that 0 and 1 never occur.
 */
export function seededRandom(seed: number): UniformRandom {
  let x = seed >>> 0
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  const s = [splitmix(), splitmix(), splitmix(), splitmix()]
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
    const t = (s[1] << 9) >>> 0
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }
  return () => {
    const high = next32() >>> 11 // 21 bits
    const low = next32() // 32 bits
    return (high * TWO_POW_32 + low + 0.5) / TWO_POW_53
  }
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0
}

/** A standard normal deviate by inversion (R's default method). */
export function normalDeviate(random: UniformRandom): number {
  return qnorm(random())
}
