/**
 * Memberships, meetings, agenda items, papers, decisions and the actions arising at meetings in
 * the database: reads, with dates as 'YYYY-MM-DD' text on both engines, and the writes the service
 * makes inside withChange. Nothing is deleted: a membership ends on a date. Withdrawn agenda items,
 * papers and decisions are left out of these reads (the meeting page reads them: boards.records.repository.ts).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isRecordId } from '../../lib/ids.js'
import type { AgendaPurpose, MeetingStatus, MemberKind } from './boards.domain.js'

export interface BoardRef {
  strategyId: string
  boardId: string
}

export interface Membership {
  id: string
  strategyId: string
  boardId: string
  roleTitle: string
  organisationId: string
  organisationName: string
  memberKind: MemberKind
  fromDate: string
  toDate: string | null
}

export interface Meeting {
  id: string
  strategyId: string
  boardId: string
  meetsOn: string
  title: string
  location: string | null
  status: MeetingStatus
  public: boolean
  updatedBy: string
  updatedAt: Date
}

export interface AgendaItem {
  id: string
  meetingId: string
  position: number
  title: string
  purpose: AgendaPurpose
  presenterRole: string | null
}

export interface Paper {
  id: string
  meetingId: string
  agendaItemId: string | null
  title: string
  url: string
  restricted: boolean
}

export interface Decision {
  id: string
  meetingId: string
  agendaItemId: string | null
  text: string
  decidedOn: string
}

export async function listMemberships(db: Kysely<Database>, board: BoardRef): Promise<Membership[]> {
  const rows = await db
    .selectFrom('board_memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.id',
      'm.strategy_id',
      'm.board_id',
      'm.role_title',
      'm.organisation_id',
      'o.name as organisation_name',
      'm.member_kind',
    ])
    .select(['m.from_date', 'm.to_date'])
    .where('m.strategy_id', '=', board.strategyId)
    .where('m.board_id', '=', board.boardId)
    .where('m.archived_at', 'is', null)
    .orderBy(sql`case m.member_kind when 'chair' then 0 else 1 end`)
    .orderBy('o.name')
    .orderBy('m.role_title')
    .orderBy('m.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    strategyId: r.strategy_id,
    boardId: r.board_id,
    roleTitle: r.role_title,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    memberKind: r.member_kind as MemberKind,
    fromDate: r.from_date,
    toDate: r.to_date,
  }))
}

/** A membership as the audit trail and the end form know it (no organisation name). */
export type MembershipRecord = Omit<Membership, 'organisationName'>

export async function findMembership(db: Kysely<Database>, id: string): Promise<MembershipRecord | undefined> {
  if (!isRecordId(id)) return undefined
  const r = await db
    .selectFrom('board_memberships')
    .select(['id', 'strategy_id', 'board_id', 'role_title', 'organisation_id', 'member_kind'])
    .select(['from_date', 'to_date'])
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  if (!r) return undefined
  return {
    id: r.id,
    strategyId: r.strategy_id,
    boardId: r.board_id,
    roleTitle: r.role_title,
    organisationId: r.organisation_id,
    memberKind: r.member_kind as MemberKind,
    fromDate: r.from_date,
    toDate: r.to_date,
  }
}

function meetingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('meetings')
    .select(['id', 'strategy_id', 'board_id', 'title', 'location', 'status', 'public', 'updated_by', 'updated_at'])
    .select('meets_on')
    .where('archived_at', 'is', null)
}

type MeetingRow = Awaited<ReturnType<ReturnType<typeof meetingQuery>['executeTakeFirstOrThrow']>>

const toMeeting = (r: MeetingRow): Meeting => ({
  id: r.id,
  strategyId: r.strategy_id,
  boardId: r.board_id,
  meetsOn: r.meets_on,
  title: r.title,
  location: r.location,
  status: r.status as MeetingStatus,
  public: r.public,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
})

/** Every meeting of every board (or of one board), by date. */
export async function listMeetings(db: Kysely<Database>, board?: BoardRef): Promise<Meeting[]> {
  let q = meetingQuery(db)
  if (board) q = q.where('strategy_id', '=', board.strategyId).where('board_id', '=', board.boardId)
  return (await q.orderBy('meets_on').orderBy('id').execute()).map(toMeeting)
}

export async function findMeeting(db: Kysely<Database>, id: string): Promise<Meeting | undefined> {
  if (!isRecordId(id)) return undefined
  const row = await meetingQuery(db).where('id', '=', id).executeTakeFirst()
  return row ? toMeeting(row) : undefined
}

export async function agendaFor(db: Kysely<Database>, meetingIds: string[]): Promise<AgendaItem[]> {
  if (!meetingIds.length) return []
  const rows = await db
    .selectFrom('agenda_items')
    .select(['id', 'meeting_id', 'position', 'title', 'purpose', 'presenter_role'])
    .where('meeting_id', 'in', meetingIds)
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('meeting_id')
    .orderBy('position')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    position: r.position,
    title: r.title,
    purpose: r.purpose as AgendaPurpose,
    presenterRole: r.presenter_role,
  }))
}

