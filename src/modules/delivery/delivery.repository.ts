/** Reading actions, milestones and progress updates, with dates as YYYY-MM-DD text on both engines. */
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../db/database.js'
import { londonDate, type IsoDate } from '../../lib/dates.js'

/** A date column as ISO text: the drivers would read it as a Date in different time zones. */
const dateText = (column: Expression<unknown>): RawBuilder<string | null> => sql<string | null>`to_char(${column}, 'YYYY-MM-DD')`

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
  reference?: string
  includeArchived?: boolean
}

export async function findActions(db: Kysely<Database>, filter: ActionFilter = {}): Promise<ActionRecord[]> {
  let query = db
    .selectFrom('actions as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select((eb) => [
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
      dateText(eb.ref('a.start_date')).as('start_date'),
      dateText(eb.ref('a.due_date')).as('due_date'),
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
        .select((u) => dateText(u.fn.max('u.update_date')).as('d'))
        .whereRef('u.action_id', '=', 'a.id')
        .as('last_update_date'),
    ])
  if (!filter.includeArchived) query = query.where('a.archived_at', 'is', null)
  if (filter.id) query = query.where('a.id', '=', filter.id)
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
  const rows = await query.orderBy(sql`a.due_date asc nulls last`).orderBy('a.id').execute()
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
export async function findAction(db: Kysely<Database>, id: string): Promise<ActionRecord | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined
  return (await findActions(db, { id, includeArchived: true }))[0]
}

/** The linked indicators' ids, for each of the given actions. */
export async function indicatorIdsOf(db: Kysely<Database>, actionIds: string[]): Promise<Map<string, string[]>> {
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

export interface MilestoneRecord {
  id: string
  title: string
  dueDate: IsoDate | null
  completedOn: IsoDate | null
}

export async function findMilestones(db: Kysely<Database>, actionId: string): Promise<MilestoneRecord[]> {
  const rows = await db
    .selectFrom('milestones as m')
    .select((eb) => ['m.id', 'm.title', dateText(eb.ref('m.due_date')).as('due_date'), dateText(eb.ref('m.completed_on')).as('completed_on')])
    .where('m.action_id', '=', actionId)
    .where('m.archived_at', 'is', null)
    .orderBy(sql`m.due_date asc nulls last`)
    .orderBy('m.id')
    .execute()
  return rows.map((r) => ({ id: String(r.id), title: r.title, dueDate: r.due_date, completedOn: r.completed_on }))
}

export interface ProgressUpdateRecord {
  id: string
  updateDate: IsoDate
  status: string
  commentary: string
  authorName: string | null
  authorOrganisation: string | null
  author: string
}

/** Newest first. */
export async function findProgressUpdates(db: Kysely<Database>, actionId: string): Promise<ProgressUpdateRecord[]> {
  const rows = await db
    .selectFrom('progress_updates as p')
    .leftJoin('users as u', 'u.id', 'p.author_user_id')
    .leftJoin('organisations as o', 'o.id', 'p.author_organisation_id')
    .select((eb) => [
      'p.id',
      dateText(eb.ref('p.update_date')).as('update_date'),
      'p.status_at_update',
      'p.commentary',
      'u.display_name',
      'o.name as organisation_name',
      'p.author',
    ])
    .where('p.action_id', '=', actionId)
    .orderBy('p.update_date', 'desc')
    .orderBy('p.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    updateDate: r.update_date!,
    status: r.status_at_update,
    commentary: r.commentary,
    authorName: r.display_name,
    authorOrganisation: r.organisation_name,
    author: r.author,
  }))
}
