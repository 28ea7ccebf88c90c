/**
 * CSV for people to open in spreadsheets. RFC 4180 quoting, CRLF endings, and safe from formula
 * injection: a text cell starting with = + - @, tab or carriage return is what Excel and LibreOffice
 * run as a formula, so it gets a leading apostrophe (OWASP's advice). Numbers are written as
 * numbers, so a negative value stays a number.
 */
export type CsvCell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

/** Text a spreadsheet would run as a formula, made inert with a leading apostrophe (CSV and XLSX alike). */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const text = formulaSafe(value)
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('')
}

/**
 * The same text as toCsv, a chunk of lines at a time, for a file too large to hold as one string
 * (a national download is hundreds of megabytes; a string cannot pass about 512 MB in Node at all).
 */
export function* csvChunks(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  linesPerChunk = 1000,
): Generator<string> {
  const line = (row: readonly CsvCell[]) => row.map(csvCell).join(',') + '\r\n'
  let lines = [line(header)]
  for (const row of rows) {
    lines.push(line(row))
    if (lines.length >= linesPerChunk) {
      yield lines.join('')
      lines = []
    }
  }
  if (lines.length) yield lines.join('')
}
