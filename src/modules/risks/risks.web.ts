/**
 * The risk and issue log, with escalation along the board network. For signed-in partners only:
 * anyone signed in reads; an owner changes only their own organisation's records (administrators
 * any), checked in each handler after the record is loaded.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { formBody, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { canEditOrganisationRecord } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { hrefFor } from '../strategy/strategy.links.js'
import {
  escalationSchema,
  escalationTargets,
  heatMap,
  impactLabel,
  likelihoodLabel,
  MITIGATION_STATUS_LABELS,
  MITIGATION_STATUSES,
  mitigationSchema,
  RATING_BANDS,
  riskSchema,
  STATUS_LABELS,
  STATUSES,
  type Kind,
} from './risks.domain.js'
import {
  addMitigation,
  archiveRisk,
  createRisk,
  escalateRisk,
  findEscalations,
  findLinks,
  findMitigations,
  findRisk,
  listRisks,
  RiskProblems,
  setMitigationStatus,
  updateRisk,
  type Problem,
  type RiskFilters,
  type RiskRow,
} from './risks.service.js'
import { boardHref, boardName, formatDate, formatDateTime, londonToday, mitigationStatusLabel, riskRowView } from './risks.view.js'

const signedIn = { config: { access: 'signed-in' as const } }
const owners = { config: { access: ['owner'] as const } }

type Body = Record<string, string | string[]>
type IdParams = { Params: { id: string } }

/** The form's fields in page order, so the error summary lists problems as the page shows them. */
const riskFieldOrder = [
  'kind',
  'title',
  'cause',
  'effect',
  'organisationId',
  'ownerRole',
  'inherentLikelihood',
  'inherentImpact',
  'residualLikelihood',
  'residualImpact',
  'reviewDate',
  'status',
  'currentBoardId',
  'outcomeIds',
  'indicatorIds',
]
const escalationFieldOrder = ['target', 'organisationId', 'representativeRole', 'reason']
const mitigationFieldOrder = ['action', 'ownerRole', 'dueDate', 'status']

