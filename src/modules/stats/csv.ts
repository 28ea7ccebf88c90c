/**
 * CSV for the statistics files: text in (through the one reader, src/lib/csv-tokenizer.ts) and out
 * (RFC 4180, quoting only where needed). Records remember the line they start on, so errors can
 * point at the analyst's file.
 */
import { CsvSyntaxError, parseCsvText } from '../../lib/csv-tokenizer.js'

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

/** Parses CSV text into records (lib/csv-tokenizer.ts): blank lines are skipped; a leading byte-order mark is ignored. */
export function parseCsv(text: string): CsvRecord[] {
  try {
    return parseCsvText(text)
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CsvError(error.reason, error.line)
    throw error
  }
}

/** Quotes a field when it holds a comma, quote or line break, or starts or ends with a space. */
export function formatCsvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? QUOTE + value.replaceAll(QUOTE, QUOTE + QUOTE) + QUOTE : value
}

/** Writes records with CRLF line endings, as RFC 4180 specifies. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(formatCsvField).join(COMMA) + '\r\n').join('')
}
