/**
 * Changes to actions, milestones and progress updates, and the reads other modules use. Each change
 * is one transaction that checks the input, writes, records the audit event (before and after) and
 * bumps the data version. Nothing is deleted: actions, milestones and indicator links are archived;
 * progress updates are append-only. Every change is on the action's audit trail (entity 'action').
 *
 * Who may change what is the web's decision (canEditOrganisationRecord); these functions trust the
 * caller, so the boards module can record an action arising for any organisation.
 */
import { sql, type Kysely } from 'kysely'
import type { z } from 'zod'
import type { Database } from '../../db/database.js'
import { bumpDataVersion } from '../../db/data-version.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { SessionUser } from '../accounts/access.js'
import { formatDate, todayInLondon, type IsoDate } from '../../lib/dates.js'
import {
  actionSchema,
  isOverdue,
  isStale,
  milestoneSchema,
  progressUpdateSchema,
  statusLabel,
  weeksSinceUpdate,
  type ActionField,
  type ActionFields,
} from './delivery.domain.js'
import { loadReferenceData, resolveReferences, type FieldProblem } from './delivery.references.js'
import { findActions, indicatorIdsOf, type ActionRecord } from './delivery.repository.js'

/** Who made a change: a signed-in user, or a process named in words (e.g. "import:actions.csv"). */
export type Actor = SessionUser | string

/** The audit trail's "who", as the accounts module writes it for a user. */
export const actorLabel = (actor: Actor) => (typeof actor === 'string' ? actor : `user:${actor.id} ${actor.email}`)

/** An action's fields as callers pass them; checked by actionSchema, which also accepts looser forms. */
export interface NewActionInput {
  title: string
  description?: string | null
  /** The strategy of the intention and priority, when their ids are not unique across strategies. */
  strategyId?: string | null
  intentionId?: string | null
  priorityId?: string | null
  /** An outcome id (its delivery plan) or a workstream's name; by default the intention's outcome. */
  deliveryPlan?: string | null
  organisationId: string
  /** A role, never a person's name. */
  leadRole: string
  /** YYYY-MM-DD. */
  startDate?: string | null
  dueDate?: string | null
  status?: string
  interventionLevel?: string | null
  indicatorIds?: string[]
  /** Where it came from, e.g. "meeting:12". */
  origin?: string | null
}

/** The input was refused: one message per field, in the form's words. */
export class ActionInputError extends Error {
  readonly statusCode = 400
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join('; '))
  }
}

export class ActionNotFound extends Error {
  readonly statusCode = 404
  constructor(what = 'action') {
    super(`There is no such ${what}`)
  }
}

/** Archived actions keep their history but change no more. */
export class ActionArchived extends Error {
  readonly statusCode = 409
  constructor() {
    super('This action is archived, so it can no longer be changed')
  }
}

export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  const seen = new Set<string>()
  return error.issues
    .map((issue) => ({ field: String(issue.path[0] ?? 'title') as ActionField, message: issue.message }))
    .filter((p) => !seen.has(p.field) && seen.add(p.field))
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw new ActionInputError(problemsFromZod(parsed.error))
  return parsed.data
}

type Db = Kysely<Database>

/** Inside the caller's transaction when given one (the boards module records an action arising in its own). */
function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}

// ---- snapshots: what the audit trail records before and after ---------------------------------

export interface ActionSnapshot {
  reference: string
  title: string
  description: string | null
  strategyId: string | null
  intentionId: string | null
  priorityId: string | null
  deliveryPlan: string | null
  organisationId: string
  leadRole: string
  startDate: IsoDate | null
  dueDate: IsoDate | null
  status: string
  interventionLevel: string | null
  origin: string | null
  indicatorIds: string[]
  archived: boolean
}

function snapshotOf(r: Omit<ActionSnapshot, 'indicatorIds' | 'archived'>, indicatorIds: string[], archived: boolean): ActionSnapshot {
  return {
    reference: r.reference,
    title: r.title,
    description: r.description,
    strategyId: r.strategyId,
    intentionId: r.intentionId,
    priorityId: r.priorityId,
    deliveryPlan: r.deliveryPlan,
    organisationId: r.organisationId,
    leadRole: r.leadRole,
    startDate: r.startDate,
    dueDate: r.dueDate,
    status: r.status,
    interventionLevel: r.interventionLevel,
    origin: r.origin,
    indicatorIds: [...indicatorIds].sort(),
    archived,
  }
}

