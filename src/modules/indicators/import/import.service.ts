/**
 * Imports indicator data, all or nothing. Rows stream from the file through the row checks into a
 * temporary staging table inside one transaction, so memory stays flat whatever the file's size;
 * checks across rows (a key repeated in the file) and the comparison with stored values are then
 * set-based SQL. Any error rolls everything back, unless the analyst asked to load only the valid
 * rows, in which case the report lists exactly what was skipped. A changed value never overwrites:
 * the stored row is marked replaced (when, by which import) and the new row added.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../../db/database.js'
import { bumpDataVersion } from '../../../db/data-version.js'
import { takeBulkWriteLock } from '../../../db/bulk-write-lock.js'
import { recordAudit } from '../../audit/audit.repository.js'
import { readCsvRecords, type CsvRecord } from '../../../lib/csv-stream.js'
import { FileProblem } from '../../../lib/file-problem.js'
import { StalledSource, withStallLimit } from '../../../lib/stall-limit.js'
import { detectFormat, readerFor, type ImportFormat } from './formats.js'
import type { ImportContext, ImportRow, IndicatorInfo, RawRow, ReportedProblem, RowProblem } from './import.types.js'
import { validateRow } from './validate-row.js'
import { eesReader, onsReader, PUBLISHER_COLUMNS } from './publisher-formats.js'
import { sourceMappings } from '../../sources/source-provenance.js'
import { dfeLaCodes } from '../../sources/dfe-la-codes.js'
import { DfeAreaResolver } from '../../sources/dfe-areas.js'
import { areaSpans } from '../areas.repository.js'
import { recomputeSummaries } from '../summaries/summaries.service.js'
import { laitRowsReader } from './lait-reader.js'
import { withFingertipsSuggestions } from './new-measures.js'

export interface ImportOptions {
  /** The file's name, for the report and the batch record. */
  sourceName: string
  format?: ImportFormat
  actor: string
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
}

const CHUNK_ROWS = 2000
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
  const [indicators, areas] = await Promise.all([
    db.selectFrom('indicators').select(['id', 'fingertips_id', 'metadata']).where('archived_at', 'is', null).execute(),
    db.selectFrom('areas').select('code').execute(),
  ])
  const meta = (m: unknown) => (typeof m === 'string' ? JSON.parse(m) : m) as Record<string, unknown>
  return {
    indicators: new Map(indicators.map((i) => [i.id, indicatorInfo(i.id, meta(i.metadata))])),
    fingertipsIds: new Map(indicators.filter((i) => i.fingertips_id !== null).map((i) => [i.fingertips_id!, i.id])),
    areas: new Set(areas.map((a) => a.code)),
    smallCountThreshold,
  }
}

/** What the row checks need of an indicator's metadata (also used by the real-data build, without a database). */
export function indicatorInfo(id: string, m: Record<string, unknown>): IndicatorInfo {
  return {
    id,
    valueType: String(m.value_type),
    ciMethod: String(m.ci_method),
    multiplier: typeof m.multiplier === 'number' ? m.multiplier : null,
    yearType: yearTypeOf(m.frequency),
  }
}

function yearTypeOf(frequency: unknown): 'financial' | 'academic' | undefined {
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
export async function importRecords(db: Kysely<Database>, records: AsyncIterable<CsvRecord>, options: ImportOptions): Promise<ImportReport> {
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
      if ('advice' in reader && Array.isArray(reader.advice)) report.warnings.push(...(reader.advice as RowProblem[]))
      return report
    }
    return await db.transaction().execute(async (trx) => {
      await takeBulkWriteLock(trx, options.onWaiting)
      await createStaging(trx)
      await stageRows(trx, rest, reader, header.line, context, options, report)
      await rejectRepeatedKeys(trx, report)
      report.rejected = new Set(report.errors.map((e) => e.line)).size
      if (report.errors.length > 0 && !options.validRowsOnly) throw new Rollback(report)
      await compareWithStored(trx, report, options.shipped === true)
      // A dry run makes every write the import would (so any check they make is made), then rolls back.
      if (report.added + report.revised > 0) await applyChanges(trx, options, report)
      if (options.dryRun) {
        report.batchId = null
        throw new Rollback(report)
      }
      report.stored = true
      return report
    })
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
})

const problemOf = (error: FileProblem): ReportedProblem => ({ line: error.line, column: null, reason: error.reason })

/** The report of a file refused before its import began: a fault found reading its first record (see lib/read-ahead.ts). */
export function refusedReport(sourceName: string, format: ImportFormat | null, problem: FileProblem): ImportReport {
  return { ...emptyReport(sourceName), format, unreadable: true, errors: [problemOf(problem)] }
}

