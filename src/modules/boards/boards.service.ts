/**
 * Changes to memberships and meetings. Each is one transaction that writes the record, its audit
 * event (before and after) and the data version. Nothing is deleted: a membership ends on a date.
 * Audit entity types: 'board_membership' (id: the membership's) and 'meeting' (id: the meeting's;
 * its agenda items, papers, decisions and actions arising are recorded on the meeting's trail).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { bumpDataVersion } from '../../db/data-version.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { SessionUser } from '../accounts/access.js'
import { createAction } from '../delivery/delivery.service.js'
import type { AgendaPurpose, MeetingStatus, MemberKind } from './boards.domain.js'
import { findMeeting, findMembership, type BoardRef } from './boards.repository.js'

export type Actor = SessionUser

/** The audit trail's "who": the account's id and email, as the accounts module writes it. */
export const actorName = (user: Actor) => `user:${user.id} ${user.email}`

export interface MembershipInput {
  roleTitle: string
  organisationId: string
  memberKind: MemberKind
  fromDate: string
  toDate: string | null
}

export interface MeetingInput {
  meetsOn: string
  title: string
  location: string | null
  status: MeetingStatus
  public: boolean
}

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

export async function addMembership(db: Kysely<Database>, board: BoardRef, input: MembershipInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const who = actorName(actor)
    const row = await trx
      .insertInto('board_memberships')
      .values({
        strategy_id: board.strategyId,
        board_id: board.boardId,
        role_title: input.roleTitle,
        organisation_id: input.organisationId,
        member_kind: input.memberKind,
        from_date: input.fromDate,
        to_date: input.toDate,
        created_by: who,
        updated_by: who,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const after = { board: `${board.strategyId}:${board.boardId}`, ...input }
    await recordAudit(trx, { actor: who, action: 'board-membership.add', entityType: 'board_membership', entityId: row.id, before: null, after })
    await bumpDataVersion(trx)
    return row.id
  })
}

/** Ends a membership on a date (kept, so the board's history shows who sat on it when). */
export async function endMembership(db: Kysely<Database>, id: string, toDate: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findMembership(trx, id)
    if (!before) throw new Error(`no membership ${id}`)
    const who = actorName(actor)
    await trx.updateTable('board_memberships').set({ to_date: toDate, updated_by: who, updated_at: new Date() }).where('id', '=', id).execute()
    await recordAudit(trx, {
      actor: who,
      action: 'board-membership.end',
      entityType: 'board_membership',
      entityId: id,
      before: membershipRecord(before),
      after: membershipRecord({ ...before, to_date: toDate }),
    })
    await bumpDataVersion(trx)
  })
}

function membershipRecord(r: NonNullable<Awaited<ReturnType<typeof findMembership>>>) {
  return {
    board: `${r.strategy_id}:${r.board_id}`,
    roleTitle: r.role_title,
    organisationId: r.organisation_id,
    memberKind: r.member_kind,
    fromDate: r.from_date,
    toDate: r.to_date,
  }
}

export async function createMeeting(db: Kysely<Database>, board: BoardRef, input: MeetingInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const who = actorName(actor)
    const row = await trx
      .insertInto('meetings')
      .values({
        strategy_id: board.strategyId,
        board_id: board.boardId,
        meets_on: input.meetsOn,
        title: input.title,
        location: input.location,
        status: input.status,
        public: input.public,
        created_by: who,
        updated_by: who,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, { actor: who, action: 'meeting.create', entityType: 'meeting', entityId: row.id, before: null, after: { board: `${board.strategyId}:${board.boardId}`, ...input } })
    await bumpDataVersion(trx)
    return row.id
  })
}

export async function updateMeeting(db: Kysely<Database>, id: string, input: MeetingInput, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findMeeting(trx, id)
    if (!before) throw new Error(`no meeting ${id}`)
    const who = actorName(actor)
    await trx
      .updateTable('meetings')
      .set({ meets_on: input.meetsOn, title: input.title, location: input.location, status: input.status, public: input.public, updated_by: who, updated_at: new Date() })
      .where('id', '=', id)
      .execute()
    const record = (m: MeetingInput) => ({ meetsOn: m.meetsOn, title: m.title, location: m.location, status: m.status, public: m.public })
    await recordAudit(trx, { actor: who, action: 'meeting.update', entityType: 'meeting', entityId: id, before: record(before), after: record(input) })
    await bumpDataVersion(trx)
  })
}

export async function addAgendaItem(db: Kysely<Database>, meetingId: string, input: AgendaItemInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const who = actorName(actor)
    const last = await trx
      .selectFrom('agenda_items')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst()
    const position = Number(last?.position ?? 0) + 1
    const row = await trx
      .insertInto('agenda_items')
      .values({ meeting_id: meetingId, position, title: input.title, purpose: input.purpose, presenter_role: input.presenterRole, created_by: who })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, { actor: who, action: 'meeting.agenda-item.add', entityType: 'meeting', entityId: meetingId, before: null, after: { agendaItem: row.id, position, ...input } })
    await bumpDataVersion(trx)
    return row.id
  })
}

export async function addPaper(db: Kysely<Database>, meetingId: string, input: PaperInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const who = actorName(actor)
    const row = await trx
      .insertInto('papers')
      .values({ meeting_id: meetingId, agenda_item_id: input.agendaItemId, title: input.title, url: input.url, restricted: input.restricted, created_by: who })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, { actor: who, action: 'meeting.paper.add', entityType: 'meeting', entityId: meetingId, before: null, after: { paper: row.id, ...input } })
    await bumpDataVersion(trx)
    return row.id
  })
}

export async function addDecision(db: Kysely<Database>, meetingId: string, input: DecisionInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const who = actorName(actor)
    const row = await trx
      .insertInto('decisions')
      .values({ meeting_id: meetingId, agenda_item_id: input.agendaItemId, text: input.text, decided_on: input.decidedOn, created_by: who })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, { actor: who, action: 'meeting.decision.add', entityType: 'meeting', entityId: meetingId, before: null, after: { decision: row.id, ...input } })
    await bumpDataVersion(trx)
    return row.id
  })
}

/**
 * An action arising becomes a tracked action (the delivery module audits its creation), then the
 * meeting records that it arose there.
 */
export async function addActionArising(db: Kysely<Database>, meetingId: string, input: ActionArisingInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { id } = await createAction(
      trx,
      { title: input.title, organisationId: input.organisationId, leadRole: input.leadRole, dueDate: input.dueDate ?? undefined, origin: `meeting:${meetingId}` },
      actor,
    )
    const who = actorName(actor)
    await trx.insertInto('meeting_actions').values({ meeting_id: meetingId, action_id: String(id), created_by: who }).execute()
    await recordAudit(trx, { actor: who, action: 'meeting.action.add', entityType: 'meeting', entityId: meetingId, before: null, after: { action: String(id), ...input } })
    await bumpDataVersion(trx)
    return String(id)
  })
}
