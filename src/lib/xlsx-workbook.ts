/**
 * Opens an Excel workbook (.xlsx) for reading one worksheet, with every limit checked before a row
 * is read: the zip's directory (a file cut short is refused here, at once, instead of hanging a
 * streaming unzip for ever), the sheet's name, the size of each part that will be read, then the
 * sheet names, number formats and shared strings (the only parts held whole in memory). The sheet
 * itself is read afterwards, row by row (xlsx-records.ts), from the part this returns.
 *
 * Each part is read through the zip's bounds (its stated length and CRC), XmlGuard (no text longer
 * than any cell, no deep nesting, no DOCTYPE, closed at its end) and the strict UTF-8 decoder, and
 * handed to exceljs's own parsers as text, so a character split between two chunks is kept whole.
 * The limits are in docs/data-template.md.
 */
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { FileProblem } from './file-problem.js'
import { decodeText, TextProblem } from './text-decode.js'
import { XmlGuard, XmlGuardError } from './xml-guard.js'
import { ZipError, type ZipEntry } from './zip/zip-directory.js'
import type { ZipFile } from './zip/zip-file.js'

/** The parts read (the worksheet, shared strings, number formats, sheet names) together, uncompressed: Excel's most rows of the template fit. */
export const MAX_WORKBOOK_BYTES = 512 * 1024 * 1024
/** The shared-string table, held in memory while the sheet is read. */
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
export const MAX_SHARED_STRINGS = 2_000_000
/** Excel's own limits on a worksheet. */
export const MAX_ROWS = 1_048_576
export const MAX_COLUMNS = 16_384
/** A cell holds at most 32,767 characters, a few bytes each even escaped: no text or tag in a real part comes near. */
export const MAX_XML_TOKEN_BYTES = 1024 * 1024
/** Worksheets, styles and shared strings nest fewer than ten deep. */
export const MAX_XML_DEPTH = 64

export interface XlsxOptions {
  /** The worksheet to read, by its tab name; the first visible worksheet when not given. */
  sheet?: string
  /** Told as the worksheet is read: its bytes read so far, of its total (uncompressed). */
  onProgress?: (bytes: number, total: number) => void
}

/** exceljs's streaming reader, with the parts of it used here that its types leave out. */
export interface Reader {
  model?: { sheets?: { name: string; state?: string; rId?: string }[] }
  properties?: { model?: { date1904?: boolean } }
  workbookRels?: { Id: string; Target: string; Type: string; TargetMode?: string }[]
  sharedStrings?: unknown[]
  options: Record<string, string>
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncIterable<{ index: number; text: unknown }>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(content: AsyncIterable<string>, sheetNo: string): Iterator<{ value: SheetReader }>
}
export type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name: string }

export interface OpenWorkbook {
  reader: Reader
  sheet: SheetReader
  /** The worksheet's part in the zip, for messages. */
  part: string
  date1904: boolean
}

const RELS = 'xl/_rels/workbook.xml.rels'
const WORKBOOK = 'xl/workbook.xml'
const relType = (type: string) => (r: { Type: string }) => r.Type.endsWith(`/${type}`)

/** Reads everything the worksheet needs, then gives it, ready to be read row by row. */
export async function openWorksheet(zip: ZipFile, options: XlsxOptions): Promise<OpenWorkbook> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(null as never, {
    worksheets: 'emit',
    sharedStrings: 'emit', // given one by one, so they are counted (and kept here)
    styles: 'cache', // number formats: which numbers are dates or percentages
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as Reader
  const rels = zip.entry(RELS)
  const book = zip.entry(WORKBOOK)
  if (!rels || !book) throw new FileProblem(null, notAWorkbook(`it has no ${rels ? WORKBOOK : RELS}`))
  await inPart(rels, reader._parseRels(Readable.from(part(zip, rels))))
  await inPart(book, reader._parseWorkbook(Readable.from(part(zip, book))))

  const tabs = reader.model?.sheets ?? []
  if (tabs.length === 0) throw new FileProblem(null, 'the file has no worksheets: it is not an Excel workbook (.xlsx)')
  const tab = wantedTab(tabs, options.sheet)
  if (!tab)
    throw new FileProblem(
      null,
      `the workbook has no worksheet named "${options.sheet ?? ''}": its worksheets are ${tabs.map((s) => `"${s.name}"`).join(', ')}`,
    )
  const target = reader.workbookRels?.find((r) => r.Id === tab.rId)
  const sheetEntry = target && zip.entry(partName(target.Target))
  if (!sheetEntry) throw new FileProblem(null, damaged(`its worksheet "${tab.name}" is missing`))
  const styles = entryOf(zip, reader, 'styles', 'xl/styles.xml')
  const strings = entryOf(zip, reader, 'sharedStrings', 'xl/sharedStrings.xml')

  const total = [rels, book, styles, strings, sheetEntry].reduce((sum, e) => sum + (e?.uncompressedSize ?? 0), 0)
  if (total > MAX_WORKBOOK_BYTES) {
    throw new FileProblem(
      null,
      `the worksheet "${tab.name}" is too large to import: with the parts it needs it comes to ${mb(total)} uncompressed, and the most read is ${mb(MAX_WORKBOOK_BYTES)}: split it into several files, or save it as CSV`,
    )
  }
  if (strings && strings.uncompressedSize > MAX_SHARED_STRINGS_BYTES) {
    throw new FileProblem(
      null,
      `the workbook's shared text is too large to import (${mb(strings.uncompressedSize)}; the most read is ${mb(MAX_SHARED_STRINGS_BYTES)}): save it as CSV`,
    )
  }
  if (styles) await inPart(styles, reader._parseStyles(Readable.from(part(zip, styles))))
  reader.sharedStrings = await inPart(strings, readSharedStrings(reader, strings && part(zip, strings)))

  let read = 0
  const content = part(zip, sheetEntry, (bytes) => options.onProgress?.((read += bytes), sheetEntry.uncompressedSize))
  const sheet = reader._parseWorksheet(content, tab.rId ?? '1').next().value.value
  sheet.name = tab.name
  return { reader, sheet, part: sheetEntry.name, date1904: reader.properties?.model?.date1904 === true }
}

/**
 * A fault exceljs's parsers find in a part (its XML malformed, say), named with the part; the
 * faults found reading the part itself are already FileProblems.
 */
export async function inPart<T>(entry: ZipEntry | undefined, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw partFault(entry?.name ?? 'unknown', error)
  }
}

