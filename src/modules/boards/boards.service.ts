/**
 * Changes to memberships and meetings, each through withChange: one transaction that writes the
 * record, its audit event (before and after) and the data version. Nothing is deleted: a
 * membership ends on a date. Audit entity types: 'board_membership' (id: the membership's) and
 * 'meeting' (id: the meeting's; its agenda items, papers, decisions and actions arising are
 * recorded on the meeting's trail). The actor is a structured Actor (webActor), a signed-in user,
 * or a key.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange, type ChangeTarget } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import { createAction } from '../delivery/delivery.service.js'
import type { AgendaPurpose } from './boards.domain.js'
import {
  appendAgendaItem,
  findMeeting,
  findMembership,
  insertDecision,
  insertMeeting,
  insertMeetingAction,
  insertMembership,
  insertPaper,
  setMembershipEnd,
  updateMeetingRow,
  type BoardRef,
  type MeetingFields,
  type MembershipRecord,
  type NewMembership,
} from './boards.repository.js'

type Db = Kysely<Database>

export type MembershipInput = NewMembership

export type MeetingInput = MeetingFields

export interface AgendaItemInput {
  title: string
  purpose: AgendaPurpose
  presenterRole: string | null
}

export interface PaperInput {
  title: string
  url: string
  restricted: boolean
  agendaItemId: string | null
}

export interface DecisionInput {
  text: string
  decidedOn: string
  agendaItemId: string | null
}

export interface ActionArisingInput {
  title: string
  organisationId: string
  leadRole: string
  dueDate: string | null
}

/** What a change wrote: the record's id and the audit trail's before and after. */
interface Written {
  id: string
  before: unknown
  after: unknown
}

/** A change audited with the before and after it gives; for a new record, its id is the result's. */
const change = (entityType: string, action: string, entityId?: string): ChangeTarget<Written> => ({
  entityType,
  action,
  entityId,
  idOf: (written) => written.id,
  detail: ({ before, after }) => ({ before, after }),
})

const boardKey = (board: BoardRef) => `${board.strategyId}:${board.boardId}`

export async function addMembership(
  db: Db,
  board: BoardRef,
  input: MembershipInput,
  actor: Actor | ActingUser | string,
): Promise<string> {
  const written = await withChange(
    db,
    actor,
    change('board_membership', 'board-membership.add'),
    async (tx, { actor }) => {
      const id = await insertMembership(tx, board, input, actor.key)
      return { id, before: null, after: { board: boardKey(board), ...input } }
    },
  )
  return written.id
}

/** Ends a membership on a date (kept, so the board's history shows who sat on it when). */
export async function endMembership(
  db: Db,
  id: string,
  toDate: string,
  actor: Actor | ActingUser | string,
): Promise<void> {
  await withChange(db, actor, change('board_membership', 'board-membership.end', id), async (tx, { actor }) => {
    const before = await findMembership(tx, id)
    if (!before) throw new Error(`no membership ${id}`)
    await setMembershipEnd(tx, id, toDate, actor.key)
    return { id, before: membershipRecord(before), after: membershipRecord({ ...before, toDate }) }
  })
}

function membershipRecord(r: MembershipRecord) {
  return {
    board: boardKey(r),
    roleTitle: r.roleTitle,
    organisationId: r.organisationId,
    memberKind: r.memberKind,
    fromDate: r.fromDate,
    toDate: r.toDate,
  }
}

export async function createMeeting(
  db: Db,
  board: BoardRef,
  input: MeetingInput,
  actor: Actor | ActingUser | string,
): Promise<string> {
  const written = await withChange(db, actor, change('meeting', 'meeting.create'), async (tx, { actor }) => {
    const id = await insertMeeting(tx, board, input, actor.key)
    return { id, before: null, after: { board: boardKey(board), ...input } }
  })
  return written.id
}

export async function updateMeeting(
  db: Db,
  id: string,
  input: MeetingInput,
  actor: Actor | ActingUser | string,
): Promise<void> {
  const record = (m: MeetingInput) => ({
    meetsOn: m.meetsOn,
    title: m.title,
    location: m.location,
    status: m.status,
    public: m.public,
  })
  await withChange(db, actor, change('meeting', 'meeting.update', id), async (tx, { actor }) => {
    const before = await findMeeting(tx, id)
    if (!before) throw new Error(`no meeting ${id}`)
    await updateMeetingRow(tx, id, input, actor.key)
    return { id, before: record(before), after: record(input) }
  })
}

export async function addAgendaItem(
  db: Db,
  meetingId: string,
  input: AgendaItemInput,
  actor: Actor | ActingUser | string,
): Promise<string> {
  const written = await withChange(
    db,
    actor,
    change('meeting', 'meeting.agenda-item.add', meetingId),
    async (tx, { actor }) => {
      const { id, position } = await appendAgendaItem(tx, meetingId, input, actor.key)
      return { id, before: null, after: { agendaItem: id, position, ...input } }
    },
  )
  return written.id
}

export async function addPaper(
  db: Db,
  meetingId: string,
  input: PaperInput,
  actor: Actor | ActingUser | string,
): Promise<string> {
  const written = await withChange(
    db,
    actor,
    change('meeting', 'meeting.paper.add', meetingId),
    async (tx, { actor }) => {
      const id = await insertPaper(tx, meetingId, input, actor.key)
      return { id, before: null, after: { paper: id, ...input } }
    },
  )
  return written.id
}

export async function addDecision(
  db: Db,
  meetingId: string,
  input: DecisionInput,
  actor: Actor | ActingUser | string,
): Promise<string> {
  const written = await withChange(
    db,
    actor,
    change('meeting', 'meeting.decision.add', meetingId),
    async (tx, { actor }) => {
      const id = await insertDecision(tx, meetingId, input, actor.key)
      return { id, before: null, after: { decision: id, ...input } }
    },
  )
  return written.id
}

/**
 * An action arising becomes a tracked action (the delivery module audits its creation, in this
 * change's transaction), then the meeting records that it arose there.
 */
export async function addActionArising(
  db: Db,
  meetingId: string,
  input: ActionArisingInput,
  actor: Actor | ActingUser | string,
): Promise<string> {
  const written = await withChange(
    db,
    actor,
    change('meeting', 'meeting.action.add', meetingId),
    async (tx, { actor }) => {
      const { id } = await createAction(
        tx,
        {
          title: input.title,
          organisationId: input.organisationId,
          leadRole: input.leadRole,
          dueDate: input.dueDate ?? undefined,
          origin: `meeting:${meetingId}`,
        },
        actor,
      )
      await insertMeetingAction(tx, meetingId, id, actor.key)
      return { id, before: null, after: { action: id, ...input } }
    },
  )
  return written.id
}
