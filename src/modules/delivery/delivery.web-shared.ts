/**
 * What the action routes share: their access declarations, the action a signed-in user may change
 * (404, 403 or 409 otherwise, by accounts/access.ts's rule), and the filtered list that both the
 * page and the downloads show.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { canEditOrganisationRecord, recordRefusal } from '../accounts/access.js'
import { todayInLondon, type IsoDate } from '../../lib/dates.js'
import { actionStatuses, isOverdue } from './delivery.domain.js'
import { findAction, findActions, type ActionRecord } from './delivery.repository.js'
import { ActionArchived } from './delivery.errors.js'

export const publicRoute = { config: { access: 'public' } } as const
export const ownerRoute = { config: { access: ['owner'] as const } }

export type ListQuery = { organisation?: string; status?: string; plan?: string; overdue?: string }
export type IdParams = { id: string }
export type MilestoneParams = { id: string; milestoneId: string }

/** Forms are never kept by a browser or proxy. */
export const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

/** The action, if the signed-in user may change it: 404 if there is none, 403 if it is another organisation's. */
export async function editableAction(
  db: Kysely<Database>,
  req: FastifyRequest<{ Params: IdParams }>,
): Promise<ActionRecord> {
  const action = await findAction(db, req.params.id)
  if (!action) throw new NotFound()
  if (!canEditOrganisationRecord(req.user, action.organisationId))
    throw new Forbidden(recordRefusal(req.user, 'action', action.organisationName))
  if (action.archivedAt) throw new ActionArchived()
  return action
}

/** The current actions the list's filters choose, and today's date, which "overdue" depends on. */
export async function filteredActions(
  db: Kysely<Database>,
  query: ListQuery,
): Promise<{ today: IsoDate; records: ActionRecord[] }> {
  const status = actionStatuses.find((s) => s === query.status)
  const records = await findActions(db, {
    organisationId: query.organisation || undefined,
    status,
    deliveryPlan: query.plan || undefined,
  })
  const today = todayInLondon()
  return { today, records: query.overdue === 'yes' ? records.filter((r) => isOverdue(r, today)) : records }
}