async function snapshot(tx: Db, id: string): Promise<ActionSnapshot | undefined> {
  const [record] = await findActions(tx, { id, includeArchived: true })
  if (!record) return undefined
  const links = await indicatorIdsOf(tx, [id])
  return snapshotOf(record, links.get(id) ?? [], record.archivedAt !== null)
}

/** The action as it stands, locked for this transaction, so two changes queue rather than interleave. */
export async function openAction(tx: Db, id: string): Promise<ActionSnapshot> {
  if (!/^\d{1,18}$/.test(id)) throw new ActionNotFound()
  await tx.selectFrom('actions').select('id').where('id', '=', id).forUpdate().execute()
  const before = await snapshot(tx, id)
  if (!before) throw new ActionNotFound()
  if (before.archived) throw new ActionArchived()
  return before
}

async function setIndicatorLinks(tx: Db, actionId: string, wanted: string[], current: string[]): Promise<void> {
  const unlinked = current.filter((id) => !wanted.includes(id))
  if (unlinked.length) {
    await tx
      .updateTable('action_indicators')
      .set({ archived_at: new Date() })
      .where('action_id', '=', actionId)
      .where('indicator_id', 'in', unlinked)
      .where('archived_at', 'is', null)
      .execute()
  }
  for (const indicatorId of wanted.filter((id) => !current.includes(id))) {
    await tx
      .insertInto('action_indicators')
      .values({ action_id: actionId, indicator_id: indicatorId })
      .onConflict((oc) => oc.columns(['action_id', 'indicator_id']).doUpdateSet({ archived_at: null, linked_at: sql`now()` }))
      .execute()
  }
}

/** Checks references inside the transaction, so what is checked is what is written against. */
async function resolved(tx: Db, fields: ActionFields): Promise<ActionFields> {
  const { fields: out, problems } = resolveReferences(fields, await loadReferenceData(tx))
  if (problems.length) throw new ActionInputError(problems)
  return out
}

// ---- actions -----------------------------------------------------------------------------------

export async function createAction(db: Db, input: NewActionInput, actor: Actor): Promise<{ id: string; reference: string }> {
  const fields = parseOrThrow(actionSchema, input)
  return inTransaction(db, async (tx) => {
    const created = await insertAction(tx, await resolved(tx, fields), actor)
    await bumpDataVersion(tx)
    return created
  })
}

/**
 * Writes a new action from checked, resolved fields and audits it; the caller owns the transaction
 * and the data version (the import writes many in one).
 */
export async function insertAction(tx: Db, fields: ActionFields, actor: Actor): Promise<{ id: string; reference: string }> {
  const who = actorLabel(actor)
  const row = await tx
    .insertInto('actions')
    .values({
      title: fields.title,
      description: fields.description ?? null,
      strategy_id: fields.strategyId ?? null,
      intention_id: fields.intentionId ?? null,
      priority_id: fields.priorityId ?? null,
      delivery_plan: fields.deliveryPlan ?? null,
      organisation_id: fields.organisationId,
      lead_role: fields.leadRole,
      start_date: fields.startDate ?? null,
      due_date: fields.dueDate ?? null,
      status: fields.status ?? 'not_started',
      intervention_level: fields.interventionLevel ?? null,
      origin: fields.origin ?? null,
      created_by: who,
      updated_by: who,
    })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow()
  const id = String(row.id)
  await setIndicatorLinks(tx, id, fields.indicatorIds, [])
  await recordAudit(tx, { actor: who, action: 'create', entityType: 'action', entityId: id, before: null, after: await snapshot(tx, id) })
  return { id, reference: row.reference }
}

/**
 * Changes an action's fields. A status or origin not given is kept (the edit form changes status
 * only through a progress update, with its commentary). Returns whether anything changed.
 */
export async function updateAction(db: Db, id: string, input: NewActionInput, actor: Actor): Promise<{ changed: boolean }> {
  const fields = parseOrThrow(actionSchema, input)
  return inTransaction(db, async (tx) => {
    const before = await openAction(tx, id)
    const changed = await applyUpdate(tx, id, before, await resolved(tx, fields), actor)
    if (changed) await bumpDataVersion(tx)
    return { changed }
  })
}

