/**
 * The rows of one worksheet of an Excel workbook (.xlsx) as the same records `readCsvRecords`
 * gives, so an XLSX file goes through the same import as a CSV. Each record's line is the
 * worksheet's row number, so an analyst finds a reported row in Excel.
 *
 * Memory stays flat: the workbook is unzipped as it arrives and exceljs's streaming reader parses
 * the sheet's XML a chunk at a time, handing over rows that are turned into text and let go one by
 * one. Held whole are only the shared-string table (each distinct text of the workbook once, which
 * Excel stores apart from the cells) and, where the file stores a sheet before that table or the
 * sheet names (exceljs and Excel itself do), a copy of the sheet in a temporary file on disk, not
 * in memory, removed when the read ends.
 *
 * A cell becomes the text an analyst sees in Excel: numbers in plain decimals (to Excel's own 15
 * significant digits, so no float noise), formulas as their saved result, dates as YYYY-MM-DD,
 * rich text as its plain text, percentages with their % sign (so 33.2% is refused as "not a
 * number" instead of being read as 0.332), TRUE and FALSE, and error values as written (#N/A).
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { Readable, type Duplex } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import ExcelJS from 'exceljs'
import type { CsvRecord } from '../../../lib/csv-stream.js'

export interface XlsxOptions {
  /** The worksheet to read, by its tab name; the first visible worksheet when not given. */
  sheet?: string
}

/** A cell whose content cannot be imported; `line` is its row, so a report can place it. */
export class XlsxCellError extends Error {
  constructor(
    readonly line: number,
    readonly cell: string,
    message: string,
  ) {
    super(message)
  }
}

/** exceljs's streaming reader, with the parts of it used here that its types leave out. */
interface Reader {
  model?: { sheets?: { name: string; state?: string }[] }
  properties?: { model?: { date1904?: boolean } }
  workbookRels?: unknown
  sharedStrings?: unknown[]
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(content: AsyncIterable<unknown>, sheetNo: string): Iterator<{ value: SheetReader }>
}
type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name: string }
interface ZipEntry extends Readable {
  path: string
  autodrain(): unknown
}

// The unzipper that exceljs itself depends on, whichever copy that is.
const unzipper = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper') as {
  Parse(options: { forceStream: true }): Duplex
}

/**
 * Reads the worksheet's rows; stops reading the file once that sheet is read. A stream given is
 * read (and destroyed when done, as Node's own stream iteration does); a path is opened here.
 */
export async function* readXlsxRecords(input: string | NodeJS.ReadableStream, options: XlsxOptions = {}): AsyncGenerator<CsvRecord> {
  const source = typeof input === 'string' ? createReadStream(input) : input instanceof Readable ? input : Readable.from(input)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // number formats: which numbers are dates or percentages
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as Reader
  let spoolDir: string | undefined
  const spool = async () => (spoolDir ??= await mkdtemp(path.join(os.tmpdir(), 'best-chance-xlsx-')))
  const seen: string[] = []
  let found = false
  try {
    for await (const sheet of worksheets(reader, source, spool)) {
      seen.push(sheet.name)
      if (!isWanted(sheet.name, reader.model?.sheets, options.sheet)) continue
      found = true
      const date1904 = reader.properties?.model?.date1904 === true
      for await (const row of sheet) {
        const fields: string[] = []
        for (let col = 1; col <= row.cellCount; col++) {
          const cell = row.findCell(col)
          fields.push(cell ? cellText(cell, row.number, date1904) : '')
        }
        if (fields.some((f) => f.trim() !== '')) yield { line: row.number, fields }
      }
      break // the rest of the file is not needed
    }
  } catch (error) {
    if (error instanceof XlsxCellError) throw error
    throw new Error(notReadable(error), { cause: error })
  } finally {
    source.destroy() // done with it, or stopped early (a bad header, a bad cell): let go of the file
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true })
  }
  if (seen.length === 0) throw new Error('the file has no worksheets: it is not an Excel workbook (.xlsx)')
  if (!found) {
    const names = reader.model?.sheets?.map((s) => s.name) ?? seen
    throw new Error(`the workbook has no worksheet named "${options.sheet ?? ''}": its worksheets are ${names.map((s) => `"${s}"`).join(', ')}`)
  }
}

/**
 * The workbook's worksheets, each ready to be read row by row: exceljs's WorkbookReader.parse,
 * less two faults. It walks the zip with a loop that can drop the last entries (unzipper says
 * "end" while entries still wait in its buffer: exceljs issue 3064; a small workbook lost its
 * workbook.xml, so its sheet names, in about 1 read in 40 here), where Node's own stream iterator
 * hands over every entry. And it reads a sheet stored before the sheet names or number formats
 * before it knows them. A sheet that comes before what it needs is copied to a temporary file (on
 * disk, not in memory) and read once the rest of the file is.
 */
