/** The visibility settings of indicators' metadata (visibility.ts), read without parsing whole entries. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { Visibility } from '../indicators/indicator-metadata.schema.js'
import type { Tier } from '../accounts/access.js'

export interface TierSettings {
  indicatorId: string
  tier: Tier
  /** A tier per breakdown, by category type. */
  breakdowns: Record<string, Tier>
  /** The data-sharing basis lets the restricted tiers see counts below the disclosure threshold. */
  unsuppressed: boolean
}

/** Anything stored that is not a tier is read as the strictest one: a fault never makes a figure public. */
const tierOf = (value: unknown): Tier => {
  if (value === undefined || value === null) return 'public'
  const parsed = Visibility.safeParse(value)
  return parsed.success ? parsed.data : 'board'
}

/** The indicators whose metadata says anything about visibility; every other indicator is public. */
export async function readTierSettings(db: Kysely<Database>): Promise<TierSettings[]> {
  const rows = await db
    .selectFrom('indicators')
    .select(['id', 'metadata'])
    .where((eb) =>
      eb.or([
        eb(eb.ref('metadata', '->').key('visibility'), 'is not', null),
        eb(eb.ref('metadata', '->').key('breakdown_visibility'), 'is not', null),
        eb(eb.ref('metadata', '->').key('data_sharing'), 'is not', null),
      ]),
    )
    .execute()
  return rows.map((r) => {
    const meta = (typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata) as Record<string, unknown>
    const breakdowns = (meta.breakdown_visibility ?? {}) as Record<string, unknown>
    const sharing = meta.data_sharing as { unsuppressed?: unknown } | undefined
    return {
      indicatorId: r.id,
      tier: tierOf(meta.visibility),
      breakdowns: Object.fromEntries(Object.entries(breakdowns).map(([k, v]) => [k, tierOf(v)])),
      unsuppressed: sharing?.unsuppressed === true,
    }
  })
}