/** Writes checked, resolved fields over an open action and audits the change; false when nothing differs. */
export async function applyUpdate(tx: Db, id: string, before: ActionSnapshot, fields: ActionFields, actor: Actor): Promise<boolean> {
  const after = snapshotOf(
    {
      reference: before.reference,
      title: fields.title,
      description: fields.description ?? null,
      strategyId: fields.strategyId ?? null,
      intentionId: fields.intentionId ?? null,
      priorityId: fields.priorityId ?? null,
      deliveryPlan: fields.deliveryPlan ?? null,
      organisationId: fields.organisationId,
      leadRole: fields.leadRole,
      startDate: fields.startDate ?? null,
      dueDate: fields.dueDate ?? null,
      status: fields.status ?? before.status,
      interventionLevel: fields.interventionLevel ?? null,
      origin: fields.origin ?? before.origin,
    },
    fields.indicatorIds,
    false,
  )
  if (JSON.stringify(after) === JSON.stringify(before)) return false
  const who = actorLabel(actor)
  await tx
    .updateTable('actions')
    .set({
      title: after.title,
      description: after.description,
      strategy_id: after.strategyId,
      intention_id: after.intentionId,
      priority_id: after.priorityId,
      delivery_plan: after.deliveryPlan,
      organisation_id: after.organisationId,
      lead_role: after.leadRole,
      start_date: after.startDate,
      due_date: after.dueDate,
      status: after.status,
      intervention_level: after.interventionLevel,
      origin: after.origin,
      updated_at: new Date(),
      updated_by: who,
    })
    .where('id', '=', id)
    .execute()
  await setIndicatorLinks(tx, id, after.indicatorIds, before.indicatorIds)
  await recordAudit(tx, { actor: who, action: 'update', entityType: 'action', entityId: id, before, after: await snapshot(tx, id) })
  return true
}

/** Hides the action from lists and stops changes; its record, milestones and updates stay. */
export async function archiveAction(db: Db, id: string, actor: Actor): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await openAction(tx, id)
    const who = actorLabel(actor)
    await tx.updateTable('actions').set({ archived_at: new Date(), updated_at: new Date(), updated_by: who }).where('id', '=', id).execute()
    await recordAudit(tx, { actor: who, action: 'archive', entityType: 'action', entityId: id, before, after: await snapshot(tx, id) })
    await bumpDataVersion(tx)
  })
}

/** Finds an action for an update by its reference (ACT-0001), archived or not. */
export async function actionIdByReference(db: Db, reference: string): Promise<string | undefined> {
  const [record] = await findActions(db, { reference, includeArchived: true })
  return record?.id
}

// ---- milestones ---------------------------------------------------------------------------------

export async function addMilestone(db: Db, actionId: string, input: unknown, actor: Actor): Promise<{ id: string }> {
  const fields = parseOrThrow(milestoneSchema, input)
  return inTransaction(db, async (tx) => {
    await openAction(tx, actionId)
    const row = await tx
      .insertInto('milestones')
      .values({ action_id: actionId, title: fields.title, due_date: fields.dueDate ?? null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const id = String(row.id)
    const milestone = { id, title: fields.title, dueDate: fields.dueDate ?? null, completedOn: null }
    await recordAudit(tx, { actor: actorLabel(actor), action: 'milestone.add', entityType: 'action', entityId: actionId, before: null, after: { milestone } })
    await bumpDataVersion(tx)
    return { id }
  })
}

async function openMilestone(tx: Db, actionId: string, milestoneId: string) {
  await openAction(tx, actionId)
  const row = /^\d{1,18}$/.test(milestoneId)
    ? await tx
        .selectFrom('milestones')
        .select((eb) => ['id', 'title', sql<string | null>`to_char(${eb.ref('due_date')}, 'YYYY-MM-DD')`.as('dueDate'), sql<string | null>`to_char(${eb.ref('completed_on')}, 'YYYY-MM-DD')`.as('completedOn')])
        .where('id', '=', milestoneId)
        .where('action_id', '=', actionId)
        .where('archived_at', 'is', null)
        .executeTakeFirst()
    : undefined
  if (!row) throw new ActionNotFound('milestone')
  return { id: String(row.id), title: row.title, dueDate: row.dueDate, completedOn: row.completedOn }
}

/** Marks a milestone complete on the given day (today by default); completing it again changes nothing. */
export async function completeMilestone(db: Db, actionId: string, milestoneId: string, actor: Actor, on: IsoDate = todayInLondon()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await openMilestone(tx, actionId, milestoneId)
    if (before.completedOn) return
    await tx.updateTable('milestones').set({ completed_on: on }).where('id', '=', milestoneId).execute()
    const after = { ...before, completedOn: on }
    await recordAudit(tx, { actor: actorLabel(actor), action: 'milestone.complete', entityType: 'action', entityId: actionId, before: { milestone: before }, after: { milestone: after } })
    await bumpDataVersion(tx)
  })
}

