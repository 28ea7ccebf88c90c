/**
 * A worksheet cell as the text an analyst sees in Excel: numbers in plain decimals (to Excel's own
 * 15 significant digits, so no float noise), formulas as their saved result, dates as YYYY-MM-DD,
 * rich text as its plain text, percentages with their % sign (so 33.2% is refused as "not a
 * number" instead of being read as 0.332), TRUE and FALSE, and error values as written (#N/A).
 * Pure: the workbook is read elsewhere (xlsx-workbook.ts, xlsx-records.ts).
 */
import type ExcelJS from 'exceljs'
import { FileProblem } from './file-problem.js'

/** A cell whose content cannot be imported; `line` is its row, so a report can place it. */
export class XlsxCellError extends FileProblem {
  constructor(
    override readonly line: number,
    readonly cell: string,
    message: string,
  ) {
    super(line, message)
  }
}

export function cellText(cell: ExcelJS.Cell, line: number, date1904: boolean): string {
  const value = cell.value as unknown
  if (value === null || value === undefined) return ''
  if (typeof value === 'object' && !(value instanceof Date) && ('formula' in value || 'sharedFormula' in value)) {
    // exceljs leaves a result of 0 or '' out of `value`; `result` keeps it.
    const result = 'result' in value ? (value as { result: unknown }).result : cell.result
    if (result === undefined || result === null) {
      throw new XlsxCellError(
        line,
        cell.address,
        `cell ${cell.address} is a formula with no saved result: open and save the file in Excel, or paste values`,
      )
    }
    if ((typeof result === 'number' && Number.isNaN(result)) || (typeof result === 'object' && 'error' in result)) {
      throw new XlsxCellError(
        line,
        cell.address,
        `cell ${cell.address} is a formula whose result is an error (such as #N/A or #DIV/0!): correct it, or clear the cell`,
      )
    }
    // A formula's numeric result comes as a number even where its format shows a date.
    if (typeof result === 'number' && isDateFormat(cell.numFmt)) return isoDate(excelDate(result, date1904), cell, line)
    return plainText(result, cell, line)
  }
  return plainText(value, cell, line)
}

function plainText(value: unknown, cell: ExcelJS.Cell, line: number): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') {
    // Excel holds finite numbers only; 1e309 in a file's XML is read as Infinity, and garbage as NaN.
    if (!Number.isFinite(value))
      throw new XlsxCellError(
        line,
        cell.address,
        `cell ${cell.address} holds a number Excel cannot hold: type the value in again`,
      )
    return isPercentFormat(cell.numFmt) ? `${decimal(value * 100)}%` : decimal(value)
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return isoDate(value, cell, line)
  if (typeof value === 'object' && value !== null) {
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text ?? '').join('')
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error)
    if ('text' in value) return plainText((value as { text: unknown }).text, cell, line) // a hyperlink's shown text
  }
  throw new XlsxCellError(
    line,
    cell.address,
    `cell ${cell.address} holds a value the importer cannot read: type the value in, or paste values`,
  )
}

/**
 * Plain decimal text: rounded to 15 significant digits (all Excel keeps: it shows 0.1+0.2 as 0.3,
 * and writes 33.2 to its file as 33.200000000000003), then the shortest text that reads back as
 * that number, written out in full where JavaScript would use an exponent (1e-7, 1e+21).
 */
export function decimal(n: number): string {
  const text = String(Number(n.toPrecision(15)))
  const exp = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!exp) return text
  const [, sign, whole, fraction = '', power] = exp
  const digits = whole! + fraction
  const point = 1 + Number(power) // where the decimal point falls in the digits
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

function isoDate(date: Date, cell: ExcelJS.Cell, line: number): string {
  if (Number.isNaN(date.getTime()))
    throw new XlsxCellError(line, cell.address, `cell ${cell.address} is formatted as a date but holds no valid date`)
  return date.toISOString().slice(0, 10)
}

/** Excel's day number (days since 1899-12-30, or since 1904-01-01 in a 1904-dated workbook) as a UTC date. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000))
}

/** A number format's own characters, less its quoted text and [colour]/[condition] parts. */
const formatCode = (format: string | undefined) =>
  (format ?? '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')

/** As exceljs decides a cell is a date, so formula results read the same as typed dates. */
const isDateFormat = (format: string | undefined) => /[ymdhMsb]/.test(formatCode(format))

const isPercentFormat = (format: string | undefined) => formatCode(format).includes('%')
