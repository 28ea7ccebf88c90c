import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv-write.js'

describe('csv for spreadsheets', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const attack of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(attack).replace(/^"/, '').startsWith("'")).toBe(true)
    }
  })
  it('keeps numbers as numbers, negative ones too, and leaves ordinary text alone', () => {
    expect(csvCell(-2.5)).toBe('-2.5')
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell('Barking and Dagenham')).toBe('Barking and Dagenham')
    expect(csvCell(null)).toBe('')
  })
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"\nthere']])).toBe('a,b\r\n"x, y","say ""hi""\nthere"\r\n')
  })
})
