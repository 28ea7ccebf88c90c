/**
 * The one RFC 4180 CSV reader, as a tokenizer fed text a piece at a time (`push`), so a file is read
 * in chunks with flat memory (csv-stream.ts) and a string at once alike (`parseCsvText`). Records
 * carry the line they start on: quoted fields may hold line breaks, so a record's number and its
 * line differ, and analysts need the line. Anything a spreadsheet would not write is refused with
 * its line: a quote inside an unquoted field, text after a closing quote, a quote left open, a field
 * or a record beyond any spreadsheet's limits.
 */
import { FileProblem } from './file-problem.js'

export interface CsvRecord {
  line: number
  fields: string[]
}

export class CsvSyntaxError extends FileProblem {
  constructor(
    override readonly line: number,
    reason: string,
  ) {
    super(line, reason, `line ${line}: ${reason}`)
  }
}

/** The most characters one field may hold: Excel's cells hold 32,767, so this is far beyond any real one. */
export const MAX_FIELD_CHARS = 1_048_576
/** The most fields one record may have: Excel's own limit on columns. */
export const MAX_FIELDS = 16_384

const SPECIAL = /[",\r\n]/g

export class CsvTokenizer {
  private field = ''
  private fields: string[] = []
  private inQuotes = false
  private pendingQuote = false // in a quoted field, a quote that closes it unless another follows
  private line = 1
  private recordLine = 1
  private empty = true // nothing read yet of the current record
  private afterCr = false // the last piece ended with \r: a \n starting the next is the same line break

  /** The line the reader has reached: where a fault found outside the text (a bad byte) is. */
  get currentLine(): number {
    return this.line
  }

  /** The records completed by this piece of text. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = []
    let i = this.afterCr && text[0] === '\n' ? 1 : 0
    this.afterCr = false
    while (i < text.length) {
      if (this.pendingQuote) i = this.afterClosingQuote(text, i)
      else if (this.inQuotes) i = this.quoted(text, i)
      else i = this.unquoted(text, i, out)
    }
    return out
  }

  /** The last record, when the text did not end with a line break. */
  finish(): CsvRecord[] {
    if (this.inQuotes && !this.pendingQuote)
      throw new CsvSyntaxError(this.recordLine, 'a quoted field is not closed before the end of the file')
    if (this.empty) return []
    this.fields.push(this.field)
    return [{ line: this.recordLine, fields: this.fields }]
  }

  private afterClosingQuote(text: string, i: number): number {
    this.pendingQuote = false
    if (text[i] === '"') {
      this.field += '"'
      return i + 1
    }
    this.inQuotes = false
    if (!/[,\r\n]/.test(text[i]!)) {
      throw new CsvSyntaxError(
        this.line,
        `unexpected character ${JSON.stringify(text[i])} after a closing quote: quote the whole field and double any quote inside it ("")`,
      )
    }
    return i
  }

  private quoted(text: string, i: number): number {
    const quote = text.indexOf('"', i)
    const end = quote < 0 ? text.length : quote
    if (end > i) {
      // Line breaks counted in this stretch alone: searching past it made doubled quotes quadratic.
      const part = text.slice(i, end)
      for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.line++
      this.field += part
      if (this.field.length > MAX_FIELD_CHARS) this.tooLong()
    }
    if (quote >= 0) this.pendingQuote = true
    return end + (quote >= 0 ? 1 : 0)
  }

  private unquoted(text: string, i: number, out: CsvRecord[]): number {
    SPECIAL.lastIndex = i
    const match = SPECIAL.exec(text)
    const at = match ? match.index : text.length
    if (at > i) {
      this.field += text.slice(i, at)
      if (this.field.length > MAX_FIELD_CHARS) this.tooLong()
      this.empty = false
    }
    if (!match) return text.length
    const ch = text[at]!
    let next = at + 1
    if (ch === ',') {
      if (this.fields.length >= MAX_FIELDS - 1)
        throw new CsvSyntaxError(
          this.recordLine,
          `a record has more than ${MAX_FIELDS.toLocaleString('en-GB')} fields, more columns than a spreadsheet has`,
        )
      this.fields.push(this.field)
      this.field = ''
      this.empty = false
    } else if (ch === '"') {
      if (this.field !== '')
        throw new CsvSyntaxError(
          this.line,
          'a quote inside an unquoted field: quote the whole field and double the quote ("")',
        )
      this.inQuotes = true
      this.empty = false
    } else {
      if (ch === '\r' && text[next] === '\n') next++
      else if (ch === '\r' && next === text.length) this.afterCr = true
      this.endRecord(out)
    }
    return next
  }

  private endRecord(out: CsvRecord[]): void {
    if (!this.empty) {
      this.fields.push(this.field)
      out.push({ line: this.recordLine, fields: this.fields })
    }
    this.fields = []
    this.field = ''
    this.empty = true
    this.line++
    this.recordLine = this.line
  }

  private tooLong(): never {
    throw new CsvSyntaxError(
      this.recordLine,
      `a field of the record starting on this line is longer than ${MAX_FIELD_CHARS.toLocaleString('en-GB')} characters: is a quote left open?`,
    )
  }
}

/** Every record of a CSV text held in memory (a leading byte-order mark is ignored). */
export function parseCsvText(text: string): CsvRecord[] {
  const tokenizer = new CsvTokenizer()
  return [...tokenizer.push(text.replace(/^\uFEFF/, '')), ...tokenizer.finish()]
}
