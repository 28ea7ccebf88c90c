/**
 * The risk and issue log, with escalation along the board network. For signed-in partners only:
 * anyone signed in reads; an owner changes only their own organisation's records (administrators
 * any), checked after the record is loaded. Each route is a small function over the service and
 * the page builders (risks.pages.ts); `riskRoutes` registers them all.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { webActor } from '../../db/changes/actor.js'
import { formBody, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { todayInLondon } from '../../lib/dates.js'
import {
  canAddOrganisationRecords,
  canEditOrganisationRecord,
  organisationOfRecord,
  recordRefusal,
} from '../accounts/access.js'
import {
  escalationSchema,
  heatMap,
  impactLabel,
  likelihoodLabel,
  MITIGATION_STATUSES,
  mitigationSchema,
  RATING_BANDS,
  riskSchema,
} from './risks.domain.js'
import {
  escalationFieldOrder,
  escalationFields,
  mitigationFieldOrder,
  mitigationFields,
  one,
  ordered,
  parseFilters,
  problemErrors,
  riskFieldOrder,
  riskFields,
  stripEmpty,
  valuesOf,
  type Body,
} from './risks.forms.js'
import { detailPage, escalatePage, filterOptions, formPage } from './risks.pages.js'
import {
  addMitigation,
  archiveRisk,
  createRisk,
  escalateRisk,
  findLinks,
  findRisk,
  listRisks,
  RiskProblems,
  setMitigationStatus,
  updateRisk,
  type Risk,
} from './risks.service.js'
import { riskRowView } from './risks.view.js'

const signedIn = { config: { access: 'signed-in' as const } }
const owners = { config: { access: ['owner'] as const } }

type IdParams = { Params: { id: string } }
type Query = { Querystring: Record<string, string | undefined> }

/** The risk, if it exists, is not archived and this user may change it (else 404 or 403). */
async function editable({ db }: WebDeps, req: FastifyRequest<{ Params: { id: string } }>): Promise<Risk> {
  const risk = await findRisk(db, req.params.id)
  if (!risk || risk.archivedAt) throw new NotFound()
  if (!canEditOrganisationRecord(req.user, risk.organisationId))
    throw new Forbidden(recordRefusal(req.user, 'risk', risk.organisationName))
  return risk
}

/** The service refused the record: the form again, with its problems, or anything else thrown on. */
function refused(error: unknown, order: string[]): FormErrors {
  if (!(error instanceof RiskProblems)) throw error
  return problemErrors(error.problems, order)
}

function logRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<Query>('/risks', signedIn, async (req, reply) => {
    const model = await deps.strategies.readModel()
    const filters = parseFilters(req.query)
    const base = { organisationId: filters.organisation, boardId: filters.board, status: filters.status }
    const band = RATING_BANDS.find((b) => b.id === filters.rating)
    const [risks, issues] = await Promise.all([
      listRisks(deps.db, {
        ...base,
        kind: 'risk',
        ...(band ? { score: { min: band.min, max: band.max, on: 'residual' as const } } : {}),
      }),
      listRisks(deps.db, { ...base, kind: 'issue' }),
    ])
    const today = todayInLondon()
    return reply.header('cache-control', 'no-store').page('pages/risks/index.njk', {
      navActive: 'risks',
      risks: risks.map((r) => riskRowView(model, r, today)),
      issues: issues.map((r) => riskRowView(model, r, today)),
      filters,
      filterOptions: await filterOptions(deps.db, model, filters, true),
      filtered: Object.values(filters).some(Boolean),
      canLog: canAddOrganisationRecords(req.user),
    })
  })
}

function heatMapRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<Query>('/risks/heat-map', signedIn, async (req, reply) => {
    const model = await deps.strategies.readModel()
    const filters = parseFilters(req.query)
    const on = req.query.scores === 'inherent' ? 'inherent' : 'residual'
    // Closed risks no longer threaten anything: left out unless asked for by status.
    const rows = (
      await listRisks(deps.db, {
        organisationId: filters.organisation,
        boardId: filters.board,
        status: filters.status,
        kind: 'risk',
      })
    ).filter((r) => filters.status || r.status !== 'closed')
    const scored = rows.map((r) => ({
      row: r,
      likelihood: (on === 'inherent' ? r.inherentLikelihood : r.residualLikelihood)!,
      impact: (on === 'inherent' ? r.inherentImpact : r.residualImpact)!,
    }))
    scored.sort(
      (a, b) => b.likelihood * b.impact - a.likelihood * a.impact || a.row.reference.localeCompare(b.row.reference),
    )
    const today = todayInLondon()
    const inBand = (band: (typeof RATING_BANDS)[number]) =>
      scored.filter((s) => s.likelihood * s.impact >= band.min && s.likelihood * s.impact <= band.max).length
    // The same filters, on the other scores (residual is the default, so it has no parameter).
    const other = new URLSearchParams({
      ...stripEmpty(filters),
      ...(on === 'residual' ? { scores: 'inherent' } : {}),
    }).toString()
    return reply.header('cache-control', 'no-store').page('pages/risks/heat-map.njk', {
      navActive: 'risks',
      on,
      otherHref: `/risks/heat-map${other ? `?${other}` : ''}`,
      matrix: heatMap(scored).map((cells) => ({ likelihood: likelihoodLabel(cells[0]!.likelihood), cells })),
      impactHeaders: [1, 2, 3, 4, 5].map(impactLabel),
      byRating: RATING_BANDS.map((band) => ({ label: band.label, tag: band.tag, count: inBand(band) })),
      total: scored.length,
      list: scored.map((s) => ({
        ...riskRowView(model, s.row, today),
        cell: {
          likelihood: likelihoodLabel(s.likelihood),
          impact: impactLabel(s.impact),
          score: s.likelihood * s.impact,
        },
      })),
      filters,
      filterOptions: await filterOptions(deps.db, model, filters, false),
    })
  })
}

function recordRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<IdParams>('/risks/:id', signedIn, async (req, reply) =>
    reply
      .header('cache-control', 'no-store')
      .page(
        'pages/risks/show.njk',
        await detailPage(deps.db, await deps.strategies.readModel(), req.user, req.params.id),
      ),
  )
}

function addRoutes(app: FastifyInstance, deps: WebDeps) {
  const form = async (req: FastifyRequest, reply: FastifyReply, errors: FormErrors, values: Body) =>
    reply.page(
      'pages/risks/form.njk',
      await formPage(deps.db, await deps.strategies.readModel(), req.user!, null, errors, values),
    )

  app.get('/risks/new', owners, async (req, reply) => form(req, reply, noErrors, { status: 'open' }))

  app.post('/risks/new', owners, async (req, reply) => {
    const user = req.user!
    const body = formBody(req.body) as Body
    // An owner logs risks for their own organisation; an administrator chooses.
    const parsed = riskSchema.safeParse(
      riskFields(body, { organisationId: organisationOfRecord(user, one(body.organisationId)) ?? '' }),
    )
    if (!parsed.success) return form(req, reply.code(400), ordered(formErrors(parsed.error), riskFieldOrder), body)
    if (!canEditOrganisationRecord(user, parsed.data.organisationId))
      throw new Forbidden(recordRefusal(user, 'risk', null))
    try {
      const created = await createRisk(deps.db, await deps.strategies.readModel(), parsed.data, webActor(user))
      return reply.redirect(`/risks/${created.id}`, 303)
    } catch (error) {
      return form(req, reply.code(400), refused(error, riskFieldOrder), body)
    }
  })
}

function updateRoutes(app: FastifyInstance, deps: WebDeps) {
  const form = async (req: FastifyRequest, reply: FastifyReply, risk: Risk, errors: FormErrors, values: Body) =>
    reply.page(
      'pages/risks/form.njk',
      await formPage(deps.db, await deps.strategies.readModel(), req.user!, risk, errors, values),
    )

  app.get<IdParams>('/risks/:id/edit', owners, async (req, reply) => {
    const risk = await editable(deps, req)
    return form(req, reply, risk, noErrors, valuesOf(risk, await findLinks(deps.db, risk.id)))
  })

  app.post<IdParams>('/risks/:id/edit', owners, async (req, reply) => {
    const risk = await editable(deps, req)
    const body = formBody(req.body) as Body
    // Kind, organisation and board are not changed here: the board moves only by escalation.
    const parsed = riskSchema.safeParse(
      riskFields(body, {
        kind: risk.kind,
        organisationId: risk.organisationId,
        currentBoardId: risk.currentBoardId ?? '',
      }),
    )
    if (!parsed.success)
      return form(req, reply.code(400), risk, ordered(formErrors(parsed.error), riskFieldOrder), body)
    try {
      await updateRisk(deps.db, await deps.strategies.readModel(), risk.id, parsed.data, webActor(req.user!))
      return reply.redirect(`/risks/${risk.id}`, 303)
    } catch (error) {
      return form(req, reply.code(400), risk, refused(error, riskFieldOrder), body)
    }
  })
}

