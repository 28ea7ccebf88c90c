/** The boards an organisation holds a current seat on, as the visibility tiers name them (accounts/access.ts canSeeTier). */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { boardsSeatedBy } from './board-work.repository.js'

/** Each board (`strategyId:boardId`) the organisation has a membership of on this day, ended or not yet begun ones left out. */
export async function seatedBoards(db: Kysely<Database>, organisationId: string, today: string): Promise<string[]> {
  return (await boardsSeatedBy(db, organisationId, today)).map((b) => `${b.strategyId}:${b.boardId}`).sort()
}
