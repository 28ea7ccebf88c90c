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
import type { CsvRecord } from './csv-stream.js'
import { FileProblem } from './file-problem.js'
import { minimalWorkbook, readParts, sharedStringsXml, sheetXml, writeZip } from '../../test/helpers/zip-bytes.js'
import { decimal, readXlsxRecords, XlsxCellError } from './xlsx-records.js'
import { MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS_BYTES, MAX_WORKBOOK_BYTES } from './xlsx-workbook.js'

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
    expect(error.message).toBe(
      'cell H7 is a formula with no saved result: open and save the file in Excel, or paste values',
    )
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
    expect((await failure(file, { sheet: 'Sheet1' })).message).toBe(
      'the workbook has no worksheet named "Sheet1": its worksheets are "Notes", "Data", "Other", "Workings"',
    )
  })

  it('reads a stream as well as a path', async () => {
    const file = await workbook((wb) => wb.addWorksheet('Data').addRow(['value', 1]))
    expect(await read(createReadStream(file))).toEqual([{ line: 1, fields: ['value', '1'] }])
  })

  it('says plainly when the file is not a workbook', async () => {
    const csv = path.join(dir, 'data.xlsx')
    writeFileSync(csv, 'indicator_id,area_code\ntest-proportion,E09000002\n')
    expect((await failure(csv)).message).toMatch(
      /^this is not an Excel workbook \(\.xlsx\), or the file is damaged .*: open it in Excel and save it as an Excel Workbook \(\.xlsx\), or as CSV$/,
    )
    const empty = path.join(dir, 'empty.xlsx')
    writeFileSync(empty, '')
    expect((await failure(empty)).message).toMatch(/^this is not an Excel workbook/)
    const xls = path.join(dir, 'old.xls')
    writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]))
    expect((await failure(xls)).message).toMatch(
      /^this is an older Excel file \(\.xls\): open it in Excel and save it as an Excel Workbook \(\.xlsx\)/,
    )
    expect((await failure(path.join(dir, 'no-such-file.xlsx'))).message).toBe('the file was not found')
  })
})

