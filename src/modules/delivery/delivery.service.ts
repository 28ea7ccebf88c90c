/**
 * Changes to actions, milestones and progress updates, and the reads other modules use. Each change
 * goes through withChange: one transaction that checks the input, writes, records the audit event
 * (before and after) and bumps the data version. Nothing is deleted: actions, milestones and
 * indicator links are archived; progress updates are append-only. Every change is on the action's
 * audit trail (entity 'action').
 *
 * Who may change what is the web's decision (accounts/access.ts); these functions trust the
 * caller, so the boards module can record an action arising for any organisation. The actor is a
 * structured Actor (webActor, importActor), a signed-in user, or a key such as "import:actions.csv".
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange, type ChangeScope, type ChangeTarget } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import { formatDate, todayInLondon, type IsoDate } from '../../lib/dates.js'
import {
  actionSchema,
  isOverdue,
  isStale,
  milestoneSchema,
  progressUpdateSchema,
  statusLabel,
  weeksSinceUpdate,
  type ActionFields,
} from './delivery.domain.js'
import { resolveReferences } from './delivery.references.js'
import { ActionArchived, ActionInputError, ActionNotFound, parseOrThrow } from './delivery.errors.js'
import {
  archiveActionRow,
  findActions,
  indicatorIdsOf,
  insertActionRow,
  isActionId,
  loadReferenceData,
  lockAction,
  setActionStatus,
  setIndicatorLinks,
  updateActionRow,
  type ActionRecord,
  type ActionRow,
} from './delivery.repository.js'
import {
  archiveMilestoneRow,
  findMilestone,
  insertMilestone,
  insertProgressUpdate,
  setMilestoneCompleted,
  type MilestoneRecord,
} from './delivery.milestones.repository.js'

export { ActionArchived, ActionInputError, ActionNotFound, problemsFromZod } from './delivery.errors.js'

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

type Db = Kysely<Database>

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

function snapshotOf(
  r: Omit<ActionSnapshot, 'indicatorIds' | 'archived'>,
  indicatorIds: string[],
  archived: boolean,
): ActionSnapshot {
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

/** The action as the audit trail keeps it, its row locked for this transaction, so two changes queue rather than interleave. */
async function actionSnapshot(tx: Db, id: string): Promise<ActionSnapshot | undefined> {
  if (!isActionId(id)) return undefined
  await lockAction(tx, id)
  const [record] = await findActions(tx, { id, includeArchived: true })
  if (!record) return undefined
  const links = await indicatorIdsOf(tx, [id])
  return snapshotOf(record, links.get(id) ?? [], record.archivedAt !== null)
}

/** The action as it stands, locked for this transaction; not found and archived actions refused. */
export async function openAction(tx: Db, id: string): Promise<ActionSnapshot> {
  const before = await actionSnapshot(tx, id)
  if (!before) throw new ActionNotFound()
  if (before.archived) throw new ActionArchived()
  return before
}

/** Checks references inside the transaction, so what is checked is what is written against. */
async function resolved(tx: Db, fields: ActionFields): Promise<ActionFields> {
  const { fields: out, problems } = resolveReferences(fields, await loadReferenceData(tx))
  if (problems.length) throw new ActionInputError(problems)
  return out
}

/** A change to an action, audited with its snapshot before and after. */
const actionChange = <T>(action: string, entityId?: string): ChangeTarget<T> => ({
  entityType: 'action',
  action,
  entityId,
  snapshot: actionSnapshot,
})

const newAction = (): ChangeTarget<{ id: string; reference: string }> => ({
  ...actionChange('create'),
  idOf: (created) => created.id,
})

/** A change to an action's milestones or updates, audited with the before and after it gives. */
const actionDetail = <T extends { before?: unknown; after?: unknown }>(
  action: string,
  actionId: string,
): ChangeTarget<T> => ({
  entityType: 'action',
  action,
  entityId: actionId,
  detail: ({ before, after }) => ({ before, after }),
})