async function createStaging(trx: Transaction<Database>) {
  await sql`
    create temp table import_staging (
      line integer not null,
      indicator_id text not null, area_code text not null,
      period_key text not null, period_label text not null, period_type text not null,
      sex text not null, age text not null, category_type text not null, category text not null,
      value double precision, count double precision, denominator double precision,
      lower_95 double precision, upper_95 double precision, lower_998 double precision, upper_998 double precision,
      value_note text, source text not null, source_quote text,
      current_id bigint, same boolean, kept boolean not null default false
    ) on commit drop`.execute(trx)
}

async function stageRows(
  trx: Transaction<Database>,
  records: AsyncIterable<CsvRecord>,
  reader: RowsReader,
  headerLine: number,
  context: ImportContext,
  options: ImportOptions,
  report: ImportReport,
) {
  let buffer: ImportRow[] = []
  for await (const record of records) {
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
      await insertStaging(trx, buffer)
      buffer = []
      options.onProgress?.(report.rowsRead)
    }
  }
  addWarnings(report, reader.finish?.(headerLine) ?? [])
  if (buffer.length) await insertStaging(trx, buffer)
  options.onProgress?.(report.rowsRead)
}

type ColumnNames = Partial<Record<keyof RawRow, string>>

/** A format's reader of rows: one template row per record, or (a publisher's file) any number. */
interface RowsReader {
  toRawRows: (fields: string[], line: number) => { rows: RawRow[]; problems: RowProblem[] }
  columnNames: ColumnNames
  finish?: (headerLine: number) => RowProblem[]
}

/**
 * The reader of a format: the template's fields one to one, or a publisher's file through
 * data/sources/mappings.yaml. Made from the header before the transaction begins.
 */
async function makeReader(
  db: Kysely<Database>,
  format: ImportFormat,
  header: string[],
  line: number,
  context: ImportContext,
  options: ImportOptions,
) {
  if (format === 'lait') return laitRowsReader(db, header, line, context, options.sourceName)
  if (format === 'ees' || format === 'ons') {
    // A column read given twice would be read from one of them, silently: refused, as the template's are.
    const names = header.map((h) => h.trim())
    const repeated = PUBLISHER_COLUMNS[format].filter((c) => names.indexOf(c) !== names.lastIndexOf(c))
    if (repeated.length) {
      return { problems: repeated.map((c) => ({ line, column: c, reason: `the column "${c}" appears twice (columns ${names.indexOf(c) + 1} and ${names.lastIndexOf(c) + 1}): keep one` })) }
    }
    const mappings = sourceMappings()
    if (!mappings) return { problems: [{ line, column: null, reason: 'data/sources/mappings.yaml is missing, so a publisher\'s file cannot be read' }] }
    const publisher = {
      mappings,
      resolver: new DfeAreaResolver(dfeLaCodes(), await areaSpans(db)),
      areaCodes: context.areas,
      indicators: context.indicators,
    }
    const name = options.sourceName
    const made = format === 'ees' ? eesReader(header.map((h) => h.trim()), line, publisher, name) : onsReader(header.map((h) => h.trim()), line, publisher, name)
    if ('problems' in made) return made
    const missing = PUBLISHER_COLUMNS[format].filter((c) => !header.map((h) => h.trim()).includes(c))
    if (missing.length) return { problems: missing.map((c) => ({ line, column: c, reason: `the ${format === 'ees' ? 'Explore Education Statistics' : 'ONS'} column "${c}" is missing from the header` })) }
    return { ...made.reader, columnNames: {} as ColumnNames }
  }
  const made = readerFor(format, header, line, options.defaults)
  if ('problems' in made) return made
  if (format === 'fingertips') return withFingertipsSuggestions(made.reader, header, context, options.sourceName)
  return { toRawRows: (fields: string[]) => ({ rows: [made.reader.toRawRow(fields)], problems: [] }), columnNames: made.reader.columnNames }
}

/** Many rows per statement, one array per column: fast on both engines. */
async function insertStaging(trx: Transaction<Database>, rows: ImportRow[]) {
  const col = <T>(pick: (r: ImportRow) => T) => rows.map(pick)
  await sql`
    insert into import_staging (line, indicator_id, area_code, period_key, period_label, period_type, sex, age,
      category_type, category, value, count, denominator, lower_95, upper_95, lower_998, upper_998,
      value_note, source, source_quote)
    select * from unnest(
      ${col((r) => r.line)}::integer[], ${col((r) => r.indicatorId)}::text[], ${col((r) => r.areaCode)}::text[],
      ${col((r) => r.period.key)}::text[], ${col((r) => r.period.label)}::text[], ${col((r) => r.period.type)}::text[],
      ${col((r) => r.sex)}::text[], ${col((r) => r.age)}::text[], ${col((r) => r.categoryType)}::text[],
      ${col((r) => r.category)}::text[], ${col((r) => r.value)}::float8[], ${col((r) => r.count)}::float8[],
      ${col((r) => r.denominator)}::float8[], ${col((r) => r.lower95)}::float8[], ${col((r) => r.upper95)}::float8[],
      ${col((r) => r.lower998)}::float8[], ${col((r) => r.upper998)}::float8[], ${col((r) => r.valueNote)}::text[],
      ${col((r) => r.source)}::text[], ${col((r) => r.sourceQuote)}::text[])`.execute(trx)
}