export function riskRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps

  // ----- the log ---------------------------------------------------------------------------------

  app.get<{ Querystring: Record<string, string | undefined> }>('/risks', signedIn, async (req, reply) => {
    const model = await deps.strategies.readModel()
    const filters = parseFilters(req.query)
    const base: RiskFilters = { organisationId: filters.organisation, boardId: filters.board, status: filters.status }
    const band = RATING_BANDS.find((b) => b.id === filters.rating)
    const [risks, issues] = await Promise.all([
      listRisks(db, { ...base, kind: 'risk', ...(band ? { score: { min: band.min, max: band.max, on: 'residual' } } : {}) }),
      listRisks(db, { ...base, kind: 'issue' }),
    ])
    const today = londonToday()
    return reply.header('cache-control', 'no-store').page('pages/risks/index.njk', {
      navActive: 'risks',
      risks: risks.map((r) => riskRowView(model, r, today)),
      issues: issues.map((r) => riskRowView(model, r, today)),
      filters,
      filterOptions: await filterOptions(model, filters, true),
      filtered: Object.values(filters).some(Boolean),
      canLog: req.user!.role === 'owner' || req.user!.role === 'administrator',
    })
  })

  app.get<{ Querystring: Record<string, string | undefined> }>('/risks/heat-map', signedIn, async (req, reply) => {
    const model = await deps.strategies.readModel()
    const filters = parseFilters(req.query)
    const on = req.query.scores === 'inherent' ? 'inherent' : 'residual'
    // Closed risks no longer threaten anything: left out unless asked for by status.
    const rows = (await listRisks(db, { organisationId: filters.organisation, boardId: filters.board, status: filters.status, kind: 'risk' })).filter(
      (r) => filters.status || r.status !== 'closed',
    )
    const scored = rows.map((r) => ({
      row: r,
      likelihood: (on === 'inherent' ? r.inherent_likelihood : r.residual_likelihood)!,
      impact: (on === 'inherent' ? r.inherent_impact : r.residual_impact)!,
    }))
    scored.sort((a, b) => b.likelihood * b.impact - a.likelihood * a.impact || a.row.reference.localeCompare(b.row.reference))
    const matrix = heatMap(scored)
    const today = londonToday()
    const byRating = RATING_BANDS.map((band) => ({
      label: band.label,
      tag: band.tag,
      count: scored.filter((s) => s.likelihood * s.impact >= band.min && s.likelihood * s.impact <= band.max).length,
    }))
    // The same filters, on the other scores (residual is the default, so it has no parameter).
    const other = new URLSearchParams({ ...stripEmpty(filters), ...(on === 'residual' ? { scores: 'inherent' } : {}) }).toString()
    return reply.header('cache-control', 'no-store').page('pages/risks/heat-map.njk', {
      navActive: 'risks',
      on,
      otherHref: `/risks/heat-map${other ? `?${other}` : ''}`,
      matrix: matrix.map((cells) => ({ likelihood: likelihoodLabel(cells[0]!.likelihood), cells })),
      impactHeaders: [1, 2, 3, 4, 5].map(impactLabel),
      byRating,
      total: scored.length,
      list: scored.map((s) => ({ ...riskRowView(model, s.row, today), cell: { likelihood: likelihoodLabel(s.likelihood), impact: impactLabel(s.impact), score: s.likelihood * s.impact } })),
      filters,
      filterOptions: await filterOptions(model, filters, false),
    })
  })

  // ----- one record ------------------------------------------------------------------------------

  app.get<IdParams>('/risks/:id', signedIn, async (req, reply) => reply.header('cache-control', 'no-store').page('pages/risks/show.njk', await detailView(req, req.params.id)))

  async function detailView(req: FastifyRequest, id: string, mitigation: { errors: FormErrors; values: Body } = { errors: noErrors, values: {} }) {
    const model = await deps.strategies.readModel()
    const risk = await findRisk(db, id)
    if (!risk) throw new NotFound()
    const [mitigations, links, escalations] = await Promise.all([findMitigations(db, risk.id), findLinks(db, risk.id), findEscalations(db, [risk.id])])
    const linkViews = links.map((l) => {
      const item = model.find(l.target_kind, l.target_id)
      return { kind: l.target_kind, text: item ? String(item.detail.shortTitle ?? item.title) : `${l.target_id} (no longer in the strategies)`, href: item ? hrefFor(model, item) : null }
    })
    return {
      navActive: 'risks',
      breadcrumbs: [{ text: 'Risks and issues', href: '/risks' }],
      risk: riskRowView(model, risk, londonToday()),
      detail: {
        cause: risk.cause,
        effect: risk.effect,
        boardHref: boardHref(model, risk.current_board_id),
        createdBy: await actorLabel(risk.created_by),
        createdAt: formatDateTime(risk.created_at),
        updatedAt: formatDateTime(risk.updated_at),
      },
      mitigations: mitigations.map((m) => ({ ...m, dueDate: formatDate(m.due_date), statusLabel: mitigationStatusLabel(m.status) })),
      outcomes: linkViews.filter((l) => l.kind === 'outcome'),
      indicators: linkViews.filter((l) => l.kind === 'indicator'),
      escalations: (escalations.get(risk.id) ?? []).map((e) => ({ ...e, when: formatDateTime(e.at) })),
      canEdit: risk.archived_at === null && canEditOrganisationRecord(req.user, risk.organisation_id),
      canEscalate: risk.status !== 'closed',
      mitigationErrors: mitigation.errors,
      mitigationValues: mitigation.values,
      mitigationStatuses: MITIGATION_STATUSES.map((s) => ({ value: s, text: MITIGATION_STATUS_LABELS[s] })),
    }
  }

  /** Who made a change, in words: an account's display name (a role, usually), or the file an import read. */
  async function actorLabel(actor: string): Promise<string> {
    const id = /^user:(\d+)/.exec(actor)?.[1]
    if (id) return (await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? 'a former user'
    const file = /^import:(.+)$/.exec(actor)?.[1]
    return file ? `an import of ${file}` : actor
  }

  // ----- adding and changing ---------------------------------------------------------------------

  app.get('/risks/new', owners, async (req, reply) => reply.page('pages/risks/form.njk', await formView(req, null, noErrors, { status: 'open' })))

  app.post('/risks/new', owners, async (req, reply) => {
    const user = req.user!
    const body = formBody(req.body) as Body
    // An owner logs risks for their own organisation; an administrator chooses.
    const organisationId = user.role === 'administrator' ? one(body.organisationId) : (user.organisationId ?? '')
    const parsed = riskSchema.safeParse(riskFields(body, { organisationId }))
    if (!parsed.success) return reply.code(400).page('pages/risks/form.njk', await formView(req, null, ordered(formErrors(parsed.error), riskFieldOrder), body))
    if (!canEditOrganisationRecord(user, parsed.data.organisationId)) throw new Forbidden()
    try {
      const created = await createRisk(db, await deps.strategies.readModel(), parsed.data, user)
      return reply.redirect(`/risks/${created.id}`, 303)
    } catch (error) {
      if (!(error instanceof RiskProblems)) throw error
      return reply.code(400).page('pages/risks/form.njk', await formView(req, null, problemErrors(error.problems, riskFieldOrder), body))
    }
  })

  app.get<IdParams>('/risks/:id/edit', owners, async (req, reply) => {
    const risk = await editable(req)
    return reply.page('pages/risks/form.njk', await formView(req, risk, noErrors, valuesOf(risk, await findLinks(db, risk.id))))
  })

  app.post<IdParams>('/risks/:id/edit', owners, async (req, reply) => {
    const risk = await editable(req)
    const body = formBody(req.body) as Body
    // Kind, organisation and board are not changed here: the board moves only by escalation.
    const parsed = riskSchema.safeParse(riskFields(body, { kind: risk.kind, organisationId: risk.organisation_id, currentBoardId: risk.current_board_id ?? '' }))
    if (!parsed.success) return reply.code(400).page('pages/risks/form.njk', await formView(req, risk, ordered(formErrors(parsed.error), riskFieldOrder), body))
    try {
      await updateRisk(db, await deps.strategies.readModel(), risk.id, parsed.data, req.user!)
      return reply.redirect(`/risks/${risk.id}`, 303)
    } catch (error) {
      if (!(error instanceof RiskProblems)) throw error
      return reply.code(400).page('pages/risks/form.njk', await formView(req, risk, problemErrors(error.problems, riskFieldOrder), body))
    }
  })

  app.post<IdParams>('/risks/:id/mitigations', owners, async (req, reply) => {
    const risk = await editable(req)
    const body = formBody(req.body) as Body
    const parsed = mitigationSchema.safeParse({ action: one(body.action), ownerRole: one(body.ownerRole), dueDate: dateFrom(body, 'dueDate'), status: one(body.status) })
    if (!parsed.success) {
      const errors = ordered(formErrors(parsed.error), mitigationFieldOrder)
      return reply.code(400).page('pages/risks/show.njk', await detailView(req, risk.id, { errors, values: body }))
    }
    await addMitigation(db, risk.id, parsed.data, req.user!)
    return reply.redirect(`/risks/${risk.id}#mitigations`, 303)
  })

  app.post<{ Params: { id: string; mitigationId: string } }>('/risks/:id/mitigations/:mitigationId/status', owners, async (req, reply) => {
    const risk = await editable(req)
    const status = one(formBody(req.body).status)
    if (!(MITIGATION_STATUSES as readonly string[]).includes(status)) throw Object.assign(new Error('Select the action’s status'), { statusCode: 400 })
    try {
      await setMitigationStatus(db, risk.id, req.params.mitigationId, status as (typeof MITIGATION_STATUSES)[number], req.user!)
    } catch (error) {
      if (error instanceof RiskProblems) throw new NotFound()
      throw error
    }
    return reply.redirect(`/risks/${risk.id}#mitigations`, 303)
  })

  app.get<IdParams>('/risks/:id/escalate', owners, async (req, reply) => {
    const risk = await editable(req)
    return reply.page('pages/risks/escalate.njk', await escalateView(risk, noErrors, {}))
  })

  app.post<IdParams>('/risks/:id/escalate', owners, async (req, reply) => {
    const risk = await editable(req)
    const body = formBody(req.body) as Body
    const parsed = escalationSchema.safeParse({
      target: one(body.target),
      organisationId: one(body.organisationId),
      representativeRole: one(body.representativeRole),
      reason: one(body.reason),
    })
    if (!parsed.success) return reply.code(400).page('pages/risks/escalate.njk', await escalateView(risk, ordered(formErrors(parsed.error), escalationFieldOrder), body))
    try {
      await escalateRisk(db, await deps.strategies.readModel(), risk.id, parsed.data, req.user!)
      return reply.redirect(`/risks/${risk.id}#escalations`, 303)
    } catch (error) {
      if (!(error instanceof RiskProblems)) throw error
      return reply.code(400).page('pages/risks/escalate.njk', await escalateView(risk, problemErrors(error.problems, escalationFieldOrder), body))
    }
  })

  app.post<IdParams>('/risks/:id/archive', owners, async (req, reply) => {
    const risk = await editable(req)
    await archiveRisk(db, risk.id, req.user!)
    return reply.redirect('/risks', 303)
  })

  /** The risk, if it exists, is not archived and this user may change it (else 404 or 403). */
  async function editable(req: FastifyRequest<{ Params: { id: string } }>): Promise<RiskRow> {
    const risk = await findRisk(db, req.params.id)
    if (!risk || risk.archived_at) throw new NotFound()
    if (!canEditOrganisationRecord(req.user, risk.organisation_id)) throw new Forbidden()
    return risk
  }

  // ----- view models -----------------------------------------------------------------------------

  async function formView(req: FastifyRequest, risk: RiskRow | null, errors: FormErrors, values: Body) {
    const model = await deps.strategies.readModel()
    const user = req.user!
    const kind = (risk?.kind ?? one(values.kind)) as Kind | ''
    const checked = (name: string) => new Set(list(values[name]))
    const outcomes = checked('outcomeIds')
    const indicators = checked('indicatorIds')
    const levels = (name: string, label: (n: number) => string) =>
      [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: label(n), checked: one(values[name]) === String(n) }))
    const organisations = user.role === 'administrator' && !risk ? await listOrganisations(db) : []
    const ownOrganisation = risk
      ? risk.organisation_name
      : user.organisationId
        ? (await db.selectFrom('organisations').select('name').where('id', '=', user.organisationId).executeTakeFirst())?.name
        : undefined
    return {
      navActive: 'risks',
      breadcrumbs: [{ text: 'Risks and issues', href: '/risks' }, ...(risk ? [{ text: risk.reference, href: `/risks/${risk.id}` }] : [])],
      risk: risk ? { id: risk.id, reference: risk.reference, title: risk.title, kind: risk.kind, board: boardName(model, risk.current_board_id) } : null,
      action: risk ? `/risks/${risk.id}/edit` : '/risks/new',
      kind,
      errors,
      values: { ...values, reviewDate: dateParts(values, 'reviewDate') },
      kindItems: [
        { value: 'risk', text: 'A risk', hint: { text: 'Something that may happen and would harm an outcome' }, checked: kind === 'risk' },
        { value: 'issue', text: 'An issue', hint: { text: 'Something that has happened and needs managing now' }, checked: kind === 'issue' },
      ],
      chooseOrganisation: organisations.length > 0,
      organisationItems: [{ value: '', text: 'Select an organisation' }, ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === one(values.organisationId) }))],
      ownOrganisation,
      likelihood: (name: string) => levels(name, likelihoodLabel),
      impact: (name: string) => levels(name, impactLabel),
      statusItems: STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: one(values.status) === s })),
      boardItems: [
        { value: '', text: 'Not yet on a board' },
        ...escalationTargets(model, null).map((b) => ({ value: b.id, text: b.title, selected: b.id === one(values.currentBoardId) })),
      ],
      outcomeItems: model.ofKind('outcome').map((o) => ({
        value: o.id,
        text: String(o.detail.shortTitle ?? o.title),
        hint: { text: `${o.title} (${model.strategyOf(o).detail.shortTitle ?? model.strategyOf(o).title})` },
        checked: outcomes.has(o.id),
      })),
      indicatorItems: model.ofKind('indicator').map((i) => ({ value: i.id, text: i.title, checked: indicators.has(i.id) })),
      indicatorsChosen: indicators.size,
    }
  }

  async function escalateView(risk: RiskRow, errors: FormErrors, values: Body) {
    const model = await deps.strategies.readModel()
    const targets = escalationTargets(model, risk.current_board_id)
    const target = one(values.target)
    return {
      navActive: 'risks',
      breadcrumbs: [
        { text: 'Risks and issues', href: '/risks' },
        { text: risk.reference, href: `/risks/${risk.id}` },
      ],
      risk: { id: risk.id, reference: risk.reference, title: risk.title, closed: risk.status === 'closed' },
      from: boardName(model, risk.current_board_id),
      errors,
      values,
      targetItems: targets.map((b) => ({ value: `board:${b.id}`, text: b.title, checked: target === `board:${b.id}` })),
      organisationChecked: target === 'organisation',
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...(await listOrganisations(db)).map((o) => ({ value: o.id, text: o.name, selected: o.id === one(values.organisationId) })),
      ],
    }
  }

  async function filterOptions(model: StrategyReadModel, filters: Filters, withRating: boolean) {
    const organisations = await listOrganisations(db)
    const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current })
    return {
      organisation: [option('', 'All organisations', filters.organisation), ...organisations.map((o) => option(o.id, o.name, filters.organisation))],
      board: [option('', 'All boards', filters.board), ...escalationTargets(model, null).map((b) => option(b.id, b.title, filters.board))],
      rating: withRating ? [option('', 'All ratings', filters.rating), ...RATING_BANDS.map((b) => option(b.id, `${b.label} (${b.min} to ${b.max})`, filters.rating))] : [],
      status: [option('', 'All statuses', filters.status), ...STATUSES.map((s) => option(s, STATUS_LABELS[s], filters.status))],
    }
  }
}

