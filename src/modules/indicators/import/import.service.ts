/**
 * Imports indicator data, all or nothing. Rows stream from the file through the row checks into a
 * temporary staging table inside one transaction, so memory stays flat whatever the file's size;
 * checks across rows (a key repeated in the file) and the comparison with stored values are then
 * set-based SQL. Any error rolls everything back, unless the analyst asked to load only the valid
 * rows, in which case the report lists exactly what was skipped. A changed value never overwrites:
 * the stored row is marked replaced (when, by which import) and the new row added.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../../db/database.js'
import { takeBulkWriteLock } from '../../../db/bulk-write-lock.js'
import { withChanges, type ChangeScope } from '../../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../../db/changes/actor.js'
import { readCsvRecords, type CsvRecord } from '../../../lib/csv-stream.js'
import { FileProblem } from '../../../lib/file-problem.js'
import { StalledSource, withStallLimit } from '../../../lib/stall-limit.js'
import { detectFormat, type ImportFormat } from './formats.js'
import type { ImportContext, ImportRow, IndicatorInfo, RawRow, ReportedProblem, RowProblem } from './import.types.js'
import { validateRow } from './validate-row.js'
import { makeReader, type RowsReader } from './row-readers.js'
import {
  applyStaged,
  compareStagedWithStored,
  copyStaging,
  createStaging,
  insertBatch,
  repeatedKeys,
  stagingComplete,
  unstageLines,
} from './import.repository.js'
import { currentIndicators } from '../indicators.repository.js'
import type { IndicatorMetadata } from '../indicator-metadata.schema.js'
import { areaCodes } from '../areas.repository.js'
import { writeSummaries } from '../summaries/summaries.service.js'
import { indicatorDataChanged } from '../data-change-hooks.js'
import { notifyFollowers } from '../../follows/follows.service.js'
import { insertDraftRelease } from '../releases/releases.repository.js'

export interface ImportOptions {
  /** The file's name, for the report and the batch record. */
  sourceName: string
  format?: ImportFormat
  /** Who imports: `importActor(file)`, a command's user, or the system for shipped data. */
  actor: Actor | ActingUser | string
  /** Check and compare, then store nothing. */
  dryRun?: boolean
  /** Store the valid rows even when others are rejected. */
  validRowsOnly?: boolean
  /** Values for fields the format has no column for (e.g. the source of a Fingertips file). */
  defaults?: Partial<RawRow>
  onProgress?: (rowsRead: number) => void
  /** Told when another import holds the database and this one waits for it (PostgreSQL). */
  onWaiting?: () => void
  /** Inside the transaction, the longest wait for the file's next record before the import fails (default a minute). */
  stallMs?: number
  /**
   * A dataset shipped in data/: the lowest precedence, so where a figure's current value came from
   * an analyst's import, the shipped value is kept out.
   */
  shipped?: boolean
  /**
   * Land as a draft release (the release workflow, releases/): the figures wait, unseen by the
   * public, until approved and released. Never for shipped data, which is published at once.
   */
  draft?: boolean
  /** Inside the import's transaction, once its rows are stored: a write that must commit with them (a shipped dataset's hash). */
  onStored?: (tx: Kysely<Database>, report: ImportReport) => Promise<void>
}

export interface ImportReport {
  sourceName: string
  format: ImportFormat | null
  rowsRead: number
  added: number
  revised: number
  unchanged: number
  rejected: number
  /** Shipped rows left out because an analyst's import has set that figure since (shipped data only). */
  keptImported: number
  /** Every error; a fault of the whole file (line null) ends the import. */
  errors: ReportedProblem[]
  warnings: RowProblem[]
  /** Warnings beyond the first thousand of each kind are counted here, not listed. */
  warningsOmitted: number
  /** True when the file could not be read to its end (a FileProblem): the import stopped there, whatever the options. */
  unreadable: boolean
  /** True when the data was written (false for a dry run or a refused file). */
  stored: boolean
  batchId: string | null
  /** The draft release the import's figures wait in (a draft import only); null when published at once. */
  releaseId: string | null
}

/** Rows per COPY: a few megabytes of CSV at most, so memory stays flat whatever the file's size. */
const CHUNK_ROWS = 10_000
/** A million rows with the same warning need not be listed a million times; errors are all listed. */
export const WARNINGS_LISTED_PER_KIND = 1000

const warningCounts = new WeakMap<ImportReport, Map<string, number>>()

function addWarnings(report: ImportReport, warnings: RowProblem[]) {
  let counts = warningCounts.get(report)
  if (!counts) warningCounts.set(report, (counts = new Map()))
  for (const w of warnings) {
    // The kind of warning: its reason without the figures it quotes.
    const kind = `${w.column}|${w.reason.replace(/\([^)]*\)|"[^"]*"|[-\d.]+/g, '')}`
    const seen = (counts.get(kind) ?? 0) + 1
    counts.set(kind, seen)
    if (seen <= WARNINGS_LISTED_PER_KIND) report.warnings.push(w)
    else report.warningsOmitted++
  }
}

