/**
 * Actions and their indicator links in the database: reading them, writing them, and the reference data an action's fields are checked against.
 * Milestones and progress updates are in delivery.milestones.repository.ts.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { londonDate, type IsoDate } from '../../lib/dates.js'
import type { ReferenceData } from './delivery.references.js'

type Db = Kysely<Database>

/** Action, milestone and update ids are bigserials: anything else is simply not found. */
export const isActionId = (id: string) => /^\d{1,18}$/.test(id)

export interface ActionRecord {
  id: string
  reference: string
  title: string
  description: string | null
  strategyId: string | null
  intentionId: string | null
  priorityId: string | null
  deliveryPlan: string | null
  organisationId: string
  organisationName: string
  leadRole: string
  startDate: IsoDate | null
  dueDate: IsoDate | null
  status: string
  interventionLevel: string | null
  origin: string | null
  createdOn: IsoDate
  createdBy: string
  updatedAt: Date
  updatedBy: string
  archivedAt: Date | null
  lastUpdateDate: IsoDate | null
}

export interface ActionFilter {
  organisationId?: string
  status?: string
  deliveryPlan?: string
  indicatorId?: string
  id?: string
  /** Several actions by id, in any order. */
  ids?: string[]
  reference?: string
  includeArchived?: boolean
}

/** An action's columns, with its dates as text and the date of its latest progress update. */
function actionColumns(
  eb: ExpressionBuilder<Database & { a: Database['actions']; o: Database['organisations'] }, 'a' | 'o'>,
) {
  return [
    'a.id',
    'a.reference',
    'a.title',
    'a.description',
    'a.strategy_id',
    'a.intention_id',
    'a.priority_id',
    'a.delivery_plan',
    'a.organisation_id',
    'o.name as organisation_name',
    'a.lead_role',
    'a.start_date',
    'a.due_date',
    'a.status',
    'a.intervention_level',
    'a.origin',
    'a.created_at',
    'a.created_by',
    'a.updated_at',
    'a.updated_by',
    'a.archived_at',
    eb
      .selectFrom('progress_updates as u')
      .select((u) => u.fn.max('u.update_date').as('d'))
      .whereRef('u.action_id', '=', 'a.id')
      .as('last_update_date'),
  ] as const
}

export async function findActions(db: Db, filter: ActionFilter = {}): Promise<ActionRecord[]> {
  let query = db
    .selectFrom('actions as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(actionColumns)
  if (!filter.includeArchived) query = query.where('a.archived_at', 'is', null)
  if (filter.id) query = query.where('a.id', '=', filter.id)
  if (filter.ids) query = filter.ids.length ? query.where('a.id', 'in', filter.ids) : query.where(sql<boolean>`false`)
  if (filter.reference) query = query.where('a.reference', '=', filter.reference)
  if (filter.organisationId) query = query.where('a.organisation_id', '=', filter.organisationId)
  if (filter.status) query = query.where('a.status', '=', filter.status)
  if (filter.deliveryPlan) query = query.where('a.delivery_plan', '=', filter.deliveryPlan)
  if (filter.indicatorId) {
    const indicatorId = filter.indicatorId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('action_indicators as ai')
          .select('ai.action_id')
          .whereRef('ai.action_id', '=', 'a.id')
          .where('ai.indicator_id', '=', indicatorId)
          .where('ai.archived_at', 'is', null),
      ),
    )
  }
  const rows = await query
    .orderBy(sql`a.due_date asc nulls last`)
    .orderBy('a.id')
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    reference: r.reference,
    title: r.title,
    description: r.description,
    strategyId: r.strategy_id,
    intentionId: r.intention_id,
    priorityId: r.priority_id,
    deliveryPlan: r.delivery_plan,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    leadRole: r.lead_role,
    startDate: r.start_date,
    dueDate: r.due_date,
    status: r.status,
    interventionLevel: r.intervention_level,
    origin: r.origin,
    createdOn: londonDate(new Date(r.created_at)),
    createdBy: r.created_by,
    updatedAt: new Date(r.updated_at),
    updatedBy: r.updated_by,
    archivedAt: r.archived_at ? new Date(r.archived_at) : null,
    lastUpdateDate: r.last_update_date,
  }))
}

/** One action, archived or not (its page still answers, saying it is archived). */
export async function findAction(db: Db, id: string): Promise<ActionRecord | undefined> {
  if (!isActionId(id)) return undefined
  return (await findActions(db, { id, includeArchived: true }))[0]
}

