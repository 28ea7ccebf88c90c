/**
 * What migration 0014 adds to a meeting's record, in the database: each seat's attendance, others in
 * attendance, the board's quorum, and the agenda items, papers and decisions with their corrections
 * and withdrawals (the other reads leave withdrawn ones out). The service writes inside withChange.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isRecordId } from '../../lib/ids.js'
import type { BoardRef } from './boards.repository.js'
import type { Attendance } from './boards.quorum.js'

type Db = Kysely<Database>

export async function quorumSetting(db: Db, board: BoardRef): Promise<number | null> {
  const row = await db
    .selectFrom('board_terms')
    .select('quorum')
    .where('strategy_id', '=', board.strategyId)
    .where('board_id', '=', board.boardId)
    .executeTakeFirst()
  return row ? Number(row.quorum) : null
}

export async function upsertQuorum(db: Db, board: BoardRef, quorum: number, by: string): Promise<void> {
  await db
    .insertInto('board_terms')
    .values({ strategy_id: board.strategyId, board_id: board.boardId, quorum, updated_by: by })
    .onConflict((oc) =>
      oc.columns(['strategy_id', 'board_id']).doUpdateSet({ quorum, updated_by: by, updated_at: new Date() }),
    )
    .execute()
}

export interface SeatAttendance {
  membershipId: string
  attendance: Attendance
  substituteRole: string | null
}

export async function attendanceFor(db: Db, meetingId: string): Promise<SeatAttendance[]> {
  const rows = await db
    .selectFrom('meeting_attendance')
    .select(['membership_id', 'attendance', 'substitute_role'])
    .where('meeting_id', '=', meetingId)
    .orderBy('membership_id')
    .execute()
  return rows.map((r) => ({
    membershipId: String(r.membership_id),
    attendance: r.attendance as Attendance,
    substituteRole: r.substitute_role,
  }))
}

export async function upsertAttendance(db: Db, meetingId: string, seat: SeatAttendance, by: string): Promise<void> {
  const values = { attendance: seat.attendance, substitute_role: seat.substituteRole, recorded_by: by }
  await db
    .insertInto('meeting_attendance')
    .values({ meeting_id: meetingId, membership_id: seat.membershipId, ...values })
    .onConflict((oc) => oc.columns(['meeting_id', 'membership_id']).doUpdateSet({ ...values, recorded_at: new Date() }))
    .execute()
}

export interface Attendee {
  id: string
  roleTitle: string
  organisationId: string
  organisationName: string
}

export async function attendeesFor(db: Db, meetingId: string): Promise<Attendee[]> {
  const rows = await db
    .selectFrom('meeting_attendees as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.role_title', 'a.organisation_id', 'o.name'])
    .where('a.meeting_id', '=', meetingId)
    .where('a.archived_at', 'is', null)
    .orderBy('o.name')
    .orderBy('a.role_title')
    .orderBy('a.id')
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    roleTitle: r.role_title,
    organisationId: r.organisation_id,
    organisationName: r.name,
  }))
}

export async function insertAttendee(
  db: Db,
  meetingId: string,
  a: { roleTitle: string; organisationId: string },
  by: string,
): Promise<string> {
  const row = await db
    .insertInto('meeting_attendees')
    .values({ meeting_id: meetingId, role_title: a.roleTitle, organisation_id: a.organisationId, created_by: by })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

// ---- agenda items, papers and decisions, withdrawn ones included ----------------------------------

export const recordKinds = ['agenda', 'papers', 'decisions'] as const
export type RecordKind = (typeof recordKinds)[number]

/** What a correction may change, by kind; `fields` keep the table's own column names. */
export interface MeetingRecord {
  kind: RecordKind
  id: string
  meetingId: string
  fields: Record<string, string | boolean | null>
  correctedAt: Date | null
  correctionReason: string | null
  withdrawnAt: Date | null
  withdrawnReason: string | null
}

const tables = { agenda: 'agenda_items', papers: 'papers', decisions: 'decisions' } as const
const fieldsOf: Record<RecordKind, readonly string[]> = {
  agenda: ['position', 'title', 'purpose', 'presenter_role'],
  papers: ['title', 'url', 'restricted', 'agenda_item_id'],
  decisions: ['text', 'decided_on', 'agenda_item_id'],
}

/** Every agenda item, paper or decision of a meeting, withdrawn ones too, in their order. */
export async function recordsOf(db: Db, kind: RecordKind, meetingId: string, id?: string): Promise<MeetingRecord[]> {
  const rows = await db
    .selectFrom(tables[kind])
    .select(['id', 'meeting_id', 'corrected_at', 'correction_reason', 'withdrawn_at', 'withdrawn_reason'])
    .select(fieldsOf[kind].map((f) => sql.ref(f).as(f)))
    .where('meeting_id', '=', meetingId)
    .where('archived_at', 'is', null)
    .$if(id !== undefined, (q) => q.where('id', '=', id!))
    .orderBy(kind === 'agenda' ? sql.ref('position') : sql.ref('id'))
    .orderBy('id')
    .execute()
  return rows.map((r) => {
    const row = r as unknown as Record<string, unknown>
    return {
      kind,
      id: String(r.id),
      meetingId: String(r.meeting_id),
      fields: Object.fromEntries(
        fieldsOf[kind].map((f) => [f, row[f] === null || row[f] === undefined ? null : (row[f] as string | boolean)]),
      ),
      correctedAt: r.corrected_at,
      correctionReason: r.correction_reason,
      withdrawnAt: r.withdrawn_at,
      withdrawnReason: r.withdrawn_reason,
    }
  })
}

export async function findRecord(db: Db, kind: RecordKind, meetingId: string, id: string) {
  if (!isRecordId(id) || !isRecordId(meetingId)) return undefined
  return (await recordsOf(db, kind, meetingId, id))[0]
}

/** Writes a correction's new values and its reason (the audit event keeps the earlier version). */
export async function correctRecordRow(
  db: Db,
  kind: RecordKind,
  id: string,
  fields: Record<string, string | boolean | null>,
  reason: string,
): Promise<void> {
  await db
    .updateTable(tables[kind])
    .set({ ...fields, corrected_at: new Date(), correction_reason: reason } as never)
    .where('id', '=', id)
    .execute()
}

export async function withdrawRecordRow(db: Db, kind: RecordKind, id: string, reason: string): Promise<void> {
  await db
    .updateTable(tables[kind])
    .set({ withdrawn_at: new Date(), withdrawn_reason: reason })
    .where('id', '=', id)
    .execute()
}
