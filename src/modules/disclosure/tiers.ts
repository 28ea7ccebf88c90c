/**
 * Each indicator's visibility tier, and each breakdown's, from its metadata (issue #16), and the one
 * filter that keeps restricted figures out of everything public (public-data.ts applies it).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Tier } from '../accounts/access.js'
import { readTierSettings, type TierSettings } from './visibility.repository.js'

const rank: Record<Tier, number> = { public: 0, partners: 1, board: 2 }
const stricter = (a: Tier, b: Tier): Tier => (rank[b] > rank[a] ? b : a)

export interface TierMap {
  /**
   * The tier of an indicator's figures; of one breakdown's (its category type) when given: the
   * stricter of the indicator's and the breakdown's own, so a breakdown never shows more than its
   * indicator allows. The total (category type '') has the indicator's.
   */
  tierOf(indicatorId: string, categoryType?: string): Tier
  /** Whether the data-sharing basis lets the restricted tiers see counts below the threshold. */
  unsuppressed(indicatorId: string): boolean
  /** The indicators not wholly public (for lists to leave out or mark). */
  restricted(): string[]
}

export function tierMap(settings: readonly TierSettings[]): TierMap {
  const byId = new Map(settings.map((s) => [s.indicatorId, s]))
  return {
    tierOf: (indicatorId, categoryType = '') => {
      const s = byId.get(indicatorId)
      if (!s) return 'public'
      return categoryType ? stricter(s.tier, s.breakdowns[categoryType] ?? s.tier) : s.tier
    },
    unsuppressed: (indicatorId) => byId.get(indicatorId)?.unsuppressed === true,
    restricted: () => settings.filter((s) => s.tier !== 'public').map((s) => s.indicatorId),
  }
}

export async function readTierMap(db: Kysely<Database>): Promise<TierMap> {
  return tierMap(await readTierSettings(db))
}

/** Only the rows of public indicators and public breakdowns. */
export function keepPublic<T extends { indicatorId: string; categoryType: string }>(tiers: TierMap, rows: T[]): T[] {
  return rows.filter((r) => tiers.tierOf(r.indicatorId, r.categoryType) === 'public')
}

/** The public tier: rows of restricted indicators and breakdowns left out (public-data.ts). */
export async function onlyPublic<T extends { indicatorId: string; categoryType: string }>(
  db: Kysely<Database>,
  rows: T[],
): Promise<T[]> {
  return rows.length ? keepPublic(await readTierMap(db), rows) : rows
}
