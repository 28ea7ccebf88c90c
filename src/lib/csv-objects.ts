/**
 * A small CSV file (reference data shipped in data/: areas, organisations) as objects keyed by its
 * header row, every cell trimmed. Big files stream through csv-stream.ts record by record instead.
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
