/** Areas with the dates their codes were in use, for placing a publisher's figure by period. */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { AreaSpan } from '../sources/dfe-areas.js'

export async function areaSpans(db: Kysely<Database>): Promise<Map<string, AreaSpan>> {
  const rows = await db
    .selectFrom('areas')
    .select([
      'code',
      'name',
      'type',
      sql<string | null>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'),
      sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to'),
    ])
    .execute()
  return new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, type: r.type, validFrom: r.valid_from, validTo: r.valid_to }]))
}
