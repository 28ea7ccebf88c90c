/**
 * The indicators table: each indicator's name and its metadata file's entry. The metadata is kept
 * as JSON and read back here only, parsed by its schema (indicator-metadata.schema.ts), so no
 * caller reads a field by hand or guesses at a missing one.
 */
import { valueFormatOf, type ValueFormat } from './value-format.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { IndicatorMetadata } from './indicator-metadata.schema.js'

export interface IndicatorRecord {
  id: string
  name: string
  fingertipsId: number | null
  inFramework: boolean
  metadata: IndicatorMetadata
  sourceFile: string
  archived: boolean
}

interface IndicatorRow {
  id: string
  name: string
  fingertips_id: number | null
  in_framework: boolean
  metadata: unknown
  source_file: string
  archived_at: Date | null
}

const columns = ['id', 'name', 'fingertips_id', 'in_framework', 'metadata', 'source_file', 'archived_at'] as const

/** Stored metadata, parsed by its schema; a row the schema refuses names itself. */
export function parseStoredMetadata(id: string, raw: unknown): IndicatorMetadata {
  const parsed = IndicatorMetadata.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw)
  if (!parsed.success)
    throw new Error(
      `indicator ${id}: its stored metadata does not match indicator-metadata.schema.ts: ${parsed.error.issues[0]?.message}`,
    )
  return parsed.data
}

function toRecord(row: IndicatorRow): IndicatorRecord {
  return {
    id: row.id,
    name: row.name,
    fingertipsId: row.fingertips_id === null ? null : Number(row.fingertips_id),
    inFramework: row.in_framework,
    metadata: parseStoredMetadata(row.id, row.metadata),
    sourceFile: row.source_file,
    archived: row.archived_at !== null,
  }
}

export async function findIndicator(db: Kysely<Database>, id: string): Promise<IndicatorRecord | null> {
  const row = await db.selectFrom('indicators').select(columns).where('id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : null
}

/** These indicators, archived or not, in no particular order. */
export async function findIndicators(db: Kysely<Database>, ids: readonly string[]): Promise<IndicatorRecord[]> {
  if (!ids.length) return []
  const rows = await db
    .selectFrom('indicators')
    .select(columns)
    .where('id', 'in', [...ids])
    .execute()
  return rows.map(toRecord)
}

/** Every indicator the metadata files still have. */
export async function currentIndicators(db: Kysely<Database>): Promise<IndicatorRecord[]> {
  const rows = await db
    .selectFrom('indicators')
    .select(columns)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

export async function indicatorExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('indicators').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

/** Each indicator's unit as its metadata states it ("tbc" when not yet confirmed) and its precision. */
export async function indicatorFormats(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, ValueFormat>> {
  return new Map((await findIndicators(db, ids)).map((i) => [i.id, valueFormatOf(i.metadata)]))
}

/**
 * Stores a metadata file's entry, bringing an archived indicator back. True when anything changed:
 * an entry as stored already is left alone, its `updated_at` too.
 */
export async function upsertIndicator(
  db: Kysely<Database>,
  file: string,
  indicator: IndicatorMetadata,
): Promise<boolean> {
  const row = {
    id: indicator.id,
    name: indicator.name,
    fingertips_id: typeof indicator.fingertips_id === 'number' ? indicator.fingertips_id : null,
    in_framework: indicator.in_framework,
    metadata: JSON.stringify(indicator),
    source_file: file,
  }
  const changed = await db
    .insertInto('indicators')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ ...row, updated_at: new Date(), archived_at: null })
        .where((eb) =>
          eb.or([
            eb('indicators.name', 'is distinct from', eb.ref('excluded.name')),
            eb('indicators.fingertips_id', 'is distinct from', eb.ref('excluded.fingertips_id')),
            eb('indicators.in_framework', 'is distinct from', eb.ref('excluded.in_framework')),
            eb('indicators.metadata', 'is distinct from', eb.ref('excluded.metadata')),
            eb('indicators.source_file', 'is distinct from', eb.ref('excluded.source_file')),
            eb('indicators.archived_at', 'is not', null),
          ]),
        ),
    )
    .returning('id')
    .executeTakeFirst()
  return changed !== undefined
}

/** Archives every indicator not among these (never deletes: data points keep their meaning); how many. */
export async function archiveIndicatorsNotIn(
  db: Kysely<Database>,
  ids: readonly string[],
  keepSourceFile: string,
): Promise<number> {
  if (!ids.length) return 0
  const archived = await db
    .updateTable('indicators')
    .set({ archived_at: new Date() })
    .where('id', 'not in', [...ids])
    .where('archived_at', 'is', null)
    .where('source_file', '<>', keepSourceFile)
    .returning('id')
    .execute()
  return archived.length
}
