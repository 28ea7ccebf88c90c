import { describe, expect, it } from 'vitest'
import { escapeXml, num, safeId, textWidth, wrapText } from './svg.js'

describe('svg helpers', () => {
  it('escapes the five XML specials and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    )
    expect(escapeXml('a\u0000b\u0007c\td')).toBe('abc\td')
  })

  it('rounds coordinates to one decimal without -0 or exponents', () => {
    expect(num(12.345)).toBe('12.3')
    expect(num(12.35)).toBe('12.4')
    expect(num(-0.04)).toBe('0')
    expect(num(1e-9)).toBe('0')
    expect(num(100)).toBe('100')
  })

  it('makes ids safe for aria-labelledby (one token, starts with a letter)', () => {
    expect(safeId('trend chart 1')).toBe('trend-chart-1')
    expect(safeId('1abc')).toBe('chart-1abc')
    expect(safeId('a"><script>')).not.toMatch(/[<>"\s]/)
  })

  it('wraps words to a width and keeps every word', () => {
    const content = 'Percentage of children achieving a good level of development at the end of reception'
    const lines = wrapText(content, 200, 14)
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join(' ')).toBe(content)
    for (const line of lines) if (line.includes(' ')) expect(textWidth(line, 14)).toBeLessThanOrEqual(200)
  })
})
