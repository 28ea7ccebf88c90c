/**
 * Reads the published files in ../shared/realdata as tables of text cells with their line (the
 * CSV line a record starts on, or the parquet row number), so every message can point at the row
 * a figure came from. Only the build reads these files; the product never does.
 */
import { createReadStream } from 'node:fs'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { readCsvRecords } from '../../src/lib/csv-stream.js'

export interface SourceRecord {
  line: number
  fields: Record<string, string>
}

export interface SourceTable {
  file: string
  header: string[]
  records: SourceRecord[]
}

/** A CSV file (a byte-order mark is dropped; header names are trimmed). */
export async function readCsvTable(
  file: string,
  keep: (r: SourceRecord) => boolean = () => true,
): Promise<SourceTable> {
  let header: string[] | null = null
  const records: SourceRecord[] = []
  for await (const { line, fields } of readCsvRecords(createReadStream(file))) {
    if (!header) {
      header = fields.map((f) => f.trim())
      continue
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue
    const record = { line, fields: Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])) }
    if (keep(record)) records.push(record)
  }
  return { file, header: header ?? [], records }
}

/** A parquet file, every cell as text (numbers as JavaScript writes them); line = row number + 1 for the header. */
export async function readParquetTable(
  file: string,
  keep: (r: SourceRecord) => boolean = () => true,
): Promise<SourceTable> {
  const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(file) })) as Record<string, unknown>[]
  const header = rows.length ? Object.keys(rows[0]!) : []
  const records: SourceRecord[] = []
  rows.forEach((row, i) => {
    const fields: Record<string, string> = {}
    for (const h of header) {
      const v = row[h]
      fields[h] = v === null || v === undefined ? '' : String(v)
    }
    const record = { line: i + 2, fields }
    if (keep(record)) records.push(record)
  })
  return { file, header, records }
}
