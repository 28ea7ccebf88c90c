/**
 * CSV for people to open in spreadsheets. RFC 4180 quoting, CRLF endings, and safe from formula
 * injection: a text cell starting with = + - @, tab or carriage return is what Excel and LibreOffice
 * run as a formula, so it gets a leading apostrophe (OWASP's advice). Numbers are written as
 * numbers, so a negative value stays a number.
 */
export type CsvCell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('')
}