function mitigationRoutes(app: FastifyInstance, deps: WebDeps) {
  app.post<IdParams>('/risks/:id/mitigations', owners, async (req, reply) => {
    const risk = await editable(deps, req)
    const body = formBody(req.body) as Body
    const parsed = mitigationSchema.safeParse(mitigationFields(body))
    if (!parsed.success) {
      const mitigation = { errors: ordered(formErrors(parsed.error), mitigationFieldOrder), values: body }
      return reply
        .code(400)
        .page(
          'pages/risks/show.njk',
          await detailPage(deps.db, await deps.strategies.readModel(), req.user, risk.id, mitigation),
        )
    }
    await addMitigation(deps.db, risk.id, parsed.data, webActor(req.user!))
    return reply.redirect(`/risks/${risk.id}#mitigations`, 303)
  })

  app.post<{ Params: { id: string; mitigationId: string } }>(
    '/risks/:id/mitigations/:mitigationId/status',
    owners,
    async (req, reply) => {
      const risk = await editable(deps, req)
      const status = one(formBody(req.body).status)
      if (!(MITIGATION_STATUSES as readonly string[]).includes(status))
        throw Object.assign(new Error('Select the action’s status'), { statusCode: 400 })
      try {
        await setMitigationStatus(
          deps.db,
          risk.id,
          req.params.mitigationId,
          status as (typeof MITIGATION_STATUSES)[number],
          webActor(req.user!),
        )
      } catch (error) {
        if (error instanceof RiskProblems) throw new NotFound()
        throw error
      }
      return reply.redirect(`/risks/${risk.id}#mitigations`, 303)
    },
  )
}

function escalationRoutes(app: FastifyInstance, deps: WebDeps) {
  const form = async (reply: FastifyReply, risk: Risk, errors: FormErrors, values: Body) =>
    reply.page(
      'pages/risks/escalate.njk',
      await escalatePage(deps.db, await deps.strategies.readModel(), risk, errors, values),
    )

  app.get<IdParams>('/risks/:id/escalate', owners, async (req, reply) =>
    form(reply, await editable(deps, req), noErrors, {}),
  )

  app.post<IdParams>('/risks/:id/escalate', owners, async (req, reply) => {
    const risk = await editable(deps, req)
    const body = formBody(req.body) as Body
    const parsed = escalationSchema.safeParse(escalationFields(body))
    if (!parsed.success)
      return form(reply.code(400), risk, ordered(formErrors(parsed.error), escalationFieldOrder), body)
    try {
      await escalateRisk(deps.db, await deps.strategies.readModel(), risk.id, parsed.data, req.user!)
      return reply.redirect(`/risks/${risk.id}#escalations`, 303)
    } catch (error) {
      return form(reply.code(400), risk, refused(error, escalationFieldOrder), body)
    }
  })
}

function archiveRoute(app: FastifyInstance, deps: WebDeps) {
  app.post<IdParams>('/risks/:id/archive', owners, async (req, reply) => {
    const risk = await editable(deps, req)
    await archiveRisk(deps.db, risk.id, webActor(req.user!))
    return reply.redirect('/risks', 303)
  })
}

export function riskRoutes(app: FastifyInstance, deps: WebDeps) {
  logRoute(app, deps)
  heatMapRoute(app, deps)
  recordRoute(app, deps)
  addRoutes(app, deps)
  updateRoutes(app, deps)
  mitigationRoutes(app, deps)
  escalationRoutes(app, deps)
  archiveRoute(app, deps)
}
