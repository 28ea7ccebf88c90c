/**
 * Meetings by id as the audit trail names them (board and day), archived meetings too: a change
 * to a meeting long gone is still described by the meeting it was made to.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isRecordId } from '../../lib/ids.js'

export interface MeetingName {
  id: string
  strategyId: string
  boardId: string
  meetsOn: string
  title: string
}

export async function meetingNames(db: Kysely<Database>, ids: readonly string[]): Promise<MeetingName[]> {
  const wanted = [...new Set(ids)].filter(isRecordId)
  if (!wanted.length) return []
  const rows = await db
    .selectFrom('meetings')
    .select(['id', 'strategy_id', 'board_id', 'title', 'meets_on'])
    .where('id', 'in', wanted)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    strategyId: r.strategy_id,
    boardId: r.board_id,
    meetsOn: r.meets_on,
    title: r.title,
  }))
}