// ----- form plumbing -----------------------------------------------------------------------------

interface Filters {
  organisation: string
  board: string
  rating: string
  status: string
}

function parseFilters(query: Record<string, string | undefined>): Filters {
  const pick = (name: string) => (typeof query[name] === 'string' ? query[name]!.trim() : '')
  return { organisation: pick('organisation'), board: pick('board'), rating: pick('rating'), status: pick('status') }
}

const stripEmpty = (filters: Filters) => Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))
const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : [])

/** GOV.UK date input's three fields as YYYY-MM-DD ('' when all are empty; malformed text fails the schema). */
function dateFrom(body: Body, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => one(body[`${name}-${p}`]).trim())
  if (!d && !m && !y) return ''
  if (![d, m].every((p) => /^\d{1,2}$/.test(p!)) || !/^\d{4}$/.test(y!)) return 'invalid' // a year of four figures, as GOV.UK asks
  return `${y!.padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`
}

function dateParts(values: Body, name: string) {
  const given = ['day', 'month', 'year'].some((p) => values[`${name}-${p}`] !== undefined)
  if (given) return { day: one(values[`${name}-day`]), month: one(values[`${name}-month`]), year: one(values[`${name}-year`]) }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(one(values[name]))
  return iso ? { day: String(Number(iso[3])), month: String(Number(iso[2])), year: iso[1] } : { day: '', month: '', year: '' }
}

