/**
 * A tiny RFC 4180 CSV reader and writer: quoted fields may hold commas, quotes ("") and line
 * breaks. Records remember the line they start on, so errors can point at the analyst's file.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  readonly line: number
  readonly fields: readonly string[]
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvError'
  }
}

const QUOTE = '"'
const COMMA = ','
const BOM = '\uFEFF'

/** Parses CSV text into records. Blank lines are skipped; a leading byte-order mark is ignored. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith(BOM) ? text.slice(1) : text
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let quoted = false
  let afterQuote = false
  let i = 0
  const endRecord = (): void => {
    fields.push(field)
    if (!(fields.length === 1 && fields[0] === '' && !afterQuote)) records.push({ line: recordLine, fields })
    fields = []
    field = ''
    afterQuote = false
  }
  while (i < input.length) {
    const c = input[i]
    if (quoted) {
      if (c === QUOTE && input[i + 1] === QUOTE) {
        field += QUOTE
        i += 2
        continue
      }
      if (c === QUOTE) {
        quoted = false
        afterQuote = true
      } else {
        if (c === '\n') line++
        field += c
      }
      i++
      continue
    }
    if (c === COMMA) {
      fields.push(field)
      field = ''
      afterQuote = false
    } else if (c === '\r' || c === '\n') {
      endRecord()
      if (c === '\r' && input[i + 1] === '\n') i++
      line++
      recordLine = line
    } else if (afterQuote) {
      throw new CsvError(`unexpected character ${JSON.stringify(c)} after a closing quote`, line)
    } else if (c === QUOTE && field === '') {
      quoted = true
    } else {
      field += c
    }
    i++
  }
  if (quoted) throw new CsvError('a quoted field is not closed', recordLine)
  if (field !== '' || fields.length > 0 || afterQuote) endRecord()
  return records
}

/** Quotes a field when it holds a comma, quote or line break, or starts or ends with a space. */
export function formatCsvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? QUOTE + value.replaceAll(QUOTE, QUOTE + QUOTE) + QUOTE : value
}

/** Writes records with CRLF line endings, as RFC 4180 specifies. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(formatCsvField).join(COMMA) + '\r\n').join('')
}
