/**
 * Visibility tiers for tests: a stored indicator's metadata given a tier in the test's database only,
 * as one change (the data version moves, as when the service loads a changed metadata file, so no
 * cached public page outlives it).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import { withChanges } from '../../src/db/changes/with-change.js'
import { systemActor } from '../../src/db/changes/actor.js'
import { findIndicator, upsertIndicator } from '../../src/modules/indicators/indicators.repository.js'
import { IndicatorMetadata } from '../../src/modules/indicators/indicator-metadata.schema.js'

export async function setTier(db: Kysely<Database>, id: string, settings: Partial<IndicatorMetadata>): Promise<void> {
  const record = await findIndicator(db, id)
  if (!record) throw new Error(`no indicator ${id}`)
  await withChanges(db, systemActor('test'), (tx) =>
    upsertIndicator(tx, 'test/tiers', IndicatorMetadata.parse({ ...record.metadata, ...settings })),
  )
}
