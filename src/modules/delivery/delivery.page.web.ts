/**
 * An action's own page (public), and the changes made on it by its owners: milestones added,
 * completed and removed, and dated progress updates. A refused form shows the page or form again
 * with 400 and what was typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { formBody, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { canEditOrganisationRecord } from '../accounts/access.js'
import { webActor } from '../../db/changes/actor.js'
import { partsOf as dateParts, formatDate, todayInLondon } from '../../lib/dates.js'
import { statusLabel } from './delivery.domain.js'
import { findAction, indicatorIdsOf, indicatorNames, type ActionRecord } from './delivery.repository.js'
import { findMilestones, findProgressUpdates } from './delivery.milestones.repository.js'
import { addMilestone, addProgressUpdate, archiveMilestone, completeMilestone } from './delivery.service.js'
import { ActionInputError } from './delivery.errors.js'
import { actionDetail, dateItems, statusItems, toFormErrors } from './delivery.views.js'
import {
  editableAction,
  noStore,
  ownerRoute,
  publicRoute,
  type IdParams,
  type MilestoneParams,
} from './delivery.web-shared.js'

const SAVED: Record<string, string> = {
  created: 'Action added',
  updated: 'Action updated',
  progress: 'Progress update added',
  milestone: 'Milestone added',
  'milestone-complete': 'Milestone marked as complete',
  'milestone-archived': 'Milestone removed',
}

type MilestoneForm = { values: Record<string, unknown>; errors: FormErrors }

async function renderAction(
  { db, strategies }: WebDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  action: ActionRecord,
  milestoneForm: MilestoneForm,
) {
  const m = await strategies.readModel()
  const ids = (await indicatorIdsOf(db, [action.id])).get(action.id) ?? []
  const [linked, milestones, updates] = await Promise.all([
    indicatorNames(db, ids),
    findMilestones(db, action.id),
    findProgressUpdates(db, action.id),
  ])
  const saved = (req.query as { saved?: string }).saved
  return reply.page('pages/actions/show.njk', {
    navActive: 'actions',
    action: actionDetail(m, action, linked, milestones, updates, todayInLondon(), req.user !== null),
    canEdit: !action.archivedAt && canEditOrganisationRecord(req.user, action.organisationId),
    saved: saved ? SAVED[saved] : undefined,
    milestoneValues: milestoneForm.values,
    milestoneErrors: milestoneForm.errors,
    milestoneDateItems: dateItems(
      milestoneForm.values,
      'milestone-dueDate',
      Boolean(milestoneForm.errors.fields.dueDate),
    ),
  })
}

/** GET /actions/:id: the action, its indicators, milestones and dated updates. */
export function actionPageRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: IdParams; Querystring: { saved?: string } }>('/actions/:id', publicRoute, async (req, reply) => {
    const action = await findAction(deps.db, req.params.id)
    if (!action) throw new NotFound()
    return renderAction(deps, req, reply, action, { values: {}, errors: noErrors })
  })
}

/** Milestones: added from the action's page, marked complete, or removed when entered in error. */
export function milestoneRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps

  app.post<{ Params: IdParams }>('/actions/:id/milestones', ownerRoute, async (req, reply) => {
    const action = await editableAction(db, req)
    const body = formBody(req.body) as Record<string, unknown>
    const input = {
      title: body['milestone-title'],
      dueDate: {
        day: body['milestone-dueDate-day'],
        month: body['milestone-dueDate-month'],
        year: body['milestone-dueDate-year'],
      },
    }
    try {
      await addMilestone(db, action.id, input, webActor(req.user!))
    } catch (error) {
      if (!(error instanceof ActionInputError)) throw error
      return renderAction(deps, req, reply.code(400), action, {
        values: body,
        errors: toFormErrors(error.problems, 'milestone-'),
      })
    }
    return reply.redirect(`/actions/${action.id}?saved=milestone#milestones`, 303)
  })

  app.post<{ Params: MilestoneParams }>(
    '/actions/:id/milestones/:milestoneId/complete',
    ownerRoute,
    async (req, reply) => {
      const action = await editableAction(db, req)
      await completeMilestone(db, action.id, req.params.milestoneId, webActor(req.user!))
      return reply.redirect(`/actions/${action.id}?saved=milestone-complete#milestones`, 303)
    },
  )

  app.post<{ Params: MilestoneParams }>(
    '/actions/:id/milestones/:milestoneId/archive',
    ownerRoute,
    async (req, reply) => {
      const action = await editableAction(db, req)
      await archiveMilestone(db, action.id, req.params.milestoneId, webActor(req.user!))
      return reply.redirect(`/actions/${action.id}?saved=milestone-archived#milestones`, 303)
    },
  )
}

function renderUpdateForm(
  reply: FastifyReply,
  action: ActionRecord,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  return noStore(reply).page('pages/actions/update.njk', {
    navActive: 'actions',
    action: {
      id: action.id,
      reference: action.reference,
      title: action.title,
      statusLabel: statusLabel(action.status),
      lastUpdateText: formatDate(action.lastUpdateDate),
    },
    values,
    errors,
    statusItems: statusItems(values.status),
    dateItems: dateItems(values, 'updateDate', Boolean(errors.fields.updateDate)),
  })
}

/** /actions/:id/updates/new: a dated progress update, the status it leaves the action in, and commentary. */
export function progressUpdateRoutes(app: FastifyInstance, { db }: WebDeps) {
  app.get<{ Params: IdParams }>('/actions/:id/updates/new', ownerRoute, async (req, reply) => {
    const action = await editableAction(db, req)
    const today = dateParts(todayInLondon())
    return renderUpdateForm(
      reply,
      action,
      {
        status: action.status,
        'updateDate-day': today.day,
        'updateDate-month': today.month,
        'updateDate-year': today.year,
      },
      noErrors,
    )
  })

  app.post<{ Params: IdParams }>('/actions/:id/updates/new', ownerRoute, async (req, reply) => {
    const action = await editableAction(db, req)
    const body = formBody(req.body) as Record<string, unknown>
    const input = {
      updateDate: { day: body['updateDate-day'], month: body['updateDate-month'], year: body['updateDate-year'] },
      status: body.status,
      commentary: body.commentary,
    }
    try {
      await addProgressUpdate(db, action.id, input, webActor(req.user!))
    } catch (error) {
      if (!(error instanceof ActionInputError)) throw error
      return renderUpdateForm(reply.code(400), action, body, toFormErrors(error.problems))
    }
    return reply.redirect(`/actions/${action.id}?saved=progress#updates`, 303)
  })
}
