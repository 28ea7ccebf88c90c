/** Partner organisations, loaded from `data/organisations/organisations.csv` at start (upserted by id, never deleted). */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { readCsvObjects } from '../../lib/csv-objects.js'

export interface Organisation {
  id: string
  name: string
  kind: string
  source: string
}

export async function loadOrganisations(db: Kysely<Database>, dataDir: string): Promise<number> {
  const rows = await readCsvObjects(readFileSync(path.join(dataDir, 'organisations', 'organisations.csv'), 'utf8'))
  for (const r of rows) {
    const org = { id: r.id!, name: r.name!, kind: r.kind!, source: `${r.source}: "${r.source_quote}"` }
    await db
      .insertInto('organisations')
      .values(org)
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: org.name, kind: org.kind, source: org.source }))
      .execute()
  }
  return rows.length
}

export async function listOrganisations(db: Kysely<Database>): Promise<Organisation[]> {
  return db.selectFrom('organisations').select(['id', 'name', 'kind', 'source']).where('archived_at', 'is', null).orderBy('name').execute()
}
