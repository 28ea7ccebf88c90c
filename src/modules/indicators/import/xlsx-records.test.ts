/**
 * Worksheet rows as the import's records: each cell as the text an analyst sees in Excel, each row
 * at its Excel row number. The workbooks are built here with exceljs and written to a temp folder.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import type { CsvRecord } from '../../../lib/csv-stream.js'
import { decimal, readXlsxRecords, XlsxCellError } from './xlsx-records.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'xlsx-records-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook()
  build(wb)
  const file = path.join(dir, `book-${++files}.xlsx`)
  await wb.xlsx.writeFile(file)
  return file
}

async function read(input: string | NodeJS.ReadableStream, options?: { sheet?: string }): Promise<CsvRecord[]> {
  const records: CsvRecord[] = []
  for await (const record of readXlsxRecords(input, options)) records.push(record)
  return records
}

async function failure(input: string | NodeJS.ReadableStream, options?: { sheet?: string }): Promise<Error> {
  try {
    await read(input, options)
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the read to fail')
}

describe('readXlsxRecords', () => {
  it('gives numbers as plain decimals without float noise, and text as it is', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.addRow(['value', 'count', 'note'])
      ws.addRow([33.2, 332, 'Value for Hackney and City of London combined'])
      ws.addRow([0.1 + 0.2, 1e-7, '0012'])
      ws.addRow([-2.5, 123456789012, ' spaced '])
      ws.addRow([2 / 3, 1e21, 'E09000002'])
    })
    expect(await read(file)).toEqual([
      { line: 1, fields: ['value', 'count', 'note'] },
      { line: 2, fields: ['33.2', '332', 'Value for Hackney and City of London combined'] },
      { line: 3, fields: ['0.3', '0.0000001', '0012'] },
      { line: 4, fields: ['-2.5', '123456789012', ' spaced '] },
      { line: 5, fields: ['0.666666666666667', '1000000000000000000000', 'E09000002'] },
    ])
  })

  it('gives a formula its saved result, including 0 and text', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.addRow(['value', 'count', 'label'])
      ws.getCell('A2').value = { formula: 'B2/10', result: 33.2 }
      ws.getCell('B2').value = { formula: '332*1', result: 0 }
      ws.getCell('C2').value = { formula: '"2021/"&"22"', result: '2021/22' }
    })
    expect(await read(file)).toEqual([
      { line: 1, fields: ['value', 'count', 'label'] },
      { line: 2, fields: ['33.2', '0', '2021/22'] },
    ])
  })

  it('refuses a formula with no saved result, naming the cell and its row', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.addRow(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'value'])
      for (let r = 2; r <= 6; r++) ws.addRow(['x', '', '', '', '', '', '', r])
      ws.getCell('H7').value = { formula: 'H6*2' }
    })
    const error = await failure(file)
    expect(error).toBeInstanceOf(XlsxCellError)
    expect(error.message).toBe('cell H7 is a formula with no saved result: open and save the file in Excel, or paste values')
    expect(error).toMatchObject({ line: 7, cell: 'H7' })
  })

  it('refuses a formula whose saved result is an error, and gives a typed error value as Excel shows it', async () => {
    const formulaError = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.addRow(['value'])
      ws.getCell('A2').value = { formula: '1/0', result: { error: '#DIV/0!' } }
    })
    expect((await failure(formulaError)).message).toMatch(/^cell A2 is a formula whose result is an error/)
    const typedError = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.addRow(['value'])
      ws.getCell('A2').value = { error: '#N/A' }
    })
    expect(await read(typedError)).toEqual([
      { line: 1, fields: ['value'] },
      { line: 2, fields: ['#N/A'] },
    ])
  })

  it('gives dates as YYYY-MM-DD, typed or from a formula, rich text as its text, TRUE and FALSE, and percentages with their sign', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.addRow(['date', 'formula date', 'rich', 'flag', 'percent'])
      ws.getCell('A2').value = new Date(Date.UTC(2023, 2, 31))
      ws.getCell('B2').value = { formula: 'A2+1', result: 45017 } // 2023-04-01
      ws.getCell('B2').numFmt = 'dd/mm/yyyy'
      ws.getCell('C2').value = { richText: [{ text: 'Most deprived ' }, { font: { bold: true }, text: 'decile' }] }
      ws.getCell('D2').value = true
      ws.getCell('E2').value = 0.332
      ws.getCell('E2').numFmt = '0.0%'
      ws.getCell('D3').value = false
    })
    expect(await read(file)).toEqual([
      { line: 1, fields: ['date', 'formula date', 'rich', 'flag', 'percent'] },
      { line: 2, fields: ['2023-03-31', '2023-04-01', 'Most deprived decile', 'TRUE', '33.2%'] },
      { line: 3, fields: ['', '', '', 'FALSE'] },
    ])
  })

  it('reads dates of a workbook counted from 1904', async () => {
    const file = await workbook((wb) => {
      wb.properties.date1904 = true
      const ws = wb.addWorksheet('Data')
      ws.addRow(['date'])
      ws.getCell('A2').value = new Date(Date.UTC(2023, 2, 31))
    })
    expect(await read(file)).toEqual([
      { line: 1, fields: ['date'] },
      { line: 2, fields: ['2023-03-31'] },
    ])
  })

  it('skips wholly empty rows, keeps Excel row numbers, and fills empty cells with ""', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      ws.getCell('B3').value = 'indicator_id'
      ws.getCell('D3').value = 'value'
      ws.getCell('B4').value = 'test-proportion'
      ws.getCell('D4').value = 10
      ws.getCell('C5').value = '   ' // looks empty in Excel
      ws.getCell('A6').numFmt = '0.0' // formatted, never filled
      ws.getCell('B9').value = 'test-proportion'
      ws.getCell('D9').value = null
    })
    expect(await read(file)).toEqual([
      { line: 3, fields: ['', 'indicator_id', '', 'value'] },
      { line: 4, fields: ['', 'test-proportion', '', '10'] },
      { line: 9, fields: ['', 'test-proportion'] },
    ])
  })

  it('reads the first visible sheet, or the one named (in any case), and says which sheets there are when the name is wrong', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Notes', { state: 'hidden' }).addRow(['read me first'])
      wb.addWorksheet('Data').addRow(['data'])
      wb.addWorksheet('Other').addRow(['other'])
      wb.addWorksheet('Workings').getCell('A1').value = { formula: 'B1' } // no saved result, but in a sheet not read
    })
    expect(await read(file)).toEqual([{ line: 1, fields: ['data'] }])
    expect(await read(file, { sheet: 'other' })).toEqual([{ line: 1, fields: ['other'] }])
    expect(await read(file, { sheet: 'Notes' })).toEqual([{ line: 1, fields: ['read me first'] }])
    expect((await failure(file, { sheet: 'Sheet1' })).message).toBe('the workbook has no worksheet named "Sheet1": its worksheets are "Notes", "Data", "Other", "Workings"')
  })

  it('reads a stream as well as a path', async () => {
    const file = await workbook((wb) => wb.addWorksheet('Data').addRow(['value', 1]))
    expect(await read(createReadStream(file))).toEqual([{ line: 1, fields: ['value', '1'] }])
  })

  it('says plainly when the file is not a workbook', async () => {
    const csv = path.join(dir, 'data.xlsx')
    writeFileSync(csv, 'indicator_id,area_code\ntest-proportion,E09000002\n')
    expect((await failure(csv)).message).toMatch(/^this is not an Excel workbook \(\.xlsx\), or the file is damaged .*: open it in Excel and save it as an Excel Workbook \(\.xlsx\), or as CSV$/)
    const empty = path.join(dir, 'empty.xlsx')
    writeFileSync(empty, '')
    expect((await failure(empty)).message).toMatch(/^this is not an Excel workbook/)
    const xls = path.join(dir, 'old.xls')
    writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]))
    expect((await failure(xls)).message).toMatch(/^this is an older Excel file \(\.xls\): open it in Excel and save it as an Excel Workbook \(\.xlsx\)/)
    expect((await failure(path.join(dir, 'no-such-file.xlsx'))).message).toBe('the file was not found')
  })
})

describe('readXlsxRecords, whatever the order of the parts in the file', () => {
  // The zip library exceljs itself uses, to store a workbook's parts in another order.
  const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as {
    loadAsync(data: Buffer): Promise<{ files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }> }>
    new (): { file(name: string, data: Buffer): void; generateAsync(options: { type: 'nodebuffer'; compression: 'DEFLATE' }): Promise<Buffer> }
  }
  async function reordered(file: string, first: string[]): Promise<string> {
    const parts = (await JSZip.loadAsync(readFileSync(file))).files
    const names = Object.keys(parts).filter((n) => !parts[n]!.dir)
    const zip = new JSZip()
    for (const name of [...first, ...names.filter((n) => !first.includes(n))]) zip.file(name, await parts[name]!.async('nodebuffer'))
    const out = file.replace(/\.xlsx$/, `-${first.length}.xlsx`)
    writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))
    return out
  }

  const build = (wb: ExcelJS.Workbook) => {
    wb.addWorksheet('Notes').addRow(['notes'])
    const ws = wb.addWorksheet('Data')
    ws.addRow(['period', 'value'])
    ws.addRow([new Date(Date.UTC(2023, 2, 31)), 33.2])
  }
  const expected = [
    { line: 1, fields: ['period', 'value'] },
    { line: 2, fields: ['2023-03-31', '33.2'] },
  ]

  it('reads a sheet stored after the names, strings and formats it needs (as Excel stores them) as it streams', async () => {
    const file = await reordered(await workbook(build), ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml'])
    expect(await read(file, { sheet: 'Data' })).toEqual(expected)
  })

  it('reads a sheet stored after its strings but before the sheet names (exceljs alone fails on it)', async () => {
    const file = await reordered(await workbook(build), ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'])
    expect(await read(file, { sheet: 'Data' })).toEqual(expected)
  })

  it('never loses the last part of the file (exceljs alone lost it in about 1 read in 40: exceljs issue 3064)', async () => {
    const wb = new ExcelJS.Workbook()
    build(wb)
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    for (let i = 0; i < 100; i++) {
      const stream = new PassThrough()
      stream.end(bytes)
      expect(await read(stream, { sheet: 'Data' })).toEqual(expected)
    }
  })

  it('fails, not hangs, when the file cannot be read to its end', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('Data')
      for (let r = 1; r <= 20000; r++) ws.addRow([`row ${r}`, r])
    })
    const size = readFileSync(file).length
    const broken = Readable.from(
      (async function* () {
        let read = 0
        for await (const chunk of createReadStream(file, { highWaterMark: 4096 })) {
          read += chunk.length
          if (read > size / 2) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read' })
          yield chunk
        }
      })(),
    )
    expect((await failure(broken)).message).toBe('the file could not be read (EIO: i/o error, read)')
  })
})

describe('decimal', () => {
  it('writes the shortest plain decimal, to 15 significant digits', () => {
    expect([33.2, 0.1 + 0.2, 100, -0, 1 / 3, 1e-7, -1.5e-9, 1.5e21, 123.456].map(decimal)).toEqual([
      '33.2',
      '0.3',
      '100',
      '0',
      '0.333333333333333',
      '0.0000001',
      '-0.0000000015',
      '1500000000000000000000',
      '123.456',
    ])
  })
})
