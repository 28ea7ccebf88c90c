/** The coverage page's reads: every indicator, and when each area's current figures were loaded. */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export async function allIndicators(db: Kysely<Database>) {
  return db.selectFrom('indicators').select(['id', 'name', 'in_framework']).where('archived_at', 'is', null).orderBy('source_file').orderBy('id').execute()
}

/** When each indicator's current figures for the area were last recorded. */
export async function lastLoaded(db: Kysely<Database>, areaCode: string): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('data_points')
    .select(['indicator_id', sql<Date>`max(recorded_at)`.as('loaded')])
    .where('area_code', '=', areaCode)
    .where('replaced_at', 'is', null)
    .groupBy('indicator_id')
    .execute()
  return new Map(rows.map((r) => [r.indicator_id, new Date(r.loaded)]))
}
