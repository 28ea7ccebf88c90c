/**
 * Adding, editing and archiving an action: the form (GOV.UK date inputs, the delivery plan's radios
 * revealing a workstream's name), checked by the shared schema and then the service, which checks
 * references again inside its transaction. Owners act for their own organisation, administrators
 * for any (accounts/access.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { formBody, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { isAdministrator, organisationOfRecord, type SessionUser } from '../accounts/access.js'
import { webActor } from '../../db/changes/actor.js'
import { listOrganisations } from '../accounts/organisations.js'
import { actionSchema, statusLabel, type ActionField } from './delivery.domain.js'
import { indicatorIdsOf, type ActionRecord } from './delivery.repository.js'
import { archiveAction, createAction, updateAction } from './delivery.service.js'
import { ActionInputError, problemsFromZod } from './delivery.errors.js'
import {
  dateItems,
  formChoices,
  formFieldOf,
  formValuesOf,
  levelItems,
  statusItems,
  strategyChoices,
  toFormErrors,
  WORKSTREAM,
} from './delivery.views.js'
import { editableAction, noStore, ownerRoute, type IdParams } from './delivery.web-shared.js'

type FormView = { action?: ActionRecord; values: Record<string, unknown>; errors: FormErrors }

/** The schema's input from the form: dates from their boxes, the plan from its radios. */
function actionInput(body: Record<string, unknown>, organisationId: unknown, withStatus: boolean) {
  const parts = (name: string) => ({
    day: body[`${name}-day`],
    month: body[`${name}-month`],
    year: body[`${name}-year`],
  })
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
  body.deliveryPlan === WORKSTREAM && !String(body.workstream ?? '').trim()
    ? [{ field: 'workstream', message: 'Enter the name of the workstream' }]
    : []

async function renderForm({ db, strategies }: WebDeps, reply: FastifyReply, user: SessionUser, view: FormView) {
  const m = await strategies.readModel()
  const choices = strategyChoices(m)
  if (!choices) throw new NotFound('No strategy has been loaded yet')
  const { values, errors, action } = view
  const organisations = await listOrganisations(db)
  const ownOrganisation = organisations.find((o) => o.id === (action?.organisationId ?? user.organisationId))
  return noStore(reply).page('pages/actions/form.njk', {
    navActive: 'actions',
    action,
    currentStatusLabel: action ? statusLabel(action.status) : null,
    formAction: action ? `/actions/${action.id}/edit` : '/actions/new',
    values,
    errors,
    isAdmin: isAdministrator(user),
    organisationName: ownOrganisation?.name ?? action?.organisationName ?? '',
    organisationItems: [
      { value: '', text: 'Select an organisation' },
      ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
    ],
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
async function saveForm(deps: WebDeps, req: FastifyRequest, reply: FastifyReply, action: ActionRecord | undefined) {
  const user = req.user!
  const body = formBody(req.body) as Record<string, unknown>
  const input = actionInput(body, organisationOfRecord(user, body.organisationId, action?.organisationId), !action)
  const again = (problems: { field: string; message: string }[]) =>
    renderForm(deps, reply.code(400), user, {
      action,
      values: body,
      errors: toFormErrors(problems.map((p) => ({ ...p, field: formFieldOf(p.field as ActionField) }))),
    })
  const formProblems = formOnlyProblems(body)
  if (formProblems.length) return again(formProblems)
  const parsed = actionSchema.safeParse(input)
  if (!parsed.success) return again(problemsFromZod(parsed.error))
  const fields = { ...parsed.data, strategyId: strategyChoices(await deps.strategies.readModel())?.strategyId }
  try {
    if (action) {
      await updateAction(deps.db, action.id, fields, webActor(user))
      return reply.redirect(`/actions/${action.id}?saved=updated`, 303)
    }
    const { id } = await createAction(deps.db, fields, webActor(user))
    return reply.redirect(`/actions/${id}?saved=created`, 303)
  } catch (error) {
    if (error instanceof ActionInputError) return again(error.problems)
    throw error
  }
}

/** /actions/new, /actions/:id/edit and /actions/:id/archive. */
export function actionFormRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps

  app.get('/actions/new', ownerRoute, async (req, reply) =>
    renderForm(deps, reply, req.user!, { values: { status: 'not_started' }, errors: noErrors }),
  )

  app.post('/actions/new', ownerRoute, async (req, reply) => saveForm(deps, req, reply, undefined))

  app.get<{ Params: IdParams }>('/actions/:id/edit', ownerRoute, async (req, reply) => {
    const action = await editableAction(db, req)
    const links = await indicatorIdsOf(db, [action.id])
    return renderForm(deps, reply, req.user!, {
      action,
      values: formValuesOf(await deps.strategies.readModel(), action, links.get(action.id) ?? []),
      errors: noErrors,
    })
  })

  app.post<{ Params: IdParams }>('/actions/:id/edit', ownerRoute, async (req, reply) =>
    saveForm(deps, req, reply, await editableAction(db, req)),
  )

  app.post<{ Params: IdParams }>('/actions/:id/archive', ownerRoute, async (req, reply) => {
    const action = await editableAction(db, req)
    await archiveAction(db, action.id, webActor(req.user!))
    return reply.redirect(`/actions/${action.id}`, 303)
  })
}