/**
 * The form's fields as the schema reads them; `fixed` overrides what the user may not change here.
 * A radio cannot be unticked without script, so likelihoods ticked before choosing "issue" are
 * dropped here rather than refused (the import, where a cell can be emptied, refuses them).
 */
function riskFields(body: Body, fixed: { kind?: string; organisationId: string; currentBoardId?: string }) {
  const kind = fixed.kind ?? one(body.kind)
  const riskOnly = (name: string) => (kind === 'issue' ? '' : one(body[name]))
  return {
    kind,
    title: one(body.title),
    cause: one(body.cause),
    effect: one(body.effect),
    organisationId: fixed.organisationId,
    ownerRole: one(body.ownerRole),
    inherentLikelihood: riskOnly('inherentLikelihood'),
    inherentImpact: riskOnly('inherentImpact'),
    residualLikelihood: riskOnly('residualLikelihood'),
    residualImpact: one(body.residualImpact),
    reviewDate: dateFrom(body, 'reviewDate'),
    status: one(body.status),
    currentBoardId: fixed.currentBoardId ?? one(body.currentBoardId),
    outcomeIds: list(body.outcomeIds),
    indicatorIds: list(body.indicatorIds),
  }
}

type Link = { target_kind: string; target_id: string }

/** A stored record as the form's values, for the edit page. */
function valuesOf(risk: RiskRow, links: Link[]): Body {
  const n = (v: number | null) => (v === null ? '' : String(v))
  return {
    title: risk.title,
    cause: risk.cause,
    effect: risk.effect,
    ownerRole: risk.owner_role,
    inherentLikelihood: n(risk.inherent_likelihood),
    inherentImpact: n(risk.inherent_impact),
    residualLikelihood: n(risk.residual_likelihood),
    residualImpact: n(risk.residual_impact),
    reviewDate: risk.review_date ?? '',
    status: risk.status,
    outcomeIds: links.filter((l) => l.target_kind === 'outcome').map((l) => l.target_id),
    indicatorIds: links.filter((l) => l.target_kind === 'indicator').map((l) => l.target_id),
  }
}

/** Date inputs link from the summary to their day field, as GOV.UK's pattern asks. */
const dateFields = new Set(['reviewDate', 'dueDate'])

function ordered(errors: FormErrors, order: string[]): FormErrors {
  const rank = (href: string) => {
    const i = order.indexOf(href.slice(1))
    return i < 0 ? order.length : i
  }
  return {
    fields: errors.fields,
    summary: [...errors.summary].sort((a, b) => rank(a.href) - rank(b.href)).map((e) => (dateFields.has(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)),
  }
}

function problemErrors(problems: Problem[], order: string[]): FormErrors {
  const fields: FormErrors['fields'] = {}
  for (const p of problems) fields[p.field] ??= { text: p.message }
  return ordered({ fields, summary: Object.entries(fields).map(([name, { text }]) => ({ text, href: `#${name}` })) }, order)
}

