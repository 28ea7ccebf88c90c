import { describe, expect, it } from 'vitest'
import { axisTicks, formatTick, linearScale, niceTicks, valueDomain } from './scales.js'

/** A step is nice when it is 1, 2 or 5 times a power of ten. */
function isNiceStep(step: number): boolean {
  const power = Math.floor(Math.log10(step) + 1e-9)
  const mantissa = Number((step / 10 ** power).toPrecision(12))
  return [1, 2, 5].includes(mantissa)
}

describe('niceTicks', () => {
  const ranges: [number, number][] = [
    [0, 1],
    [0, 100],
    [0, 97.3],
    [12, 87],
    [80.2, 95.7],
    [-37, 12],
    [-5, -1],
    [0.0001, 0.0003],
    [0.1, 0.3],
    [1234, 98765],
    [3.3, 3.31],
    [-0.02, 0.015],
    [0, 7],
    [999, 1001],
    [0, 0.7],
  ]

  it.each(ranges)('gives nice, evenly spaced ticks covering [%s, %s]', (min, max) => {
    const { values, step } = niceTicks(min, max)
    expect(isNiceStep(step)).toBe(true)
    expect(values[0]).toBeLessThanOrEqual(min + step * 1e-6)
    expect(values[values.length - 1]).toBeGreaterThanOrEqual(max - step * 1e-6)
    expect(values.length).toBeGreaterThanOrEqual(3)
    expect(values.length).toBeLessThanOrEqual(8)
    for (let i = 1; i < values.length; i++) expect(values[i] - values[i - 1]).toBeCloseTo(step, 10)
    // Every tick is a whole multiple of the step, printed without binary noise.
    for (const v of values) {
      expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-9)
      expect(String(v).length).toBeLessThan(12)
    }
  })

  it('does not add a tick below a minimum that is already a multiple of the step', () => {
    expect(niceTicks(0.1, 0.3).values[0]).toBe(0.1)
    expect(niceTicks(0, 100).values).toEqual([0, 20, 40, 60, 80, 100])
  })

  it('widens a zero-width range so a single value still has an axis', () => {
    const a = niceTicks(5, 5)
    expect(a.values[0]).toBeLessThan(5)
    expect(a.values[a.values.length - 1]).toBeGreaterThan(5)
    const z = niceTicks(0, 0)
    expect(z.values[0]).toBeLessThan(0)
    expect(z.values[z.values.length - 1]).toBeGreaterThan(0)
  })

  it('accepts reversed bounds and refuses non-finite ones', () => {
    expect(niceTicks(10, 0).values).toEqual(niceTicks(0, 10).values)
    expect(() => niceTicks(0, Infinity)).toThrow(RangeError)
    expect(() => niceTicks(NaN, 1)).toThrow(RangeError)
  })
})

describe('valueDomain', () => {
  it('starts at zero when the data are non-negative and the minimum is within 40% of the maximum', () => {
    expect(valueDomain([10, 50, 100])[0]).toBe(0)
    expect(valueDomain([40, 100])[0]).toBe(0)
  })

  it('pads instead when the minimum is far from zero', () => {
    const [lo, hi] = valueDomain([80, 95])
    expect(lo).toBeGreaterThan(0)
    expect(lo).toBeLessThan(80)
    expect(hi).toBeGreaterThan(95)
  })

  it('never pads a non-negative axis below zero, and ends all-negative data at zero when close', () => {
    expect(valueDomain([41, 100])[0]).toBeGreaterThanOrEqual(0)
    expect(valueDomain([-100, -10])[1]).toBe(0)
    const [lo, hi] = valueDomain([-100, -90])
    expect(lo).toBeLessThan(-100)
    expect(hi).toBeLessThan(0)
  })

  it('spans negative and positive values, ignores non-finite ones, and has a default', () => {
    const [lo, hi] = valueDomain([-5, 3, NaN])
    expect(lo).toBeLessThan(-5)
    expect(hi).toBeGreaterThan(3)
    expect(valueDomain([])).toEqual([0, 1])
  })

  it('gives ticks with distinct labels for very small numbers', () => {
    const t = axisTicks([0.00008, 0.00018, 0.00025])
    const labels = t.values.map((v) => formatTick(v, t.decimals))
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels[0]).toMatch(/^0\.0+$/)
    expect(t.step).toBe(0.00005)
  })
})

describe('formatTick and linearScale', () => {
  it('groups thousands and uses a minus sign', () => {
    expect(formatTick(12500, 0)).toBe('12,500')
    expect(formatTick(-2.5, 1)).toBe('\u22122.5')
    expect(formatTick(-0.00001, 2)).toBe('0.00')
  })

  it('maps a domain linearly onto a range (including inverted ranges for y)', () => {
    const y = linearScale(0, 100, 300, 100)
    expect(y(0)).toBe(300)
    expect(y(100)).toBe(100)
    expect(y(25)).toBe(250)
  })
})
