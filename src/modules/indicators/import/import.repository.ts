/**
 * The import's SQL: a temporary staging table filled in chunks by COPY (db/copy-in.ts), the
 * checks across rows and against stored values as set-based statements over it, and the writes that apply a file (a batch, revised rows marked replaced, new rows added). Every
 * function runs inside the import's transaction; the staging table goes when it commits.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import type { ImportRow } from './import.types.js'
import { copyIn, CopyIn, copyNullableText, copyNumber, copyText } from '../../../db/copy-in.js'

type Tx = Kysely<Database>

export async function createStaging(trx: Tx): Promise<void> {
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

const STAGED_COLUMNS = `line, indicator_id, area_code, period_key, period_label, period_type, sex, age,
  category_type, category, value, count, denominator, lower_95, upper_95, lower_998, upper_998,
  value_note, source, source_quote`

/** One row as a line of COPY's CSV, its fields in STAGED_COLUMNS' order. */
export function stagedLine(r: ImportRow): string {
  return (
    `${r.line},${copyText(r.indicatorId)},${copyText(r.areaCode)},${copyText(r.period.key)},` +
    `${copyText(r.period.label)},${copyText(r.period.type)},${copyText(r.sex)},${copyText(r.age)},` +
    `${copyText(r.categoryType)},${copyText(r.category)},${copyNumber(r.value)},${copyNumber(r.count)},` +
    `${copyNumber(r.denominator)},${copyNumber(r.lower95)},${copyNumber(r.upper95)},${copyNumber(r.lower998)},` +
    `${copyNumber(r.upper998)},${copyNullableText(r.valueNote)},${copyText(r.source)},` +
    `${copyNullableText(r.sourceQuote)}\n`
  )
}

/** A chunk of rows into the staging table by COPY (the fastest way in, on both engines). */
export async function copyStaging(trx: Tx, rows: readonly ImportRow[]): Promise<void> {
  let csv = ''
  for (const r of rows) csv += stagedLine(r)
  await copyIn(trx, new CopyIn(`import_staging (${STAGED_COLUMNS})`, Buffer.from(csv)))
}

const KEY = sql.raw('indicator_id, area_code, period_key, sex, age, category_type, category')

/**
 * Once every row is staged: room for the statements over the staging table to hash in memory
 * (repeated keys were found by sorting on disk). Statistics were tried too (autovacuum never
 * analyses a temporary table) and cost more than they saved: ANALYZE took 0.8 s of 50,000 rows on
 * PostgreSQL and 2.6 s on PGlite, and the repeated-keys query ran as fast without.
 */
export async function stagingComplete(trx: Tx): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(trx)
}

/**
 * Each key (indicator, area, period, breakdown) staged more than once: its first line and every
 * line, in order. The repeated keys are found first (one hashed pass; none, in a good file), and
 * only their lines are gathered.
 */
export async function repeatedKeys(trx: Tx): Promise<{ first: number; lines: number[] }[]> {
  const { rows } = await sql<{ first: number; lines: number[] }>`
    with repeated as (select ${KEY} from import_staging group by ${KEY} having count(*) > 1)
    select min(s.line) as first, array_agg(s.line order by s.line) as lines
    from import_staging s join repeated using (${KEY}) group by ${KEY}`.execute(trx)
  return rows
}

export async function unstageLines(trx: Tx, lines: readonly number[]): Promise<void> {
  if (lines.length) await sql`delete from import_staging where line = any(${[...lines]}::integer[])`.execute(trx)
}

export interface StagedCounts {
  added: number
  revised: number
  unchanged: number
  /** Shipped rows left out because an analyst's import set that figure (shipped data only). */
  kept: number
}

/**
 * Marks each staged row: new, the same as stored, or a revision of the stored value. A shipped row
 * whose figure an analyst's import set is kept out (its stored value stands). Returns the counts.
 */
export async function compareStagedWithStored(trx: Tx, shipped: boolean): Promise<StagedCounts> {
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
  const { rows } = await sql<StagedCounts>`
    select count(*) filter (where current_id is null)::integer as added,
           count(*) filter (where current_id is not null and not same and not kept)::integer as revised,
           count(*) filter (where same)::integer as unchanged,
           count(*) filter (where kept and not same)::integer as kept
    from import_staging`.execute(trx)
  return rows[0]!
}

export interface NewBatch {
  sourceName: string
  format: string
  kind: 'import' | 'shipped'
  /** The actor's key, as the audit trail writes it. */
  actor: string
  rowsRead: number
  added: number
  revised: number
  unchanged: number
  rejected: number
}

/** Records the batch; its id and the moment its rows are recorded at. */
export async function insertBatch(trx: Tx, batch: NewBatch): Promise<{ id: string; importedAt: Date }> {
  const row = await trx
    .insertInto('import_batches')
    .values({
      source_name: batch.sourceName,
      format: batch.format,
      kind: batch.kind,
      actor: batch.actor,
      rows_read: batch.rowsRead,
      added: batch.added,
      revised: batch.revised,
      unchanged: batch.unchanged,
      rejected: batch.rejected,
    })
    .returning(['id', 'imported_at'])
    .executeTakeFirstOrThrow()
  return { id: String(row.id), importedAt: row.imported_at }
}

/**
 * Applies the staged rows as the batch's: each revised row's stored value marked replaced (when, by
 * which batch) and every new or revised row added. Returns the indicators whose data changed.
 */
export async function applyStaged(trx: Tx, batch: { id: string; importedAt: Date }): Promise<string[]> {
  const now = batch.importedAt
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
  const { rows } = await sql<{ indicator_id: string }>`
    select distinct indicator_id from import_staging where current_id is null or not (same or kept)`.execute(trx)
  return rows.map((r) => r.indicator_id)
}
