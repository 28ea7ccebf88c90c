import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, CsvTokenizer, parseCsvText } from './csv-tokenizer.js'

/** The records of `text` fed to one tokenizer in the given pieces. */
function inPieces(text: string, cuts: number[]) {
  const tokenizer = new CsvTokenizer()
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const records = []
  let from = 0
  for (const at of [...points, text.length]) {
    records.push(...tokenizer.push(text.slice(from, at)))
    from = at
  }
  return [...records, ...tokenizer.finish()]
}

describe('the one CSV reader', () => {
  it('reads the same records however the text is cut into pieces (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '£') })
    const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(rows, fc.array(fc.nat(200), { maxLength: 8 }), (table, cuts) => {
        // Rows of one empty field are blank lines, which the reader skips by design.
        const written = table.filter((row) => !(row.length === 1 && row[0] === ''))
        const quoted = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)
        const text = written.map((row) => row.map(quoted).join(',') + '\r\n').join('')
        const whole = parseCsvText(text)
        expect(inPieces(text, cuts)).toEqual(whole)
        expect(whole.map((r) => r.fields)).toEqual(written)
      }),
      { seed: 20261202, numRuns: 300 },
    )
  })

  it('refuses text after a closing quote and a quote inside an unquoted field, naming the line', () => {
    expect(() => parseCsvText('a,b\n"x"y,1')).toThrow(CsvSyntaxError)
    expect(() => parseCsvText('a,b\n"x"y,1')).toThrow(/^line 2: unexpected character "y" after a closing quote/)
    expect(() => parseCsvText('a,b\n\nx"y,1')).toThrow(/^line 3: a quote inside an unquoted field/)
    expect(() => parseCsvText('a\n"open,1\n2')).toThrow(/^line 2: a quoted field is not closed/)
  })

  it('keeps a CRLF split across two pieces as one line break', () => {
    const tokenizer = new CsvTokenizer()
    const records = [...tokenizer.push('a,b\r'), ...tokenizer.push('\n1,2\r\n'), ...tokenizer.finish()]
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ])
  })
})
