/** Visibility tiers for tests: a stored indicator's metadata given a tier in the test's database only. */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import { findIndicator, upsertIndicator } from '../../src/modules/indicators/indicators.repository.js'
import { IndicatorMetadata } from '../../src/modules/indicators/indicator-metadata.schema.js'

export async function setTier(db: Kysely<Database>, id: string, settings: Partial<IndicatorMetadata>): Promise<void> {
  const record = await findIndicator(db, id)
  if (!record) throw new Error(`no indicator ${id}`)
  await upsertIndicator(db, 'test/tiers', IndicatorMetadata.parse({ ...record.metadata, ...settings }))
}