const KEY = sql.raw('indicator_id, area_code, period_key, sex, age, category_type, category')

/** A key (indicator, area, period, breakdown) given twice: every later line is an error. */
async function rejectRepeatedKeys(trx: Transaction<Database>, report: ImportReport) {
  const { rows } = await sql<{ first: number; lines: number[] }>`
    select min(line) as first, array_agg(line order by line) as lines
    from import_staging group by ${KEY} having count(*) > 1`.execute(trx)
  const later: number[] = []
  for (const { first, lines } of rows) {
    for (const line of lines.slice(1)) {
      later.push(line)
      report.errors.push({ line, column: null, reason: `repeats line ${first}: the same indicator, area, period and breakdown` })
    }
  }
  if (later.length) await sql`delete from import_staging where line = any(${later}::integer[])`.execute(trx)
  report.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

/**
 * Marks each staged row: new, the same as stored, or a revision of the stored value. A shipped row
 * whose figure an analyst's import set is kept out (its stored value stands).
 */
async function compareWithStored(trx: Transaction<Database>, report: ImportReport, shipped: boolean) {
  await sql`
    update import_staging s set current_id = d.id,
      same = (d.value is not distinct from s.value and d.count is not distinct from s.count
        and d.denominator is not distinct from s.denominator
        and d.lower_95 is not distinct from s.lower_95 and d.upper_95 is not distinct from s.upper_95
        and d.lower_998 is not distinct from s.lower_998 and d.upper_998 is not distinct from s.upper_998
        and d.value_note is not distinct from s.value_note),
      kept = ${shipped} and b.kind <> 'shipped'
    from data_points d join import_batches b on b.id = d.import_batch_id
    where d.replaced_at is null and d.indicator_id = s.indicator_id and d.area_code = s.area_code
      and d.period_key = s.period_key and d.sex = s.sex and d.age = s.age
      and d.category_type = s.category_type and d.category = s.category`.execute(trx)
  const { rows } = await sql<{ added: number; revised: number; unchanged: number; kept: number }>`
    select count(*) filter (where current_id is null)::integer as added,
           count(*) filter (where current_id is not null and not same and not kept)::integer as revised,
           count(*) filter (where same)::integer as unchanged,
           count(*) filter (where kept and not same)::integer as kept
    from import_staging`.execute(trx)
  const { kept, ...counts } = rows[0]!
  Object.assign(report, counts, { keptImported: kept })
}

async function applyChanges(trx: Transaction<Database>, options: ImportOptions, report: ImportReport) {
  const batch = await trx
    .insertInto('import_batches')
    .values({
      source_name: options.sourceName,
      format: report.format ?? 'unknown',
      kind: options.shipped ? 'shipped' : 'import',
      actor: options.actor,
      rows_read: report.rowsRead,
      added: report.added,
      revised: report.revised,
      unchanged: report.unchanged,
      rejected: report.rejected,
    })
    .returning(['id', 'imported_at'])
    .executeTakeFirstOrThrow()
  const now = batch.imported_at
  await sql`
    update data_points d set replaced_at = ${now}, replaced_by_batch_id = ${batch.id}
    from import_staging s where s.current_id = d.id and not s.same and not s.kept`.execute(trx)
  await sql`
    insert into data_points (indicator_id, area_code, period_key, period_label, period_type, sex, age, category_type,
      category, value, count, denominator, lower_95, upper_95, lower_998, upper_998, value_note, source, source_quote,
      import_batch_id, recorded_at)
    select indicator_id, area_code, period_key, period_label, period_type, sex, age, category_type, category, value,
      count, denominator, lower_95, upper_95, lower_998, upper_998, value_note, source, source_quote, ${batch.id}, ${now}
    from import_staging where current_id is null or not (same or kept)`.execute(trx)
  await recordAudit(trx, {
    actor: options.actor,
    action: 'data.import',
    entityType: 'import_batch',
    entityId: String(batch.id),
    before: null,
    after: {
      source: options.sourceName,
      format: report.format,
      added: report.added,
      revised: report.revised,
      unchanged: report.unchanged,
      rejected: report.rejected,
      skippedLines: options.validRowsOnly ? [...new Set(report.errors.map((e) => e.line))] : [],
    },
  })
  const { rows: changed } = await sql<{ indicator_id: string }>`
    select distinct indicator_id from import_staging where current_id is null or not (same or kept)`.execute(trx)
  await recomputeSummaries(trx, changed.map((r) => r.indicator_id))
  await bumpDataVersion(trx)
  report.batchId = String(batch.id)
}