async function* worksheets(reader: Reader, source: Readable, spool: () => Promise<string>): AsyncGenerator<SheetReader> {
  const zip = unzipper.Parse({ forceStream: true })
  zip.on('error', () => {}) // errors reach the loop below through Node's iterator; this keeps a late one from crashing
  let current: ZipEntry | undefined
  // pipe does not pass on the file's read errors: without this a missing or unreadable file would
  // hang the read, waiting for the rest of the zip.
  const fail = (error: Error) => {
    zip.destroy(error)
    current?.destroy(error)
  }
  if (source.errored) throw source.errored
  source.on('error', fail)
  source.pipe(zip)
  const waiting: { sheetNo: string; file: string }[] = []
  let stylesRead = false
  for await (const entry of zip as AsyncIterable<ZipEntry>) {
    current = entry
    const sheetNo = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.path)?.[1]
    if (entry.path === 'xl/_rels/workbook.xml.rels') await reader._parseRels(entry)
    else if (entry.path === 'xl/workbook.xml') await reader._parseWorkbook(entry)
    else if (entry.path === 'xl/sharedStrings.xml') for await (const _ of reader._parseSharedStrings(entry));
    else if (entry.path === 'xl/styles.xml') {
      await reader._parseStyles(entry)
      stylesRead = true
    } else if (sheetNo !== undefined) {
      if (reader.workbookRels && reader.model && reader.sharedStrings && stylesRead) {
        yield reader._parseWorksheet(entry, sheetNo).next().value.value
      } else {
        const file = path.join(await spool(), `sheet${sheetNo}.xml`)
        await pipeline(entry, createWriteStream(file))
        waiting.push({ sheetNo, file })
      }
    }
    entry.autodrain()
  }
  current = undefined
  for (const { sheetNo, file } of waiting) {
    // Opened only if the sheet is read.
    const content = { [Symbol.asyncIterator]: () => createReadStream(file)[Symbol.asyncIterator]() }
    yield reader._parseWorksheet(content, sheetNo).next().value.value
  }
}

/** The sheet to read: the one named (Excel compares sheet names without case), else the first visible tab. */
function isWanted(name: string, tabs: { name: string; state?: string }[] | undefined, wanted: string | undefined): boolean {
  if (wanted !== undefined) {
    const exact = tabs?.find((t) => t.name === wanted)
    return exact ? name === exact.name : name.toLowerCase() === wanted.toLowerCase()
  }
  const first = tabs?.find((t) => !t.state || t.state === 'visible') ?? tabs?.[0]
  return first ? name === first.name : true // no tab list: the first sheet in the file
}

function notReadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return 'the file was not found'
  if (code === 'EISDIR') return 'that is a folder, not a file'
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read: permission denied'
  if (code && (error as NodeJS.ErrnoException).syscall) return `the file could not be read (${(error as Error).message})`
  const message = error instanceof Error ? error.message : String(error)
  // The signature of the compound files of Excel 97-2003, read as the zip header it is not.
  if (/0xe011cfd0/i.test(message)) return 'this is an older Excel file (.xls): open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV'
  return `this is not an Excel workbook (.xlsx), or the file is damaged (${message}): open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV`
}

function cellText(cell: ExcelJS.Cell, line: number, date1904: boolean): string {
  const value = cell.value as unknown
  if (value === null || value === undefined) return ''
  if (typeof value === 'object' && !(value instanceof Date) && ('formula' in value || 'sharedFormula' in value)) {
    // exceljs leaves a result of 0 or '' out of `value`; `result` keeps it.
    const result = 'result' in value ? (value as { result: unknown }).result : cell.result
    if (result === undefined || result === null) {
      throw new XlsxCellError(line, cell.address, `cell ${cell.address} is a formula with no saved result: open and save the file in Excel, or paste values`)
    }
    if ((typeof result === 'number' && Number.isNaN(result)) || (typeof result === 'object' && 'error' in result)) {
      throw new XlsxCellError(line, cell.address, `cell ${cell.address} is a formula whose result is an error (such as #N/A or #DIV/0!): correct it, or clear the cell`)
    }
    // A formula's numeric result comes as a number even where its format shows a date.
    if (typeof result === 'number' && isDateFormat(cell.numFmt)) return isoDate(excelDate(result, date1904), cell, line)
    return plainText(result, cell, line)
  }
  return plainText(value, cell, line)
}

function plainText(value: unknown, cell: ExcelJS.Cell, line: number): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return isPercentFormat(cell.numFmt) ? `${decimal(value * 100)}%` : decimal(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return isoDate(value, cell, line)
  if (typeof value === 'object' && value !== null) {
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text ?? '').join('')
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error)
    if ('text' in value) return plainText((value as { text: unknown }).text, cell, line) // a hyperlink's shown text
  }
  throw new XlsxCellError(line, cell.address, `cell ${cell.address} holds a value the importer cannot read: type the value in, or paste values`)
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
  if (Number.isNaN(date.getTime())) throw new XlsxCellError(line, cell.address, `cell ${cell.address} is formatted as a date but holds no valid date`)
  return date.toISOString().slice(0, 10)
}

/** Excel's day number (days since 1899-12-30, or since 1904-01-01 in a 1904-dated workbook) as a UTC date. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000))
}

/** A number format's own characters, less its quoted text and [colour]/[condition] parts. */
const formatCode = (format: string | undefined) => (format ?? '').replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '')

/** As exceljs decides a cell is a date, so formula results read the same as typed dates. */
const isDateFormat = (format: string | undefined) => /[ymdhMsb]/.test(formatCode(format))

const isPercentFormat = (format: string | undefined) => formatCode(format).includes('%')
