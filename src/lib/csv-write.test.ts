import { describe, expect, it } from 'vitest'
import { csvCell, csvChunks, toCsv } from './csv-write.js'

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

describe('csvChunks', () => {
  it('gives the same text as toCsv, a few lines at a time', () => {
    const header = ['name', 'value', 'note']
    const rows = Array.from({ length: 25 }, (_, i) => [
      `=row ${i}`,
      i % 3 ? -i / 7 : null,
      i % 4 ? 'a "quoted", note\n' : true,
    ])
    const chunks = [...csvChunks(header, rows, 4)]
    expect(chunks).toHaveLength(7) // the header and 25 lines, four to a chunk
    expect(chunks.join('')).toBe(toCsv(header, rows))
    expect([...csvChunks(header, [])].join('')).toBe(toCsv(header, []))
  })
})
