import { describe, expect, it } from 'vitest'
import { formatSourceNumber, readSourceCell } from './source-values.js'

describe('readSourceCell', () => {
  it('reads numbers as publishers write them', () => {
    expect(readSourceCell(' 24.710')).toEqual({ value: 24.71 })
    expect(readSourceCell('7.0000000000000007E-2')).toEqual({ value: 0.07000000000000001 })
    expect(readSourceCell('1,258')).toEqual({ value: 1258 })
    expect(readSourceCell('-0.5')).toEqual({ value: -0.5 })
  })

  it('keeps a suppression symbol as the reason, never as zero', () => {
    expect(readSourceCell('c')).toEqual({ missing: 'suppressed by the publisher (c)' })
    expect(readSourceCell('low')).toEqual({ missing: 'suppressed by the publisher (low)' })
    expect(readSourceCell('x')).toEqual({ missing: 'not available from the publisher (x)' })
    expect(readSourceCell('z')).toEqual({ missing: 'not applicable (z)' })
    expect(readSourceCell('-')).toMatchObject({ missing: expect.stringContaining('"-"') })
    expect(readSourceCell('')).toEqual({ missing: 'no value in the published file' })
  })

  it('refuses anything else', () => {
    expect(readSourceCell('twelve')).toEqual({ error: '"twelve" is neither a number nor a known publisher\'s symbol' })
  })
})

describe('formatSourceNumber', () => {
  it("drops a double's noise and writes the same text every time", () => {
    expect(formatSourceNumber(71.599999999999994)).toBe('71.6')
    expect(formatSourceNumber(18.899999999999999)).toBe('18.9')
    expect(formatSourceNumber(4.7980000000000002e-2)).toBe('0.04798')
    expect(formatSourceNumber(3.3692481695339005)).toBe('3.36924816953')
    expect(formatSourceNumber(-0)).toBe('0')
    expect(formatSourceNumber(402400)).toBe('402400')
  })
})