/** Takes a milestone entered in error off the action; it stays in the database and the audit trail. */
export async function archiveMilestone(db: Db, actionId: string, milestoneId: string, actor: Actor): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await openMilestone(tx, actionId, milestoneId)
    await tx.updateTable('milestones').set({ archived_at: new Date() }).where('id', '=', milestoneId).execute()
    await recordAudit(tx, {
      actor: actorLabel(actor),
      action: 'milestone.archive',
      entityType: 'action',
      entityId: actionId,
      before: { milestone: before },
      after: { milestone: { ...before, archived: true } },
    })
    await bumpDataVersion(tx)
  })
}

// ---- progress updates ---------------------------------------------------------------------------

/** A dated update with commentary; the action takes the update's status. Updates are never changed. */
export async function addProgressUpdate(db: Db, actionId: string, input: unknown, actor: Actor, today: IsoDate = todayInLondon()): Promise<{ id: string }> {
  const fields = parseOrThrow(progressUpdateSchema(today), input)
  return inTransaction(db, async (tx) => {
    const before = await openAction(tx, actionId)
    const who = actorLabel(actor)
    const row = await tx
      .insertInto('progress_updates')
      .values({
        action_id: actionId,
        update_date: fields.updateDate,
        status_at_update: fields.status,
        commentary: fields.commentary,
        author_user_id: typeof actor === 'string' ? null : actor.id,
        author_organisation_id: typeof actor === 'string' ? null : actor.organisationId,
        author: who,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx.updateTable('actions').set({ status: fields.status, updated_at: new Date(), updated_by: who }).where('id', '=', actionId).execute()
    const after = { ...(await snapshot(tx, actionId))!, progressUpdate: { id: String(row.id), ...fields } }
    await recordAudit(tx, { actor: who, action: 'progress-update.add', entityType: 'action', entityId: actionId, before, after })
    await bumpDataVersion(tx)
    return { id: String(row.id) }
  })
}

// ---- reads for other modules -------------------------------------------------------------------

export interface ActionSummary {
  id: string
  reference: string
  title: string
  status: string
  statusLabel: string
  organisationName: string
  /** YYYY-MM-DD. */
  dueDate: string | null
  overdue: boolean
  href: string
  /** The due date as GOV.UK writes it ("31 March 2025"). */
  dueDateText: string | null
  /** No progress update for STALE_WEEKS weeks or more. */
  stale: boolean
  weeksSinceUpdate: number
}

export function summarise(record: ActionRecord, today: IsoDate = todayInLondon()): ActionSummary {
  return {
    id: record.id,
    reference: record.reference,
    title: record.title,
    status: record.status,
    statusLabel: statusLabel(record.status),
    organisationName: record.organisationName,
    dueDate: record.dueDate,
    overdue: isOverdue(record, today),
    href: `/actions/${record.id}`,
    dueDateText: record.dueDate ? formatDate(record.dueDate) : null,
    stale: isStale(record, today),
    weeksSinceUpdate: weeksSinceUpdate(record, today),
  }
}

/** The current (not archived) actions that aim to move an indicator, soonest due first. */
export async function actionsForIndicator(db: Db, indicatorId: string): Promise<ActionSummary[]> {
  const today = todayInLondon()
  return (await findActions(db, { indicatorId })).map((r) => summarise(r, today))
}

/** An organisation's current actions, soonest due first. */
export async function actionsForOrganisation(db: Db, organisationId: string): Promise<ActionSummary[]> {
  const today = todayInLondon()
  return (await findActions(db, { organisationId })).map((r) => summarise(r, today))
}
