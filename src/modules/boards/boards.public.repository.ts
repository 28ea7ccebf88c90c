/**
 * What the public may read of boards' meetings, in one place so the rule is kept everywhere:
 * only meetings held in public and not archived; of those, agenda items, papers and decisions
 * that are neither withdrawn nor archived; and only papers that are not restricted. A meeting
 * held in private is not found at all (its page answers 404).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isRecordId } from '../../lib/ids.js'
import type { AgendaPurpose, MeetingStatus } from './boards.domain.js'

export interface PublicMeeting {
  id: string
  strategyId: string
  boardId: string
  meetsOn: string
  title: string
  location: string | null
  status: MeetingStatus
}

export interface PublicAgendaItem {
  id: string
  position: number
  title: string
  purpose: AgendaPurpose
  presenterRole: string | null
}

export interface PublicPaper {
  id: string
  agendaItemId: string | null
  title: string
  url: string
}

export interface PublicDecision {
  id: string
  agendaItemId: string | null
  text: string
  decidedOn: string
}

function publicMeetingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('meetings')
    .select(['id', 'strategy_id', 'board_id', 'title', 'location', 'status'])
    .select('meets_on')
    .where('public', '=', true)
    .where('archived_at', 'is', null)
}

type Row = Awaited<ReturnType<ReturnType<typeof publicMeetingQuery>['executeTakeFirstOrThrow']>>

const toPublicMeeting = (r: Row): PublicMeeting => ({
  id: r.id,
  strategyId: r.strategy_id,
  boardId: r.board_id,
  meetsOn: r.meets_on,
  title: r.title,
  location: r.location,
  status: r.status as MeetingStatus,
})

/** Every meeting held in public, newest first. */
export async function listPublicMeetings(db: Kysely<Database>): Promise<PublicMeeting[]> {
  const rows = await publicMeetingQuery(db).orderBy('meets_on', 'desc').orderBy('id', 'desc').execute()
  return rows.map(toPublicMeeting)
}

/** A meeting held in public, or undefined (for a private, archived or unknown one alike). */
export async function findPublicMeeting(db: Kysely<Database>, id: string): Promise<PublicMeeting | undefined> {
  if (!isRecordId(id)) return undefined
  const row = await publicMeetingQuery(db).where('id', '=', id).executeTakeFirst()
  return row ? toPublicMeeting(row) : undefined
}

/** A public meeting's agenda in order, withdrawn and archived items left out. */
export async function publicAgendaFor(db: Kysely<Database>, meetingId: string): Promise<PublicAgendaItem[]> {
  const rows = await db
    .selectFrom('agenda_items')
    .select(['id', 'position', 'title', 'purpose', 'presenter_role'])
    .where('meeting_id', '=', meetingId)
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    title: r.title,
    purpose: r.purpose as AgendaPurpose,
    presenterRole: r.presenter_role,
  }))
}

/** A public meeting's papers: never a restricted, withdrawn or archived one. */
export async function publicPapersFor(db: Kysely<Database>, meetingId: string): Promise<PublicPaper[]> {
  const rows = await db
    .selectFrom('papers')
    .select(['id', 'agenda_item_id', 'title', 'url'])
    .where('meeting_id', '=', meetingId)
    .where('restricted', '=', false)
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, agendaItemId: r.agenda_item_id, title: r.title, url: r.url }))
}

/** A public meeting's decisions, withdrawn and archived ones left out. */
export async function publicDecisionsFor(db: Kysely<Database>, meetingId: string): Promise<PublicDecision[]> {
  const rows = await db
    .selectFrom('decisions')
    .select(['id', 'agenda_item_id', 'text'])
    .select('decided_on')
    .where('meeting_id', '=', meetingId)
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('decided_on')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, agendaItemId: r.agenda_item_id, text: r.text, decidedOn: r.decided_on }))
}
