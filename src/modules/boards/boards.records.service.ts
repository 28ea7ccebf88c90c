/**
 * Changes to a meeting's record beyond what is added at it: each seat's attendance, others in
 * attendance, the board's quorum, and the correction or withdrawal of an agenda item, paper or
 * decision. Each goes through withChange, on the meeting's audit trail (the quorum on the board's:
 * entity type 'board', id 'strategy:board'), with the record before and after. A correction keeps
 * its earlier version in that event; a withdrawal marks the record, never deletes it.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import type { BoardRef } from './boards.repository.js'
import {
  attendanceFor,
  correctRecordRow,
  findRecord,
  insertAttendee,
  quorumSetting,
  upsertAttendance,
  upsertQuorum,
  withdrawRecordRow,
  type MeetingRecord,
  type RecordKind,
  type SeatAttendance,
} from './boards.records.repository.js'

type Db = Kysely<Database>
type Who = Actor | ActingUser | string

export class RecordGone extends Error {}

const boardKey = (board: BoardRef) => `${board.strategyId}:${board.boardId}`

export async function setQuorum(db: Db, board: BoardRef, quorum: number, actor: Who): Promise<void> {
  await withChange(
    db,
    actor,
    {
      entityType: 'board',
      action: 'board.quorum.set',
      entityId: boardKey(board),
      snapshot: async (tx) => ({ board: boardKey(board), quorum: await quorumSetting(tx, board) }),
    },
    async (tx, change) => {
      if ((await quorumSetting(tx, board)) === quorum) return change.unchanged()
      await upsertQuorum(tx, board, quorum, change.actor.key)
    },
  )
}

/** Records the seats' attendance; only the seats whose answer changed are written and audited. */
export async function recordAttendance(db: Db, meetingId: string, seats: SeatAttendance[], actor: Who) {
  return withChange(
    db,
    actor,
    {
      entityType: 'meeting',
      action: 'meeting.attendance.record',
      entityId: meetingId,
      detail: (r: { before: SeatAttendance[]; after: SeatAttendance[] }) => r,
    },
    async (tx, change) => {
      const earlier = new Map((await attendanceFor(tx, meetingId)).map((s) => [s.membershipId, s]))
      const changed = seats.filter((s) => {
        const was = earlier.get(s.membershipId)
        return !was || was.attendance !== s.attendance || was.substituteRole !== s.substituteRole
      })
      if (!changed.length) change.unchanged()
      for (const s of changed) await upsertAttendance(tx, meetingId, s, change.actor.key)
      return { before: changed.flatMap((s) => earlier.get(s.membershipId) ?? []), after: changed }
    },
  )
}

export async function addAttendee(
  db: Db,
  meetingId: string,
  input: { roleTitle: string; organisationId: string },
  actor: Who,
): Promise<string> {
  const r = await withChange(
    db,
    actor,
    {
      entityType: 'meeting',
      action: 'meeting.attendee.add',
      entityId: meetingId,
      detail: (x: { id: string }) => ({ before: null, after: { attendee: x.id, ...input } }),
    },
    async (tx, change) => ({ id: await insertAttendee(tx, meetingId, input, change.actor.key) }),
  )
  return r.id
}

const singular: Record<RecordKind, string> = { agenda: 'agenda-item', papers: 'paper', decisions: 'decision' }

const recordSnapshot = (r: MeetingRecord) => ({
  [singular[r.kind]]: r.id,
  ...r.fields,
  withdrawn: r.withdrawnAt !== null,
})

/** Corrects a record's fields with a reason; the audit event keeps the version before. */
export async function correctRecord(
  db: Db,
  kind: RecordKind,
  meetingId: string,
  id: string,
  fields: Record<string, string | boolean | null>,
  reason: string,
  actor: Who,
): Promise<void> {
  await changeLiveRecord(db, { kind, meetingId, id }, actor, {
    verb: 'correct',
    write: (tx) => correctRecordRow(tx, kind, id, fields, reason),
    after: { ...fields, reason },
  })
}

/** Withdraws a record with a reason: kept and audited, shown struck through, left out elsewhere. */
export async function withdrawRecord(
  db: Db,
  kind: RecordKind,
  meetingId: string,
  id: string,
  reason: string,
  actor: Who,
): Promise<void> {
  await changeLiveRecord(db, { kind, meetingId, id }, actor, {
    verb: 'withdraw',
    write: (tx) => withdrawRecordRow(tx, kind, id, reason),
    after: { withdrawn: true, reason },
  })
}

/** One change to a record not yet withdrawn (refused as gone otherwise), audited on its meeting. */
async function changeLiveRecord(
  db: Db,
  record: { kind: RecordKind; meetingId: string; id: string },
  actor: Who,
  change: { verb: 'correct' | 'withdraw'; write: (tx: Db) => Promise<void>; after: Record<string, unknown> },
): Promise<void> {
  await withChange(
    db,
    actor,
    {
      entityType: 'meeting',
      action: `meeting.${singular[record.kind]}.${change.verb}`,
      entityId: record.meetingId,
      detail: (r: { before: unknown; after: unknown }) => r,
    },
    async (tx) => {
      const before = await findRecord(tx, record.kind, record.meetingId, record.id)
      if (!before || before.withdrawnAt) throw new RecordGone()
      await change.write(tx)
      return { before: recordSnapshot(before), after: { ...recordSnapshot(before), ...change.after } }
    },
  )
}
