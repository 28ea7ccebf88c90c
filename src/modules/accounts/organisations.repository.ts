/** The organisations table: partner organisations by id, never deleted (archived instead). */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

type Db = Kysely<Database>

export interface Organisation {
  id: string
  name: string
  kind: string
  source: string
}

/** Adds an organisation, or brings an existing one's name, kind and source up to date. */
export async function upsertOrganisation(db: Db, org: Organisation): Promise<void> {
  await db
    .insertInto('organisations')
    .values(org)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: org.name, kind: org.kind, source: org.source }))
    .execute()
}

/** The organisations in use, by name. */
export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'source'])
    .where('archived_at', 'is', null)
    .orderBy('name')
    .execute()
}

/** An organisation by id, archived or not (a record keeps naming the organisation it belongs to). */
export async function findOrganisation(db: Db, id: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('organisations').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
}

/** True when the organisation exists and is not archived: records may be given to it. */
export async function isActiveOrganisation(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}