export function partFault(name: string, error: unknown): unknown {
  if (error instanceof FileProblem || !(error instanceof Error) || (error as NodeJS.ErrnoException).syscall)
    return error
  return new FileProblem(null, damaged(`there is a fault in its part ${name} (${error.message.replace(/\.+$/, '')})`))
}

/** The sheet to read: the one named (Excel compares sheet names without case), else the first visible tab. */
function wantedTab<T extends { name: string; state?: string }>(tabs: T[], wanted: string | undefined): T | undefined {
  if (wanted !== undefined)
    return tabs.find((t) => t.name === wanted) ?? tabs.find((t) => t.name.toLowerCase() === wanted.toLowerCase())
  return tabs.find((t) => !t.state || t.state === 'visible') ?? tabs[0]
}

/** A part a relationship names: relative to xl/, or from the package's root when it starts with "/". */
function partName(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

function entryOf(zip: ZipFile, reader: Reader, type: string, usual: string): ZipEntry | undefined {
  const rel = reader.workbookRels?.find(relType(type))
  return (rel && zip.entry(partName(rel.Target))) ?? zip.entry(usual)
}

/** The shared strings, counted as they come; a cell that names one beyond them is refused, not read as empty. */
async function readSharedStrings(reader: Reader, content: AsyncIterable<string> | undefined): Promise<unknown[]> {
  const strings: unknown[] = []
  if (content) {
    for await (const { text } of reader._parseSharedStrings(Readable.from(content))) {
      if (strings.length >= MAX_SHARED_STRINGS) {
        throw new FileProblem(
          null,
          `the workbook has more than ${MAX_SHARED_STRINGS.toLocaleString('en-GB')} different texts, more than this importer reads: save it as CSV`,
        )
      }
      strings.push(text)
    }
  }
  return new Proxy(strings, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && /^(-?\d+|NaN)$/.test(key)) {
        throw new FileProblem(null, damaged(`a cell refers to shared text ${key}, which the workbook does not have`))
      }
      return Reflect.get(target, key, receiver)
    },
  })
}

/**
 * A part's text, bounded and checked: its zip bounds and CRC (zip-file.ts), XmlGuard, then strict
 * UTF-8. A fault becomes a FileProblem naming the part.
 */
async function* part(zip: ZipFile, entry: ZipEntry, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const guard = new XmlGuard(MAX_XML_TOKEN_BYTES, MAX_XML_DEPTH)
  async function* guarded(): AsyncGenerator<Buffer> {
    for await (const chunk of zip.read(entry)) {
      guard.write(chunk)
      onBytes?.(chunk.length)
      yield chunk
    }
    guard.end()
  }
  try {
    yield* decodeText(guarded())
  } catch (error) {
    if (error instanceof XmlGuardError || error instanceof TextProblem)
      throw new FileProblem(
        null,
        damaged(`its part ${entry.name} ${error instanceof TextProblem ? 'is not UTF-8' : error.message}`),
      )
    if (error instanceof ZipError) throw new FileProblem(null, damaged(error.message))
    throw error
  }
}

export const damaged = (reason: string) =>
  `the workbook cannot be read: ${reason}. Open it in Excel and save it again as an Excel Workbook (.xlsx), or as CSV`
export const notAWorkbook = (reason: string) =>
  `this is not an Excel workbook (.xlsx), or the file is damaged (${reason}): open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV`

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
