/**
 * Action plans on the web. Reading is public (open reporting of progress); owners change their own
 * organisation's actions, administrators any. Forms work without JavaScript: errors re-render with
 * 400 and what was typed, success redirects (303).
 *
 * Pages that say "overdue" or "no update for N weeks" depend on today's date as well as the data;
 * the page cache keys on both. Forms are never kept (signed-in pages are not cached).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { formBody, noErrors, type FormErrors } from '../../web/forms.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { sendTable, type DownloadFormat } from '../../web/table-download.js'
import { canEditOrganisationRecord, type SessionUser } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import { partsOf as dateParts, formatDate, todayInLondon } from '../../lib/dates.js'
import { actionSchema, actionStatuses, isOverdue, isStale, STALE_WEEKS, statusInfo, statusLabel, weeksSinceUpdate, type ActionField } from './delivery.domain.js'
import { findAction, findActions, findMilestones, findProgressUpdates, indicatorIdsOf, type ActionRecord } from './delivery.repository.js'
import {
  ActionArchived,
  ActionInputError,
  addMilestone,
  addProgressUpdate,
  archiveAction,
  archiveMilestone,
  completeMilestone,
  createAction,
  problemsFromZod,
  updateAction,
} from './delivery.service.js'
import {
  actionDetail,
  dateItems,
  formChoices,
  formFieldOf,
  formValuesOf,
  groupByPlan,
  levelItems,
  planName,
  statusItems,
  strategyChoices,
  toFormErrors,
  WORKSTREAM,
} from './delivery.views.js'

const publicRoute = { config: { access: 'public' } } as const
const ownerRoute = { config: { access: ['owner'] as const } }

type ListQuery = { organisation?: string; status?: string; plan?: string; overdue?: string }
type IdParams = { id: string }
type MilestoneParams = { id: string; milestoneId: string }

const SAVED: Record<string, string> = {
  created: 'Action added',
  updated: 'Action updated',
  progress: 'Progress update added',
  milestone: 'Milestone added',
  'milestone-complete': 'Milestone marked as complete',
  'milestone-archived': 'Milestone removed',
}

export function deliveryRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  const model = () => deps.strategies.readModel()
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

  /** The action, if the signed-in user may change it: 404 if there is none, 403 if it is another organisation's. */
  async function editable(req: FastifyRequest<{ Params: IdParams }>): Promise<ActionRecord> {
    const action = await findAction(db, req.params.id)
    if (!action) throw new NotFound()
    if (!canEditOrganisationRecord(req.user, action.organisationId)) throw new Forbidden('You can change only your own organisation’s actions')
    if (action.archivedAt) throw new ActionArchived()
    return action
  }

  // ---- the list and the open data ----------------------------------------------------------------

  async function filtered(query: ListQuery) {
    const status = actionStatuses.find((s) => s === query.status)
    const records = await findActions(db, {
      organisationId: query.organisation || undefined,
      status,
      deliveryPlan: query.plan || undefined,
    })
    const today = todayInLondon()
    return { today, records: query.overdue === 'yes' ? records.filter((r) => isOverdue(r, today)) : records }
  }

  app.get<{ Querystring: ListQuery }>('/actions', publicRoute, async (req, reply) => {
    const m = await model()
    const { today, records } = await filtered(req.query)
    const allPlans = [...new Set((await findActions(db)).map((r) => r.deliveryPlan).filter((p): p is string => p !== null))]
    const organisations = await listOrganisations(db)
    const q = req.query
    const search = new URLSearchParams(Object.entries(q).filter(([, v]) => typeof v === 'string' && v !== '') as [string, string][]).toString()
    return reply.page('pages/actions/index.njk', {
      navActive: 'actions',
      groups: groupByPlan(m, records, today),
      total: records.length,
      overdueCount: records.filter((r) => isOverdue(r, today)).length,
      staleCount: records.filter((r) => isStale(r, today)).length,
      staleWeeks: STALE_WEEKS,
      filtered: Boolean(search),
      filters: {
        organisationItems: [{ value: '', text: 'All organisations' }, ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === q.organisation }))],
        statusItems: [{ value: '', text: 'Any status' }, ...actionStatuses.map((s) => ({ value: s, text: statusInfo[s].label, selected: s === q.status }))],
        planItems: [
          { value: '', text: 'All delivery plans' },
          ...allPlans.map((p) => ({ value: p, text: planName(m, p), selected: p === q.plan })).sort((a, b) => a.text.localeCompare(b.text)),
        ],
        overdueItems: [{ value: 'yes', text: 'Only overdue actions', checked: q.overdue === 'yes' }],
      },
      downloads: { csv: `/actions.csv${search ? `?${search}` : ''}`, json: `/actions.json${search ? `?${search}` : ''}` },
      canAdd: req.user?.role === 'owner' || req.user?.role === 'administrator',
    })
  })

  for (const format of ['csv', 'json'] as DownloadFormat[]) {
    app.get<{ Querystring: ListQuery }>(`/actions.${format}`, publicRoute, async (req, reply) => {
      const m = await model()
      const { today, records } = await filtered(req.query)
      const links = await indicatorIdsOf(db, records.map((r) => r.id))
      return sendTable(reply, format, {
        name: 'actions',
        title: 'Best Chance actions: owners, dates, status and progress',
        source: 'Action plans recorded by the partnership’s organisations in Best Chance; overdue and weeks since update are worked out on the day of download',
        columns: [
          { key: 'reference', header: 'reference' },
          { key: 'title', header: 'title' },
          { key: 'description', header: 'description' },
          { key: 'intention', header: 'intention' },
          { key: 'priority', header: 'priority' },
          { key: 'delivery_plan', header: 'delivery_plan' },
          { key: 'delivery_plan_name', header: 'delivery_plan_name' },
          { key: 'organisation', header: 'organisation' },
          { key: 'organisation_name', header: 'organisation_name' },
          { key: 'lead_role', header: 'lead_role' },
          { key: 'start_date', header: 'start_date' },
          { key: 'due_date', header: 'due_date' },
          { key: 'status', header: 'status' },
          { key: 'status_label', header: 'status_label' },
          { key: 'intervention_level', header: 'intervention_level' },
          { key: 'indicators', header: 'indicators' },
          { key: 'last_update', header: 'last_update' },
          { key: 'weeks_since_update', header: 'weeks_since_update' },
          { key: 'overdue', header: 'overdue' },
          { key: 'url', header: 'url' },
        ],
        rows: records.map((r) => ({
          reference: r.reference,
          title: r.title,
          description: r.description,
          intention: r.intentionId,
          priority: r.priorityId,
          delivery_plan: r.deliveryPlan,
          delivery_plan_name: planName(m, r.deliveryPlan),
          organisation: r.organisationId,
          organisation_name: r.organisationName,
          lead_role: r.leadRole,
          start_date: r.startDate,
          due_date: r.dueDate,
          status: r.status,
          status_label: statusLabel(r.status),
          intervention_level: r.interventionLevel,
          indicators: (links.get(r.id) ?? []).join('; '),
          last_update: r.lastUpdateDate,
          weeks_since_update: weeksSinceUpdate(r, today),
          overdue: isOverdue(r, today),
          url: `/actions/${r.id}`,
        })),
      })
    })
  }

  // ---- adding and editing ----------------------------------------------------------------------------

  /** The schema's input from the form: dates from their boxes, the plan from its radios. */
  function actionInput(body: Record<string, unknown>, organisationId: unknown, withStatus: boolean) {
    const parts = (name: string) => ({ day: body[`${name}-day`], month: body[`${name}-month`], year: body[`${name}-year`] })
    return {
      title: body.title,
      description: body.description,
      intentionId: body.intentionId,
      priorityId: body.priorityId,
      deliveryPlan: body.deliveryPlan === WORKSTREAM ? body.workstream : body.deliveryPlan,
      organisationId,
      leadRole: body.leadRole,
      startDate: parts('startDate'),
      dueDate: parts('dueDate'),
      ...(withStatus ? { status: body.status } : {}),
      interventionLevel: body.interventionLevel,
      indicatorIds: body.indicatorIds,
    }
  }

  /** Problems only the form can have, before the shared schema's. */
  const formOnlyProblems = (body: Record<string, unknown>) =>
    body.deliveryPlan === WORKSTREAM && !String(body.workstream ?? '').trim() ? [{ field: 'workstream', message: 'Enter the name of the workstream' }] : []

  async function renderForm(reply: FastifyReply, user: SessionUser, view: { action?: ActionRecord; values: Record<string, unknown>; errors: FormErrors }) {
    const m = await model()
    const choices = strategyChoices(m)
    if (!choices) throw new NotFound('No strategy has been loaded yet')
    const { values, errors, action } = view
    const isAdmin = user.role === 'administrator'
    const organisations = await listOrganisations(db)
    const ownOrganisation = organisations.find((o) => o.id === (action?.organisationId ?? user.organisationId))
    return noStore(reply).page('pages/actions/form.njk', {
      navActive: 'actions',
      action,
      currentStatusLabel: action ? statusLabel(action.status) : null,
      formAction: action ? `/actions/${action.id}/edit` : '/actions/new',
      values,
      errors,
      isAdmin,
      organisationName: ownOrganisation?.name ?? action?.organisationName ?? '',
      organisationItems: [{ value: '', text: 'Select an organisation' }, ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId }))],
      ...formChoices(choices, values),
      startDateItems: dateItems(values, 'startDate', Boolean(errors.fields.startDate)),
      dueDateItems: dateItems(values, 'dueDate', Boolean(errors.fields.dueDate)),
      statusItems: statusItems(values.status ?? 'not_started'),
      levelItems: levelItems(values.interventionLevel),
      workstreamValue: values.workstream ?? '',
      workstreamOption: WORKSTREAM,
    })
  }

  /** Checks and saves the form; on a problem, the form again with 400. */
  async function saveForm(req: FastifyRequest, reply: FastifyReply, action: ActionRecord | undefined) {
    const user = req.user!
    const body = formBody(req.body) as Record<string, unknown>
    const organisationId = user.role === 'administrator' ? body.organisationId : (action?.organisationId ?? user.organisationId)
    const input = actionInput(body, organisationId, !action)
    const again = (problems: { field: string; message: string }[]) =>
      renderForm(reply.code(400), user, { action, values: body, errors: toFormErrors(problems.map((p) => ({ ...p, field: formFieldOf(p.field as ActionField) }))) })
    const formProblems = formOnlyProblems(body)
    if (formProblems.length) return again(formProblems)
    const parsed = actionSchema.safeParse(input)
    if (!parsed.success) return again(problemsFromZod(parsed.error))
    const fields = { ...parsed.data, strategyId: strategyChoices(await model())?.strategyId }
    try {
      if (action) {
        await updateAction(db, action.id, fields, user)
        return reply.redirect(`/actions/${action.id}?saved=updated`, 303)
      }
      const { id } = await createAction(db, fields, user)
      return reply.redirect(`/actions/${id}?saved=created`, 303)
    } catch (error) {
      if (error instanceof ActionInputError) return again(error.problems)
      throw error
    }
  }

  app.get('/actions/new', ownerRoute, async (req, reply) => renderForm(reply, req.user!, { values: { status: 'not_started' }, errors: noErrors }))

  app.post('/actions/new', ownerRoute, async (req, reply) => saveForm(req, reply, undefined))

  app.get<{ Params: IdParams }>('/actions/:id/edit', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    const links = await indicatorIdsOf(db, [action.id])
    return renderForm(reply, req.user!, { action, values: formValuesOf(await model(), action, links.get(action.id) ?? []), errors: noErrors })
  })

  app.post<{ Params: IdParams }>('/actions/:id/edit', ownerRoute, async (req, reply) => saveForm(req, reply, await editable(req)))

  app.post<{ Params: IdParams }>('/actions/:id/archive', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    await archiveAction(db, action.id, req.user!)
    return reply.redirect(`/actions/${action.id}`, 303)
  })

  // ---- the action's page, milestones and progress updates ------------------------------------------

  async function renderAction(req: FastifyRequest, reply: FastifyReply, action: ActionRecord, milestoneForm: { values: Record<string, unknown>; errors: FormErrors }) {
    const m = await model()
    const today = todayInLondon()
    const ids = (await indicatorIdsOf(db, [action.id])).get(action.id) ?? []
    const linked = ids.length ? await db.selectFrom('indicators').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute() : []
    const [milestones, updates] = await Promise.all([findMilestones(db, action.id), findProgressUpdates(db, action.id)])
    const saved = (req.query as { saved?: string }).saved
    return reply.page('pages/actions/show.njk', {
      navActive: 'actions',
      action: actionDetail(m, action, linked, milestones, updates, today, req.user !== null),
      canEdit: !action.archivedAt && canEditOrganisationRecord(req.user, action.organisationId),
      saved: saved ? SAVED[saved] : undefined,
      milestoneValues: milestoneForm.values,
      milestoneErrors: milestoneForm.errors,
      milestoneDateItems: dateItems(milestoneForm.values, 'milestone-dueDate', Boolean(milestoneForm.errors.fields.dueDate)),
    })
  }

  app.get<{ Params: IdParams; Querystring: { saved?: string } }>('/actions/:id', publicRoute, async (req, reply) => {
    const action = await findAction(db, req.params.id)
    if (!action) throw new NotFound()
    return renderAction(req, reply, action, { values: {}, errors: noErrors })
  })

  app.post<{ Params: IdParams }>('/actions/:id/milestones', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    const body = formBody(req.body) as Record<string, unknown>
    const input = {
      title: body['milestone-title'],
      dueDate: { day: body['milestone-dueDate-day'], month: body['milestone-dueDate-month'], year: body['milestone-dueDate-year'] },
    }
    try {
      await addMilestone(db, action.id, input, req.user!)
    } catch (error) {
      if (!(error instanceof ActionInputError)) throw error
      return renderAction(req, reply.code(400), action, { values: body, errors: toFormErrors(error.problems, 'milestone-') })
    }
    return reply.redirect(`/actions/${action.id}?saved=milestone#milestones`, 303)
  })

  app.post<{ Params: MilestoneParams }>('/actions/:id/milestones/:milestoneId/complete', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    await completeMilestone(db, action.id, req.params.milestoneId, req.user!)
    return reply.redirect(`/actions/${action.id}?saved=milestone-complete#milestones`, 303)
  })

  app.post<{ Params: MilestoneParams }>('/actions/:id/milestones/:milestoneId/archive', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    await archiveMilestone(db, action.id, req.params.milestoneId, req.user!)
    return reply.redirect(`/actions/${action.id}?saved=milestone-archived#milestones`, 303)
  })

  async function renderUpdateForm(reply: FastifyReply, action: ActionRecord, values: Record<string, unknown>, errors: FormErrors) {
    return noStore(reply).page('pages/actions/update.njk', {
      navActive: 'actions',
      action: { id: action.id, reference: action.reference, title: action.title, statusLabel: statusLabel(action.status), lastUpdateText: formatDate(action.lastUpdateDate) },
      values,
      errors,
      statusItems: statusItems(values.status),
      dateItems: dateItems(values, 'updateDate', Boolean(errors.fields.updateDate)),
    })
  }

  app.get<{ Params: IdParams }>('/actions/:id/updates/new', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    const today = dateParts(todayInLondon())
    return renderUpdateForm(reply, action, { status: action.status, 'updateDate-day': today.day, 'updateDate-month': today.month, 'updateDate-year': today.year }, noErrors)
  })

  app.post<{ Params: IdParams }>('/actions/:id/updates/new', ownerRoute, async (req, reply) => {
    const action = await editable(req)
    const body = formBody(req.body) as Record<string, unknown>
    const input = {
      updateDate: { day: body['updateDate-day'], month: body['updateDate-month'], year: body['updateDate-year'] },
      status: body.status,
      commentary: body.commentary,
    }
    try {
      await addProgressUpdate(db, action.id, input, req.user!)
    } catch (error) {
      if (!(error instanceof ActionInputError)) throw error
      return renderUpdateForm(reply.code(400), action, body, toFormErrors(error.problems))
    }
    return reply.redirect(`/actions/${action.id}?saved=progress#updates`, 303)
  })
}
