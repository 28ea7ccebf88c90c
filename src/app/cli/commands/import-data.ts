/**
 * `best-chance import <file>`: indicator data from a Fingertips CSV, the data template (CSV or
 * XLSX), or a publisher's own file (DfE Explore Education Statistics, ONS Explore Local Statistics,
 * DfE LAIT parquet, read through data/sources/mappings.yaml), all or nothing.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { importRecords, refusedReport } from '../../../modules/indicators/import/import.service.js'
import { readCsvRecords } from '../../../lib/csv-stream.js'
import { readAhead } from '../../../lib/read-ahead.js'
import { readXlsxRecords } from '../../../lib/xlsx-records.js'
import { laitRecords } from '../../../modules/indicators/import/lait-reader.js'
import type { ImportFormat } from '../../../modules/indicators/import/formats.js'
import { formatImportReport } from '../../../modules/indicators/import/import.report.js'
import { parseFlags, UsageError } from './flags.js'

export const IMPORT_USAGE = `  import <file> [--format fingertips|template|xlsx|ees|ons|lait] [--sheet NAME] [--dry-run] [--valid-rows-only] [--source TEXT]
                               load indicator data, all or nothing: a Fingertips CSV, the data
                               template as CSV or as an Excel workbook (.xlsx: its first sheet,
                               or the one --sheet names), a DfE Explore Education Statistics
                               or ONS Explore Local Statistics CSV, or DfE LAIT's long format
                               (.parquet) (measures mapped in data/sources/mappings.yaml); the
                               format is detected from the header (or .xlsx, .parquet) when not given`

export async function importCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ['format', 'source', 'sheet'], ['dry-run', 'valid-rows-only'])
  const given = positional[0]
  if (!given || positional.length > 1) throw new UsageError('import needs exactly one file')
  const formats = ['fingertips', 'template', 'xlsx', 'ees', 'ons', 'lait']
  if (flags.format && !formats.includes(String(flags.format))) {
    throw new UsageError(`--format must be fingertips, template, xlsx, ees, ons or lait, not "${flags.format}"`)
  }
  // DfE's LAIT long format is a parquet file: read as one, and a parquet file as nothing else.
  const lait = flags.format === 'lait' || (/\.parquet$/i.test(given) && flags.format === undefined)
  if (!lait && /\.parquet$/i.test(given))
    throw new UsageError("a parquet file is read as DfE LAIT's long format (--format lait)")
  // A workbook holds the template's columns: --format template on a .xlsx file reads it as one too.
  const xlsx =
    flags.format === 'xlsx' || (/\.xlsx$/i.test(given) && (flags.format === undefined || flags.format === 'template'))
  if (!xlsx && /\.xlsx$/i.test(given))
    throw new UsageError(
      'an XLSX file is read as the data template: a Fingertips export is imported as the CSV it downloads as',
    )
  if (!xlsx && flags.sheet !== undefined) throw new UsageError('--sheet is for an XLSX file')
  if (lait && xlsx) throw new UsageError('an XLSX file is read as the data template, not as LAIT')
  const file = path.resolve(ctx.cwd, given)
  const stats = await stat(file).catch(() => null)
  if (!stats) throw new UsageError(`cannot read ${given}: file not found`)
  // A regular file has an end: a pipe or a device could keep the import's transaction waiting for ever.
  if (!stats.isFile()) throw new UsageError(`${given} is not a regular file`)
  const dryRun = flags['dry-run'] === true
  const format = (xlsx ? 'xlsx' : lait ? 'lait' : flags.format) as ImportFormat | undefined
  // Counted as the import reads it: a 'data' listener would start the file flowing before the
  // import reads, and what flowed by then would be lost. A workbook is read from its end, so its
  // progress is its worksheet's, which is read last.
  const opened = await readAhead(
    xlsx
      ? readXlsxRecords(file, {
          sheet: flags.sheet as string | undefined,
          onProgress: percentProgress(ctx.io.progress),
        })
      : lait
        ? laitRecords(file)
        : readCsvRecords(counted(createReadStream(file), byteProgress(stats.size, ctx.io.progress))),
  )
  if (opened.problem) {
    // Refused before the database is opened: a file that cannot be read is told at once.
    ctx.io.progress(null)
    ctx.io.err(formatImportReport(refusedReport(path.basename(file), format ?? null, opened.problem), dryRun))
    return 1
  }
  const { db } = await ctx.database('reference').catch(async (error) => {
    await opened.close()
    throw error
  })
  const options = {
    sourceName: path.basename(file),
    format,
    actor: ctx.actor,
    dryRun,
    validRowsOnly: flags['valid-rows-only'] === true,
    // Under the release workflow (RELEASE_WORKFLOW, on unless off) the figures wait as a draft release.
    draft: ctx.config.releases.workflow,
    defaults: {
      source: typeof flags.source === 'string' ? flags.source : `${path.basename(file)} (imported by best-chance)`,
    },
    onWaiting: () => ctx.io.err('another import is being stored; this one starts as soon as it has finished'),
  }
  const report = await importRecords(db, opened.records, options)
  ctx.io.progress(null)
  const text = formatImportReport(report, dryRun)
  if (report.stored || (dryRun && !report.errors.length)) {
    ctx.io.out(text)
    return 0
  }
  ctx.io.err(text)
  return 1
}

/** The file's chunks as they are read, each counted for the progress bar. */
async function* counted(stream: AsyncIterable<Buffer>, progress: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    progress(chunk.length)
    yield chunk
  }
}

/** Whole percentages of a worksheet read, each told once. */
function percentProgress(show: (percent: number) => void) {
  let shown = -1
  return (bytes: number, total: number) => {
    const percent = total ? Math.floor((bytes / total) * 100) : 100
    if (percent !== shown) show((shown = percent))
  }
}

/** Whole percentages of the file read, each told once. */
function byteProgress(total: number, show: (percent: number) => void) {
  let read = 0
  let shown = -1
  return (bytes: number) => {
    read += bytes
    const percent = total ? Math.floor((read / total) * 100) : 100
    if (percent !== shown) show((shown = percent))
  }
}