/** Thrown inside the transaction to roll it back, carrying the report out. */
class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rolled back')
  }
}

export async function loadImportContext(db: Kysely<Database>, smallCountThreshold = 5): Promise<ImportContext> {
  const [indicators, areas] = await Promise.all([currentIndicators(db), areaCodes(db)])
  return {
    indicators: new Map(indicators.map((i) => [i.id, indicatorInfo(i.id, i.metadata)])),
    fingertipsIds: new Map(indicators.filter((i) => i.fingertipsId !== null).map((i) => [i.fingertipsId!, i.id])),
    areas,
    smallCountThreshold,
  }
}

/** What the row checks need of an indicator's metadata (also used by the real-data build, without a database). */
export function indicatorInfo(
  id: string,
  m: Pick<IndicatorMetadata, 'value_type' | 'ci_method' | 'multiplier' | 'frequency'>,
): IndicatorInfo {
  return {
    id,
    valueType: m.value_type,
    ciMethod: m.ci_method,
    multiplier: typeof m.multiplier === 'number' ? m.multiplier : null,
    yearType: yearTypeOf(m.frequency),
  }
}

function yearTypeOf(frequency: IndicatorMetadata['frequency']): 'financial' | 'academic' | undefined {
  return frequency === 'academic_year' ? 'academic' : frequency === 'financial_year' ? 'financial' : undefined
}

/** Imports a CSV file, read as it streams in. */
export async function importData(
  db: Kysely<Database>,
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  options: ImportOptions,
): Promise<ImportReport> {
  return importRecords(db, readCsvRecords(chunks), options)
}

/**
 * Imports records from any reader that gives them one at a time with their line (the CSV reader,
 * or `readXlsxRecords` for a worksheet, whose lines are its row numbers). The first is the header.
 *
 * The file is opened and its header read and checked before the transaction begins (for a workbook
 * that is its zip directory, limits, sheet names and shared strings), so a file that cannot be read
 * never holds one open; the rows after it come from a file already known to be whole and bounded.
 * A fault in the file (a FileProblem) ends the import with its line and reason, and rolls back.
 */
export async function importRecords(
  db: Kysely<Database>,
  records: AsyncIterable<CsvRecord>,
  options: ImportOptions,
): Promise<ImportReport> {
  // A rollback here must roll back the import alone: it is never part of a caller's transaction.
  if (db.isTransaction) throw new Error('an import opens its own transaction: pass the database, not a transaction')
  const report = emptyReport(options.sourceName)
  const iterator = records[Symbol.asyncIterator]()
  // Read inside the transaction: a source that stops giving records ends the import, not waits in it.
  const rest = withStallLimit({ [Symbol.asyncIterator]: () => iterator }, options.stallMs ?? 60_000)
  let stalled = false
  try {
    const first = await iterator.next()
    if (first.done) {
      report.errors.push({ line: 1, column: null, reason: 'the file is empty: it needs a header row and data rows' })
      return report
    }
    const header = first.value
    const detected = options.format ?? detectFormat(header.fields, header.line)
    if (typeof detected !== 'string') {
      report.errors.push(detected.problem)
      return report
    }
    report.format = detected
    const context = await loadImportContext(db)
    const reader = await makeReader(db, detected, header.fields, header.line, context, options)
    if ('problems' in reader) {
      report.errors.push(...reader.problems)
      if ('advice' in reader && Array.isArray(reader.advice)) report.warnings.push(...reader.advice)
      return report
    }
    return await withChanges(db, options.actor, (tx, change) =>
      runImport(tx, change, { rest, reader, headerLine: header.line, context, options, report }),
    )
  } catch (error) {
    if (error instanceof Rollback) return error.report
    if (error instanceof FileProblem) {
      stalled = error instanceof StalledSource
      return { ...report, stored: false, batchId: null, unreadable: true, errors: [...report.errors, problemOf(error)] }
    }
    throw error
  } finally {
    // Stopped early (a bad header, a bad cell): let go of the file; a stalled one, without waiting on it.
    if (stalled) void iterator.return?.()?.catch(() => {})
    else await iterator.return?.()
  }
}

interface ImportRun {
  rest: AsyncIterable<CsvRecord>
  reader: RowsReader
  headerLine: number
  context: ImportContext
  options: ImportOptions
  report: ImportReport
}

