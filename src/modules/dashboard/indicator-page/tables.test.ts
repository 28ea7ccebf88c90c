import { describe, expect, it } from 'vitest'
import { cellText } from './tables.js'

describe('a table cell as shown', () => {
  it('writes a value to the indicator’s decimal places, grouped by thousands', () => {
    expect(cellText(70, 1)).toBe('70.0')
    expect(cellText(1234.5, 1)).toBe('1,234.5')
    expect(cellText(12, 0)).toBe('12')
    expect(cellText(0, 1)).toBe('0.0')
  })

  it('never rounds a small figure to nothing, and leaves other cells as they are', () => {
    expect(cellText(0.043, 1)).toBe('0.043')
    expect(cellText(70)).toBe('70')
    expect(cellText('Suppressed (small number)', 1)).toBe('Suppressed (small number)')
    expect(cellText(null, 1)).toBe('')
  })
})
