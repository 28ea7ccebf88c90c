/** The data version: bumped inside every write transaction; caches key on it. */
import { sql, type Kysely } from 'kysely'
import type { Database } from './database.js'

const listeners = new Set<() => void>()

/** Called after every bump in this process (the page cache forgets the version it knew). */
export function onDataVersionBumped(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export async function bumpDataVersion(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('data_version')
    .set({ version: sql`version + 1`, changed_at: new Date() })
    .where('id', '=', 1)
    .execute()
  for (const listener of listeners) listener()
}

export async function readDataVersion(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return String(row.version)
}
