/** The content hash each shipped dataset was last loaded with, so it loads once per version. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export async function loadedShippedHash(db: Kysely<Database>, name: string): Promise<string | null> {
  const row = await db.selectFrom('shipped_datasets').select('content_hash').where('name', '=', name).executeTakeFirst()
  return row?.content_hash ?? null
}

export async function recordShippedDataset(
  db: Kysely<Database>,
  name: string,
  contentHash: string,
  batchId: string | null,
): Promise<void> {
  await db
    .insertInto('shipped_datasets')
    .values({ name, content_hash: contentHash, import_batch_id: batchId, loaded_at: new Date() })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ content_hash: contentHash, import_batch_id: batchId, loaded_at: new Date() }),
    )
    .execute()
}