export async function papersFor(db: Kysely<Database>, meetingId: string): Promise<Paper[]> {
  const rows = await db
    .selectFrom('papers')
    .select(['id', 'meeting_id', 'agenda_item_id', 'title', 'url', 'restricted'])
    .where('meeting_id', '=', meetingId)
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    title: r.title,
    url: r.url,
    restricted: r.restricted,
  }))
}

export async function decisionsFor(db: Kysely<Database>, meetingId: string): Promise<Decision[]> {
  const rows = await db
    .selectFrom('decisions')
    .select(['id', 'meeting_id', 'agenda_item_id', 'text'])
    .select('decided_on')
    .where('meeting_id', '=', meetingId)
    .where('archived_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    text: r.text,
    decidedOn: r.decided_on,
  }))
}

/** The ids of the tracked actions that arose at a meeting, in the order they were added. */
export async function actionIdsFor(db: Kysely<Database>, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('meeting_actions')
    .select('action_id')
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at')
    .orderBy('action_id')
    .execute()
  return rows.map((r) => r.action_id)
}

// ---- writes: the service calls these inside withChange, which audits them ------------------------
// `by` is the actor's key, kept in created_by and updated_by.

export interface NewMembership {
  roleTitle: string
  organisationId: string
  memberKind: MemberKind
  fromDate: string
  toDate: string | null
}

export async function insertMembership(
  db: Kysely<Database>,
  board: BoardRef,
  m: NewMembership,
  by: string,
): Promise<string> {
  const row = await db
    .insertInto('board_memberships')
    .values({
      strategy_id: board.strategyId,
      board_id: board.boardId,
      role_title: m.roleTitle,
      organisation_id: m.organisationId,
      member_kind: m.memberKind,
      from_date: m.fromDate,
      to_date: m.toDate,
      created_by: by,
      updated_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function setMembershipEnd(db: Kysely<Database>, id: string, toDate: string, by: string): Promise<void> {
  await db
    .updateTable('board_memberships')
    .set({ to_date: toDate, updated_by: by, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export interface MeetingFields {
  meetsOn: string
  title: string
  location: string | null
  status: MeetingStatus
  public: boolean
}

export async function insertMeeting(
  db: Kysely<Database>,
  board: BoardRef,
  m: MeetingFields,
  by: string,
): Promise<string> {
  const row = await db
    .insertInto('meetings')
    .values({
      strategy_id: board.strategyId,
      board_id: board.boardId,
      meets_on: m.meetsOn,
      title: m.title,
      location: m.location,
      status: m.status,
      public: m.public,
      created_by: by,
      updated_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateMeetingRow(db: Kysely<Database>, id: string, m: MeetingFields, by: string): Promise<void> {
  await db
    .updateTable('meetings')
    .set({
      meets_on: m.meetsOn,
      title: m.title,
      location: m.location,
      status: m.status,
      public: m.public,
      updated_by: by,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

/** Adds an item at the end of the meeting's agenda; its id and position. */
export async function appendAgendaItem(
  db: Kysely<Database>,
  meetingId: string,
  item: { title: string; purpose: AgendaPurpose; presenterRole: string | null },
  by: string,
): Promise<{ id: string; position: number }> {
  const last = await db
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  const position = Number(last?.position ?? 0) + 1
  const row = await db
    .insertInto('agenda_items')
    .values({
      meeting_id: meetingId,
      position,
      title: item.title,
      purpose: item.purpose,
      presenter_role: item.presenterRole,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, position }
}

export async function insertPaper(
  db: Kysely<Database>,
  meetingId: string,
  paper: { title: string; url: string; restricted: boolean; agendaItemId: string | null },
  by: string,
): Promise<string> {
  const row = await db
    .insertInto('papers')
    .values({
      meeting_id: meetingId,
      agenda_item_id: paper.agendaItemId,
      title: paper.title,
      url: paper.url,
      restricted: paper.restricted,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertDecision(
  db: Kysely<Database>,
  meetingId: string,
  decision: { text: string; decidedOn: string; agendaItemId: string | null },
  by: string,
): Promise<string> {
  const row = await db
    .insertInto('decisions')
    .values({
      meeting_id: meetingId,
      agenda_item_id: decision.agendaItemId,
      text: decision.text,
      decided_on: decision.decidedOn,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Records that a tracked action arose at the meeting. */
export async function insertMeetingAction(
  db: Kysely<Database>,
  meetingId: string,
  actionId: string,
  by: string,
): Promise<void> {
  await db
    .insertInto('meeting_actions')
    .values({ meeting_id: meetingId, action_id: actionId, created_by: by })
    .execute()
}
