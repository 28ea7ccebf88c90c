/**
 * The rows of one worksheet of an Excel workbook (.xlsx) as the same records `readCsvRecords`
 * gives, so an XLSX file goes through the same imports as a CSV. Each record's line is the
 * worksheet's row number, so an analyst finds a reported row in Excel; each cell is the text the
 * analyst sees (xlsx-cells.ts).
 *
 * The workbook is read from a file on disk through its zip directory (xlsx-workbook.ts): a file cut
 * short is refused before anything is read, every part is read exactly as long as the directory
 * says, and every limit (docs/data-template.md) is checked before the first row. Memory stays flat:
 * exceljs parses the sheet's XML a chunk at a time and rows are turned into text and let go one by
 * one; only the shared-string table (bounded) is held whole. A stream given instead of a path is
 * first copied to a temporary file, bounded too, since a zip is read from its end.
 *
 * Every fault in the file is a FileProblem (XlsxCellError for a cell), with the row where there is one.
 */
import { createWriteStream } from 'node:fs'
import { mkdtemp, open, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CsvRecord } from './csv-stream.js'
import { FileProblem } from './file-problem.js'
import { ZipError } from './zip/zip-directory.js'
import { ZipFile } from './zip/zip-file.js'
import { cellText } from './xlsx-cells.js'
import {
  damaged,
  MAX_COLUMNS,
  MAX_ROWS,
  MAX_WORKBOOK_BYTES,
  notAWorkbook,
  openWorksheet,
  partFault,
  type XlsxOptions,
} from './xlsx-workbook.js'

export { decimal, XlsxCellError } from './xlsx-cells.js'
export type { XlsxOptions } from './xlsx-workbook.js'

/**
 * Reads the worksheet's rows. A path is read in place; a stream is copied to a temporary file
 * first (and destroyed when done, as Node's own stream iteration does).
 */
export async function* readXlsxRecords(
  input: string | NodeJS.ReadableStream,
  options: XlsxOptions = {},
): AsyncGenerator<CsvRecord> {
  let spoolDir: string | undefined
  let zip: ZipFile | undefined
  let sheetPart: string | undefined
  try {
    let file: string
    if (typeof input === 'string') file = input
    else {
      spoolDir = await mkdtemp(path.join(os.tmpdir(), 'best-chance-xlsx-'))
      file = path.join(spoolDir, 'workbook.xlsx')
      await spool(input, file)
    }
    zip = await openZip(file)
    const { sheet, part, date1904 } = await openWorksheet(zip, options)
    sheetPart = part
    let rows = 0
    for await (const row of sheet) {
      const line = row.number
      if (!(line >= 1 && line <= MAX_ROWS) || ++rows > MAX_ROWS) {
        throw new FileProblem(
          Number.isInteger(line) && line > 0 ? line : null,
          `the worksheet has rows beyond Excel's last (row ${MAX_ROWS.toLocaleString('en-GB')}): the file is damaged`,
        )
      }
      if (row.cellCount > MAX_COLUMNS)
        throw new FileProblem(line, `the row has cells beyond Excel's last column (XFD): the file is damaged`)
      const fields: string[] = []
      for (let col = 1; col <= row.cellCount; col++) {
        const cell = row.findCell(col)
        fields.push(cell ? cellText(cell, line, date1904) : '')
      }
      if (fields.some((f) => f.trim() !== '')) yield { line, fields }
    }
  } catch (error) {
    throw asFileProblem(sheetPart ? partFault(sheetPart, error) : error)
  } finally {
    if (typeof input !== 'string') (input as Readable).destroy?.()
    await zip?.close()
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true })
  }
}

/** Opens the zip, telling a file cut short, an old .xls and something else entirely apart. */
async function openZip(file: string): Promise<ZipFile> {
  try {
    return await ZipFile.open(file)
  } catch (error) {
    if (!(error instanceof ZipError)) throw error
    const start = await firstBytes(file)
    // The signature of the compound files of Excel 97-2003, which also hold password-protected workbooks.
    if (start.equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) {
      throw new FileProblem(
        null,
        'this is an older Excel file (.xls): open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV (a workbook protected by a password looks the same: take the password off first)',
      )
    }
    if (error.incomplete && start.subarray(0, 4).equals(Buffer.from('504b0304', 'hex'))) {
      throw new FileProblem(
        null,
        'the workbook is incomplete: its end is missing, as when a file is cut short while it is copied, downloaded or saved: copy or save it again',
      )
    }
    throw new FileProblem(null, error.incomplete ? notAWorkbook('no zip directory') : damaged(error.message))
  }
}

async function firstBytes(file: string): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(8)
    const { bytesRead } = await handle.read(buffer, 0, 8, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** Copies a stream to a file, refusing one larger than any workbook read. */
async function spool(input: NodeJS.ReadableStream, file: string): Promise<void> {
  const source = input instanceof Readable ? input : Readable.from(input)
  if (source.errored) throw source.errored
  let bytes = 0
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      if (bytes > MAX_WORKBOOK_BYTES)
        done(
          new FileProblem(
            null,
            `the workbook is larger than the ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB this importer reads: save it as CSV`,
          ),
        )
      else done(null, chunk)
    },
  })
  await pipeline(source, limit, createWriteStream(file))
}

function asFileProblem(error: unknown): FileProblem {
  if (error instanceof FileProblem) return error
  if (error instanceof ZipError) return new FileProblem(null, damaged(error.message))
  return new FileProblem(null, notReadable(error))
}

function notReadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return 'the file was not found'
  if (code === 'EISDIR') return 'that is a folder, not a file'
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read: permission denied'
  if (code && (error as NodeJS.ErrnoException).syscall)
    return `the file could not be read (${(error as Error).message})`
  return damaged(`${error instanceof Error ? error.message : String(error)}`)
}