const rowOf = (s: Omit<ActionSnapshot, 'reference' | 'indicatorIds' | 'archived'>): ActionRow => ({
  title: s.title,
  description: s.description,
  strategyId: s.strategyId,
  intentionId: s.intentionId,
  priorityId: s.priorityId,
  deliveryPlan: s.deliveryPlan,
  organisationId: s.organisationId,
  leadRole: s.leadRole,
  startDate: s.startDate,
  dueDate: s.dueDate,
  status: s.status,
  interventionLevel: s.interventionLevel,
  origin: s.origin,
})

/** Checked, resolved fields as stored; what they leave out is null, or what `before` holds. */
function rowFrom(fields: ActionFields, before?: Pick<ActionSnapshot, 'status' | 'origin'>): ActionRow {
  return {
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
    status: fields.status ?? before?.status ?? 'not_started',
    interventionLevel: fields.interventionLevel ?? null,
    origin: fields.origin ?? before?.origin ?? null,
  }
}

// ---- actions -----------------------------------------------------------------------------------

export async function createAction(
  db: Db,
  input: NewActionInput,
  actor: Actor | ActingUser | string,
): Promise<{ id: string; reference: string }> {
  const fields = parseOrThrow(actionSchema, input)
  return withChange(db, actor, newAction(), async (tx, change) =>
    writeNewAction(tx, await resolved(tx, fields), change),
  )
}

/**
 * Writes a new action from checked, resolved fields, audited; inside the caller's transaction when
 * given one (the import writes many in one).
 */
export async function insertAction(
  tx: Db,
  fields: ActionFields,
  actor: Actor | ActingUser | string,
): Promise<{ id: string; reference: string }> {
  return withChange(tx, actor, newAction(), (inner, change) => writeNewAction(inner, fields, change))
}

async function writeNewAction(
  tx: Db,
  fields: ActionFields,
  change: ChangeScope,
): Promise<{ id: string; reference: string }> {
  const created = await insertActionRow(tx, rowFrom(fields), change.actor.key)
  await setIndicatorLinks(tx, created.id, fields.indicatorIds, [])
  return created
}

/**
 * Changes an action's fields. A status or origin not given is kept (the edit form changes status
 * only through a progress update, with its commentary). Returns whether anything changed.
 */
export async function updateAction(
  db: Db,
  id: string,
  input: NewActionInput,
  actor: Actor | ActingUser | string,
): Promise<{ changed: boolean }> {
  const fields = parseOrThrow(actionSchema, input)
  return withChange(db, actor, actionChange('update', id), async (tx, change) => {
    const before = await openAction(tx, id)
    return { changed: await writeUpdate(tx, id, before, await resolved(tx, fields), change) }
  })
}

/** Writes checked, resolved fields over an action, audited; false when nothing differs. In the caller's transaction when given one. */
export async function applyUpdate(
  tx: Db,
  id: string,
  fields: ActionFields,
  actor: Actor | ActingUser | string,
): Promise<boolean> {
  return withChange(tx, actor, actionChange('update', id), async (inner, change) =>
    writeUpdate(inner, id, await openAction(inner, id), fields, change),
  )
}

async function writeUpdate(
  tx: Db,
  id: string,
  before: ActionSnapshot,
  fields: ActionFields,
  change: ChangeScope,
): Promise<boolean> {
  const after = snapshotOf({ reference: before.reference, ...rowFrom(fields, before) }, fields.indicatorIds, false)
  if (JSON.stringify(after) === JSON.stringify(before)) {
    change.unchanged()
    return false
  }
  await updateActionRow(tx, id, rowOf(after), change.actor.key)
  await setIndicatorLinks(tx, id, after.indicatorIds, before.indicatorIds)
  return true
}

