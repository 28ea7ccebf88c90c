/**
 * A small CSV file as objects keyed by its header (names and cells trimmed): the shape of the
 * reference files in data/ (areas, comparator groups, organisations). Read whole, through the one
 * CSV reader.
 */
import { readCsvRecords } from './csv-stream.js'

export async function readCsvObjects(text: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = []
  let header: string[] | null = null
  for await (const { fields } of readCsvRecords([text])) {
    if (!header) header = fields.map((f) => f.trim())
    else out.push(Object.fromEntries(header.map((h, i) => [h, (fields[i] ?? '').trim()])))
  }
  return out
}
