/**
 * Every table and chart on a public page can be downloaded as CSV or JSON from the same rows the
 * page shows (after disclosure control), so the download never says more than the page.
 */
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { csvChunks, toCsv, type CsvCell } from '../lib/csv-write.js'

export interface DownloadTable {
  /** The file name without extension, e.g. "low-birth-weight-history". */
  name: string
  title: string
  /** Where the figures come from, carried into the JSON. */
  source: string
  columns: { key: string; header: string }[]
  rows: Record<string, CsvCell>[]
}

export type DownloadFormat = 'csv' | 'json'

export const LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
}

export function sendTable(reply: FastifyReply, format: DownloadFormat, table: DownloadTable): FastifyReply {
  reply.header('content-disposition', `attachment; filename="${table.name}.${format}"`)
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').send(
      toCsv(
        table.columns.map((c) => c.header),
        table.rows.map((r) => table.columns.map((c) => r[c.key])),
      ),
    )
  }
  return reply.type('application/json; charset=utf-8').send({
    title: table.title,
    source: table.source,
    licence: LICENCE,
    columns: table.columns,
    rows: table.rows.map((r) => Object.fromEntries(table.columns.map((c) => [c.key, r[c.key] ?? null]))),
  })
}

/**
 * A CSV download written as it is sent, a chunk of lines at a time, from rows made one by one:
 * the same bytes as sendTable's CSV, without the whole file in memory as one string. Not kept by
 * the page cache (which keeps only whole bodies).
 */
export function sendCsvStream(
  reply: FastifyReply,
  name: string,
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
): FastifyReply {
  reply.header('content-disposition', `attachment; filename="${name}.csv"`)
  return reply.type('text/csv; charset=utf-8').send(Readable.from(csvChunks(header, rows)))
}
