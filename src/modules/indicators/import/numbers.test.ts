/** Numbers read strictly: nothing guessed, finite and in range, whole where they count things. */
import { describe, expect, it } from 'vitest'
import { MAX_MAGNITUDE, parseNumber } from './numbers.js'

describe('parseNumber', () => {
  it('reads plain decimals, signs and exponents, and nothing as null', () => {
    expect(
      ['33.2', '-2.5', '+7', '.5', '5.', '1e3', '2.5E-3', '0', '-0', '1000000000000000'].map((t) => parseNumber(t)),
    ).toEqual([33.2, -2.5, 7, 0.5, 5, 1000, 0.0025, 0, 0, MAX_MAGNITUDE])
    expect(parseNumber('')).toBeNull()
  })

  it('refuses a comma, decimal or thousands, rather than guess ("1,5" was stored as 15)', () => {
    for (const text of ['1,5', '1,234', '1,234.5', '-0,5']) {
      expect(parseNumber(text)).toEqual({
        error: `"${text}" is not a number: write numbers with a point for decimals and no thousands separators (1.5, 1234)`,
      })
    }
    expect(parseNumber('ten')).toEqual({ error: '"ten" is not a number' })
    for (const text of ['Infinity', 'NaN', '0x10', '1_000', '1 234', '33.2%', '£5', '1e', '--1'])
      expect(parseNumber(text)).toEqual({ error: `"${text}" is not a number` })
  })

  it('refuses what is not finite or beyond 10^15, and what is too small to be stored as anything but 0', () => {
    expect(parseNumber('1e309')).toEqual({ error: '"1e309" is larger than any figure read here (at most 10^15)' })
    expect(parseNumber('-1e16')).toEqual({ error: '"-1e16" is larger than any figure read here (at most 10^15)' })
    expect(parseNumber('1e-400')).toEqual({ error: '"1e-400" is too small to store: write 0 if it is zero' })
    expect(parseNumber('0e-400')).toBe(0)
    expect(parseNumber('0.000e5')).toBe(0)
  })

  it('reads counts and denominators as whole numbers only', () => {
    expect(parseNumber('2.5', { whole: 'count' })).toEqual({ error: 'the count must be a whole number, not 2.5' })
    expect(parseNumber('332.0', { whole: 'count' })).toBe(332)
    expect(parseNumber('1e3', { whole: 'denominator' })).toBe(1000)
  })
})