/** The linked indicators' ids, for each of the given actions. */
export async function indicatorIdsOf(db: Db, actionIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(actionIds.map((id) => [id, []]))
  if (!actionIds.length) return map
  const rows = await db
    .selectFrom('action_indicators')
    .select(['action_id', 'indicator_id'])
    .where('action_id', 'in', actionIds)
    .where('archived_at', 'is', null)
    .orderBy('indicator_id')
    .execute()
  for (const r of rows) map.get(String(r.action_id))?.push(r.indicator_id)
  return map
}

/** Indicators' names, by name, for an action's page. */
export async function indicatorNames(db: Db, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return []
  return db.selectFrom('indicators').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute()
}

/** What an action's fields are checked against: current organisations, strategy items and indicators. */
export async function loadReferenceData(db: Db): Promise<ReferenceData> {
  const [organisations, nodes, indicators] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'name']).where('archived_at', 'is', null).execute(),
    db
      .selectFrom('strategy_nodes')
      .select(['strategy_id as strategyId', 'id', 'kind', 'parent_id as parentId'])
      .where('kind', 'in', ['strategy', 'outcome', 'intention', 'priority'])
      .where('archived_at', 'is', null)
      .execute(),
    db.selectFrom('indicators').select('id').where('archived_at', 'is', null).execute(),
  ])
  return { organisations, nodes, indicators: new Set(indicators.map((i) => i.id)) }
}

// ---- writes: the service calls these inside withChange, which audits them ------------------------

/** An action's stored fields, as written. */
export interface ActionRow {
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
}

const columnsOf = (a: ActionRow) => ({
  title: a.title,
  description: a.description,
  strategy_id: a.strategyId,
  intention_id: a.intentionId,
  priority_id: a.priorityId,
  delivery_plan: a.deliveryPlan,
  organisation_id: a.organisationId,
  lead_role: a.leadRole,
  start_date: a.startDate,
  due_date: a.dueDate,
  status: a.status,
  intervention_level: a.interventionLevel,
  origin: a.origin,
})

/** Locks the action's row for this transaction, so two changes to it queue rather than interleave. */
export async function lockAction(db: Db, id: string): Promise<void> {
  await db.selectFrom('actions').select('id').where('id', '=', id).forUpdate().execute()
}

/** `by` is the actor's key, kept in created_by and updated_by. */
export async function insertActionRow(
  db: Db,
  action: ActionRow,
  by: string,
): Promise<{ id: string; reference: string }> {
  const row = await db
    .insertInto('actions')
    .values({ ...columnsOf(action), created_by: by, updated_by: by })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow()
  return { id: String(row.id), reference: row.reference }
}

export async function updateActionRow(db: Db, id: string, action: ActionRow, by: string): Promise<void> {
  await db
    .updateTable('actions')
    .set({ ...columnsOf(action), updated_at: new Date(), updated_by: by })
    .where('id', '=', id)
    .execute()
}

export async function setActionStatus(db: Db, id: string, status: string, by: string): Promise<void> {
  await db.updateTable('actions').set({ status, updated_at: new Date(), updated_by: by }).where('id', '=', id).execute()
}

export async function archiveActionRow(db: Db, id: string, by: string): Promise<void> {
  await db
    .updateTable('actions')
    .set({ archived_at: new Date(), updated_at: new Date(), updated_by: by })
    .where('id', '=', id)
    .execute()
}

/** Links the wanted indicators and archives (never deletes) the links no longer wanted. */
export async function setIndicatorLinks(db: Db, actionId: string, wanted: string[], current: string[]): Promise<void> {
  const unlinked = current.filter((id) => !wanted.includes(id))
  if (unlinked.length) {
    await db
      .updateTable('action_indicators')
      .set({ archived_at: new Date() })
      .where('action_id', '=', actionId)
      .where('indicator_id', 'in', unlinked)
      .where('archived_at', 'is', null)
      .execute()
  }
  for (const indicatorId of wanted.filter((id) => !current.includes(id))) {
    await db
      .insertInto('action_indicators')
      .values({ action_id: actionId, indicator_id: indicatorId })
      .onConflict((oc) =>
        oc.columns(['action_id', 'indicator_id']).doUpdateSet({ archived_at: null, linked_at: sql`now()` }),
      )
      .execute()
  }
}