/** The import's one transaction: stage, check, compare, apply; any error (or a dry run) rolls it all back. */
async function runImport(tx: Kysely<Database>, change: ChangeScope, run: ImportRun): Promise<ImportReport> {
  const { options, report } = run
  // withChanges opened this transaction (importRecords refuses to join a caller's).
  await takeBulkWriteLock(tx as Transaction<Database>, options.onWaiting)
  await createStaging(tx)
  await stageRows(tx, run)
  await stagingComplete(tx)
  await rejectRepeatedKeys(tx, report)
  report.rejected = new Set(report.errors.map((e) => e.line)).size
  if (report.errors.length > 0 && !options.validRowsOnly) throw new Rollback(report)
  const { kept, ...counts } = await compareStagedWithStored(tx, options.shipped === true)
  Object.assign(report, counts, { keptImported: kept })
  // A dry run makes every write the import would (so any check they make is made), then rolls back.
  if (report.added + report.revised > 0) await applyChanges(tx, change, options, report)
  else change.unchanged()
  if (options.dryRun) {
    report.batchId = null
    report.releaseId = null
    throw new Rollback(report)
  }
  report.stored = true
  await options.onStored?.(tx, report)
  return report
}

const emptyReport = (sourceName: string): ImportReport => ({
  sourceName,
  format: null,
  rowsRead: 0,
  added: 0,
  revised: 0,
  unchanged: 0,
  rejected: 0,
  keptImported: 0,
  errors: [],
  warnings: [],
  warningsOmitted: 0,
  unreadable: false,
  stored: false,
  batchId: null,
  releaseId: null,
})

const problemOf = (error: FileProblem): ReportedProblem => ({ line: error.line, column: null, reason: error.reason })

/** The report of a file refused before its import began: a fault found reading its first record (see lib/read-ahead.ts). */
export function refusedReport(sourceName: string, format: ImportFormat | null, problem: FileProblem): ImportReport {
  return { ...emptyReport(sourceName), format, unreadable: true, errors: [problemOf(problem)] }
}

async function stageRows(trx: Kysely<Database>, { rest, reader, headerLine, context, options, report }: ImportRun) {
  let buffer: ImportRow[] = []
  for await (const record of rest) {
    report.rowsRead++
    const { rows, problems } = reader.toRawRows(record.fields, record.line)
    report.errors.push(...problems)
    for (const raw of rows) {
      const result = validateRow(raw, record.line, context, reader.columnNames)
      report.errors.push(...result.errors)
      addWarnings(report, result.warnings)
      if (result.row) buffer.push(result.row)
    }
    if (buffer.length >= CHUNK_ROWS) {
      await copyStaging(trx, buffer)
      buffer = []
      options.onProgress?.(report.rowsRead)
    }
  }
  addWarnings(report, reader.finish?.(headerLine) ?? [])
  if (buffer.length) await copyStaging(trx, buffer)
  options.onProgress?.(report.rowsRead)
}

/** A key (indicator, area, period, breakdown) given twice: every later line is an error. */
async function rejectRepeatedKeys(trx: Kysely<Database>, report: ImportReport) {
  const later: number[] = []
  for (const { first, lines } of await repeatedKeys(trx)) {
    for (const line of lines.slice(1)) {
      later.push(line)
      report.errors.push({
        line,
        column: null,
        reason: `repeats line ${first}: the same indicator, area, period and breakdown`,
      })
    }
  }
  await unstageLines(trx, later)
  report.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

/** The batch, its rows, its audit event and the changed indicators' summaries, in the import's change. */
async function applyChanges(trx: Kysely<Database>, change: ChangeScope, options: ImportOptions, report: ImportReport) {
  const batch = await insertBatch(trx, {
    sourceName: options.sourceName,
    format: report.format ?? 'unknown',
    kind: options.shipped ? 'shipped' : 'import',
    actor: change.actor.key,
    rowsRead: report.rowsRead,
    added: report.added,
    revised: report.revised,
    unchanged: report.unchanged,
    rejected: report.rejected,
  })
  const draft = options.draft === true && !options.shipped
  // A draft's figures wait in its release; published at once, they are stored and summarised now.
  const changed = draft ? [] : await applyStaged(trx, batch)
  if (draft)
    report.releaseId = await insertDraftRelease(trx, {
      batchId: batch.id,
      createdBy: change.actor.key,
      createdByUserId: change.actor.userId,
      added: report.added,
      revised: report.revised,
    })
  await change.record({
    action: 'data.import',
    entityType: 'import_batch',
    entityId: batch.id,
    before: null,
    after: {
      source: options.sourceName,
      format: report.format,
      added: report.added,
      revised: report.revised,
      unchanged: report.unchanged,
      rejected: report.rejected,
      skippedLines: options.validRowsOnly ? [...new Set(report.errors.map((e) => e.line))] : [],
      ...(draft ? { draftRelease: report.releaseId } : {}),
    },
  })
  if (changed.length) {
    await writeSummaries(trx, changed, { batchId: batch.id })
    await indicatorDataChanged(trx, changed)
    await notifyFollowers(trx, changed, batch.importedAt)
  }
  report.batchId = batch.id
}
