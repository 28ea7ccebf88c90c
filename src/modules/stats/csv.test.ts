import { describe, expect, it } from 'vitest'
import { CsvError, formatCsvField, parseCsv, writeCsv } from './csv.js'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping each record’s line', () => {
    const text = 'name,note\r\n"Campylobacter incidence rate/100,000\n",plain\n"say ""hi""",x\n'
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Campylobacter incidence rate/100,000\n', 'plain'] },
      { line: 4, fields: ['say "hi"', 'x'] },
    ])
  })

  it('skips blank lines and a byte-order mark, keeps empty fields, and reads a last line without a newline', () => {
    expect(parseCsv('\uFEFFa,b\n\n1,\n,""\n2,3')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', ''] },
      { line: 4, fields: ['', ''] },
      { line: 5, fields: ['2', '3'] },
    ])
    expect(parseCsv('')).toEqual([])
  })

  it('reports an unclosed quote and stray text after a closing quote, with the line', () => {
    expect(() => parseCsv('a\n"open,1\n2')).toThrow(CsvError)
    expect(() => parseCsv('a\n"open,1\n2')).toThrow(/line 2/)
    expect(() => parseCsv('a,b\n"x"y,1')).toThrow(/after a closing quote/)
  })
})

describe('writeCsv', () => {
  it('quotes only where needed and round-trips through parseCsv', () => {
    expect(formatCsvField('plain')).toBe('plain')
    expect(formatCsvField('a,b')).toBe('"a,b"')
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""')
    expect(formatCsvField(' padded')).toBe('" padded"')
    const rows = [
      ['h1', 'h2'],
      ['1,2', 'line\nbreak'],
      ['', '"'],
    ]
    const text = writeCsv(rows)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows)
  })
})