/** Hides the action from lists and stops changes; its record, milestones and updates stay. */
export async function archiveAction(db: Db, id: string, actor: Actor | ActingUser | string): Promise<void> {
  await withChange(db, actor, actionChange('archive', id), async (tx, change) => {
    await openAction(tx, id)
    await archiveActionRow(tx, id, change.actor.key)
  })
}

/** Finds an action for an update by its reference (ACT-0001), archived or not. */
export async function actionIdByReference(db: Db, reference: string): Promise<string | undefined> {
  const [record] = await findActions(db, { reference, includeArchived: true })
  return record?.id
}

// ---- milestones ---------------------------------------------------------------------------------

export async function addMilestone(
  db: Db,
  actionId: string,
  input: unknown,
  actor: Actor | ActingUser | string,
): Promise<{ id: string }> {
  const fields = parseOrThrow(milestoneSchema, input)
  const { after } = await withChange(db, actor, actionDetail('milestone.add', actionId), async (tx) => {
    await openAction(tx, actionId)
    const dueDate = fields.dueDate ?? null
    const id = await insertMilestone(tx, actionId, { title: fields.title, dueDate })
    return { before: null, after: { milestone: { id, title: fields.title, dueDate, completedOn: null } } }
  })
  return { id: after.milestone.id }
}

async function openMilestone(tx: Db, actionId: string, milestoneId: string): Promise<MilestoneRecord> {
  await openAction(tx, actionId)
  const milestone = await findMilestone(tx, actionId, milestoneId)
  if (!milestone) throw new ActionNotFound('milestone')
  return milestone
}

/** Marks a milestone complete on the given day (today by default); completing it again changes nothing. */
export async function completeMilestone(
  db: Db,
  actionId: string,
  milestoneId: string,
  actor: Actor | ActingUser | string,
  on: IsoDate = todayInLondon(),
): Promise<void> {
  await withChange(db, actor, actionDetail('milestone.complete', actionId), async (tx, change) => {
    const before = await openMilestone(tx, actionId, milestoneId)
    if (before.completedOn) change.unchanged()
    else await setMilestoneCompleted(tx, milestoneId, on)
    return { before: { milestone: before }, after: { milestone: { ...before, completedOn: on } } }
  })
}

/** Takes a milestone entered in error off the action; it stays in the database and the audit trail. */
export async function archiveMilestone(
  db: Db,
  actionId: string,
  milestoneId: string,
  actor: Actor | ActingUser | string,
): Promise<void> {
  await withChange(db, actor, actionDetail('milestone.archive', actionId), async (tx) => {
    const before = await openMilestone(tx, actionId, milestoneId)
    await archiveMilestoneRow(tx, milestoneId)
    return { before: { milestone: before }, after: { milestone: { ...before, archived: true } } }
  })
}

// ---- progress updates ---------------------------------------------------------------------------

/** A dated update with commentary; the action takes the update's status. Updates are never changed. */
export async function addProgressUpdate(
  db: Db,
  actionId: string,
  input: unknown,
  actor: Actor | ActingUser | string,
  today: IsoDate = todayInLondon(),
): Promise<{ id: string }> {
  const fields = parseOrThrow(progressUpdateSchema(today), input)
  const target: ChangeTarget<{ id: string; after: unknown }> = {
    ...actionChange('progress-update.add', actionId),
    detail: ({ after }) => ({ after }),
  }
  const { id } = await withChange(db, actor, target, async (tx, change) => {
    await openAction(tx, actionId)
    const id = await insertProgressUpdate(tx, actionId, { ...fields, author: change.actor })
    await setActionStatus(tx, actionId, fields.status, change.actor.key)
    return { id, after: { ...(await actionSnapshot(tx, actionId))!, progressUpdate: { id, ...fields } } }
  })
  return { id }
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

/** Actions by id, archived or not, in the order asked for (a meeting's actions arising); ids with no action are left out. */
export async function actionsWithIds(db: Db, ids: string[]): Promise<ActionRecord[]> {
  if (!ids.length) return []
  const byId = new Map((await findActions(db, { ids, includeArchived: true })).map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}
