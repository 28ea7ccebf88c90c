/**
 * What a board member has to do, read for "My work": the boards their organisation holds a seat on
 * today, and the papers of given meetings. Rows leave as camelCase.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { BoardRef } from './boards.repository.js'

/** The boards an organisation holds a current seat on (on `today`, 'YYYY-MM-DD'). */
export async function boardsSeatedBy(db: Kysely<Database>, organisationId: string, today: string): Promise<BoardRef[]> {
  const rows = await db
    .selectFrom('board_memberships')
    .select(['strategy_id', 'board_id'])
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .where('from_date', '<=', today)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', today)]))
    .orderBy('board_id')
    .execute()
  return rows.map((r) => ({ strategyId: r.strategy_id, boardId: r.board_id }))
}

export interface MeetingPaper {
  id: string
  meetingId: string
  title: string
  url: string
  restricted: boolean
}

/** The current papers of some meetings. */
export async function papersOfMeetings(db: Kysely<Database>, meetingIds: readonly string[]): Promise<MeetingPaper[]> {
  if (!meetingIds.length) return []
  const rows = await db
    .selectFrom('papers')
    .select(['id', 'meeting_id', 'title', 'url', 'restricted'])
    .where('meeting_id', 'in', [...meetingIds])
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('meeting_id')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    meetingId: String(r.meeting_id),
    title: r.title,
    url: r.url,
    restricted: r.restricted,
  }))
}
