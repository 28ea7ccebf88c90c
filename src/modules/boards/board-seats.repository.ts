/** The boards an organisation holds a current seat on, for the visibility tiers (accounts/access.ts canSeeTier). */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

/** Each board (`strategyId:boardId`) the organisation has a membership of on this day, ended or not yet begun ones left out. */
export async function seatedBoards(db: Kysely<Database>, organisationId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('board_memberships')
    .select(['strategy_id', 'board_id'])
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .where('from_date', '<=', today)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', today)]))
    .execute()
  return rows.map((r) => `${r.strategy_id}:${r.board_id}`).sort()
}
