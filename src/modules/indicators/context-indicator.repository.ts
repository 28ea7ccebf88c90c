/** The reads and writes of adding a context indicator from the web (its row in `indicators`). */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { IndicatorMetadata } from './indicator-metadata.schema.js'
import { parseStoredMetadata } from './indicators.repository.js'

/** The source_file of an indicator added from the web: loading the metadata files keeps it. */
export const WEB_SOURCE = 'web'

export async function indicatorIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('indicators').select('id').execute()
  return new Set(rows.map((r) => r.id))
}

/** The indicator that already has this Fingertips id, if any. */
export async function indicatorWithFingertipsId(db: Kysely<Database>, fingertipsId: number): Promise<string | null> {
  const row = await db
    .selectFrom('indicators')
    .select('id')
    .where('fingertips_id', '=', fingertipsId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  return row?.id ?? null
}

export async function insertWebIndicator(db: Kysely<Database>, indicator: IndicatorMetadata): Promise<{ id: string }> {
  return db
    .insertInto('indicators')
    .values({
      id: indicator.id,
      name: indicator.name,
      fingertips_id: typeof indicator.fingertips_id === 'number' ? indicator.fingertips_id : null,
      in_framework: false,
      metadata: JSON.stringify(indicator),
      source_file: WEB_SOURCE,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** The indicator as the audit trail keeps it. */
export async function indicatorSnapshot(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('indicators')
    .select(['id', 'name', 'fingertips_id', 'in_framework', 'metadata', 'source_file'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  return {
    id: row.id,
    name: row.name,
    fingertipsId: row.fingertips_id === null ? null : Number(row.fingertips_id),
    inFramework: row.in_framework,
    sourceFile: row.source_file,
    metadata: parseStoredMetadata(row.id, row.metadata),
  }
}