describe('readXlsxRecords, whatever the order of the parts in the file', () => {
  // The zip library exceljs itself uses, to store a workbook's parts in another order.
  const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as {
    loadAsync(
      data: Buffer,
    ): Promise<{ files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }> }>
    new (): {
      file(name: string, data: Buffer): void
      generateAsync(options: { type: 'nodebuffer'; compression: 'DEFLATE' }): Promise<Buffer>
    }
  }
  async function reordered(file: string, first: string[]): Promise<string> {
    const parts = (await JSZip.loadAsync(readFileSync(file))).files
    const names = Object.keys(parts).filter((n) => !parts[n]!.dir)
    const zip = new JSZip()
    for (const name of [...first, ...names.filter((n) => !first.includes(n))])
      zip.file(name, await parts[name]!.async('nodebuffer'))
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
    const file = await reordered(await workbook(build), [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
    ])
    expect(await read(file, { sheet: 'Data' })).toEqual(expected)
  })

  it('reads a sheet stored after its strings but before the sheet names (exceljs alone fails on it)', async () => {
    const file = await reordered(await workbook(build), [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
    ])
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

describe('readXlsxRecords refuses a damaged or oversized workbook at once, saying why', () => {
  const save = (bytes: Buffer, name = `crafted-${++files}.xlsx`) => {
    const file = path.join(dir, name)
    writeFileSync(file, bytes)
    return file
  }
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`

  async function bigWorkbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Data')
    ws.addRow(['indicator_id', 'area_code', 'period', 'value', 'source'])
    for (let r = 0; r < 300; r++) ws.addRow(['test-proportion', `E0900000${r % 10}`, '2021/22', r, `synthetic ${r}`])
    return Buffer.from(await wb.xlsx.writeBuffer())
  }

  it('refuses a workbook cut short at any of 10 points within a second each, as incomplete', async () => {
    const bytes = await bigWorkbook()
    for (let k = 1; k <= 10; k++) {
      const cut = Math.floor((bytes.length * k) / 11)
      const started = Date.now()
      const error = await failure(save(bytes.subarray(0, cut)))
      expect(Date.now() - started).toBeLessThan(1000)
      expect(error).toBeInstanceOf(FileProblem)
      expect(error).toMatchObject({ line: null })
      expect(error.message).toBe(
        'the workbook is incomplete: its end is missing, as when a file is cut short while it is copied, downloaded or saved: copy or save it again',
      )
    }
  })

  it('refuses a part that inflates beyond its stated size (a zip bomb in the shared strings) without holding it', async () => {
    const bomb = sharedStringsXml(`<si><t>${'a'.repeat(100 * 1024 * 1024)}</t></si>`) // 100 MB of text in one cell, about 100 KB deflated
    const file = save(
      minimalWorkbook(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
        sharedStrings: bomb,
        part: { 'xl/sharedStrings.xml': { statedSize: 4000 } },
      }),
    )
    const before = process.memoryUsage().rss
    const error = await failure(file)
    expect(error.message).toBe(
      'the workbook cannot be read: its part xl/sharedStrings.xml is longer than its directory says (a damaged file, or a zip bomb). Open it in Excel and save it again as an Excel Workbook (.xlsx), or as CSV',
    )
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024)
  })

  it('refuses shared strings over their limit before reading them, and a cell larger than Excel allows however it is stored', async () => {
    const big = save(
      minimalWorkbook(sheetXml(''), {
        sharedStrings: sharedStringsXml(''),
        part: { 'xl/sharedStrings.xml': { statedSize: MAX_SHARED_STRINGS_BYTES + 1 } },
      }),
    )
    expect((await failure(big)).message).toBe(
      "the workbook's shared text is too large to import (64 MB; the most read is 64 MB): save it as CSV",
    )
    const honest = save(
      minimalWorkbook(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
        sharedStrings: sharedStringsXml(`<si><t>${'b'.repeat(2 * 1024 * 1024)}</t></si>`),
      }),
    )
    expect((await failure(honest)).message).toMatch(
      /^the workbook cannot be read: its part xl\/sharedStrings.xml holds a text or tag longer than 1,048,576 bytes, more than any cell/,
    )
    const huge = save(
      minimalWorkbook(sheetXml(''), { part: { 'xl/worksheets/sheet1.xml': { statedSize: MAX_WORKBOOK_BYTES } } }),
    )
    expect((await failure(huge)).message).toMatch(
      /^the worksheet "Data" is too large to import: with the parts it needs it comes to 512 MB uncompressed, and the most read is 512 MB/,
    )
  })

  it("refuses rows beyond Excel's last, at their row, and columns beyond its last", async () => {
    const rows = save(
      minimalWorkbook(
        sheetXml(`<row r="1">${cell('A1', 'a')}</row><row r="${MAX_ROWS + 1}">${cell(`A${MAX_ROWS + 1}`, 'b')}</row>`),
      ),
    )
    const error = await failure(rows)
    expect(error).toMatchObject({ line: MAX_ROWS + 1 })
    expect(error.message).toMatch(/^the worksheet has rows beyond Excel's last \(row 1,048,576\)/)
    const columns = save(minimalWorkbook(sheetXml(`<row r="2">${cell('XFE2', 'far')}</row>`)))
    // exceljs refuses a cell address beyond column XFD itself, before the row is whole.
    expect(await failure(columns)).toMatchObject({
      message: expect.stringMatching(
        /^the workbook cannot be read: there is a fault in its part xl\/worksheets\/sheet1\.xml \(Out of bounds\. Invalid column letter: XFE\)/,
      ),
    })
    expect(MAX_COLUMNS).toBe(16_384)
  })

  it('refuses a cell naming shared text the workbook lacks, a number Excel cannot hold, a DOCTYPE, a sheet cut short inside its part, and a damaged part', async () => {
    const missing = save(
      minimalWorkbook(sheetXml('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'), {
        sharedStrings: sharedStringsXml('<si><t>only</t></si>'),
      }),
    )
    expect((await failure(missing)).message).toMatch(/a cell refers to shared text 5, which the workbook does not have/)
    const infinite = save(minimalWorkbook(sheetXml('<row r="3"><c r="B3"><v>1e309</v></c></row>')))
    expect(await failure(infinite)).toMatchObject({
      line: 3,
      message: 'cell B3 holds a number Excel cannot hold: type the value in again',
    })
    const doctype = save(minimalWorkbook('<!DOCTYPE x [<!ENTITY a "a">]>' + sheetXml('')))
    expect((await failure(doctype)).message).toMatch(/its part xl\/worksheets\/sheet1.xml holds a DOCTYPE/)
    const cut = sheetXml(`<row r="1">${cell('A1', 'a')}</row><row r="2">${cell('A2', 'b')}</row>`)
    expect((await failure(save(minimalWorkbook(cut.slice(0, -40))))).message).toMatch(
      /its part xl\/worksheets\/sheet1.xml stops before its end/,
    )
    const latin1 = save(
      minimalWorkbook(
        Buffer.from(sheetXml(`<row r="1">${cell('A1', 'Caf\xe9')}</row>`), 'latin1') as unknown as string,
      ),
    )
    expect((await failure(latin1)).message).toMatch(/its part xl\/worksheets\/sheet1.xml is not UTF-8/)
    const crc = save(minimalWorkbook(sheetXml(''), { part: { 'xl/worksheets/sheet1.xml': { statedCrc: 1234 } } }))
    expect((await failure(crc)).message).toMatch(
      /its part xl\/worksheets\/sheet1.xml is damaged \(its content does not match its checksum\)/,
    )
  })

  it('keeps a character whole where it is split between two chunks of a part, stored or deflated', async () => {
    for (const [method, boundary] of [
      [8, 16 * 1024], // zlib's output chunk
      [0, 64 * 1024], // a file read's chunk
    ] as const) {
      const before = sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>`)
      const padding = 'p'.repeat(boundary - Buffer.byteLength(before) - 1)
      const xml = sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${padding}€ and “Café”</t></is></c></row>`)
      const file = save(minimalWorkbook(xml, { part: { 'xl/worksheets/sheet1.xml': { method } } }))
      expect(await read(file)).toEqual([{ line: 1, fields: [`${padding}€ and “Café”`] }])
    }
  })

  it('reads a ZIP64 workbook and one Excel wrote with its parts in another order', async () => {
    const parts = await readParts(await bigWorkbook())
    const reversed = save(writeZip([...parts].reverse(), { zip64: true }))
    const records = await read(reversed)
    expect(records).toHaveLength(301)
    expect(records[1]).toEqual({ line: 2, fields: ['test-proportion', 'E09000000', '2021/22', '0', 'synthetic 0'] })
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
