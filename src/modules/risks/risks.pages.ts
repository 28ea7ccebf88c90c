/**
 * What each risk page is given to render: a record with its mitigations, links, escalations and
 * who logged it; the add and update form; the escalation form; the log's filters. Reads through
 * the service and the strategy read model; no query of its own.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { formatDate, formatDateTime, todayInLondon } from '../../lib/dates.js'
import { canEditOrganisationRecord, isAdministrator, type SessionUser } from '../accounts/access.js'
import { findOrganisation, listOrganisations } from '../accounts/organisations.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { hrefFor } from '../strategy/strategy.links.js'
import {
  escalationTargets,
  impactLabel,
  likelihoodLabel,
  MITIGATION_STATUS_LABELS,
  MITIGATION_STATUSES,
  RATING_BANDS,
  STATUS_LABELS,
  STATUSES,
  type Kind,
} from './risks.domain.js'
import { dateParts, list, one, type Body, type Filters } from './risks.forms.js'
import { findEscalations, findLinks, findMitigations, findRisk, findRiskCreator, type Risk } from './risks.service.js'
import { boardHref, boardName, creatorLabel, mitigationStatusLabel, riskRowView } from './risks.view.js'

type Db = Kysely<Database>

/** A record's page; with the mitigation form's errors and values when it was refused. */
export async function detailPage(
  db: Db,
  model: StrategyReadModel,
  user: SessionUser | null,
  id: string,
  mitigation: { errors: FormErrors; values: Body } = { errors: noErrors, values: {} },
) {
  const risk = await findRisk(db, id)
  if (!risk) throw new NotFound()
  const [mitigations, links, escalations, creator] = await Promise.all([
    findMitigations(db, risk.id),
    findLinks(db, risk.id),
    findEscalations(db, [risk.id]),
    findRiskCreator(db, risk.id),
  ])
  const linkViews = links.map((l) => {
    const item = model.find(l.targetKind, l.targetId)
    return {
      kind: l.targetKind,
      text: item ? String(item.detail.shortTitle ?? item.title) : `${l.targetId} (no longer in the strategies)`,
      href: item ? hrefFor(model, item) : null,
    }
  })
  return {
    navActive: 'risks',
    breadcrumbs: [{ text: 'Risks and issues', href: '/risks' }],
    risk: riskRowView(model, risk, todayInLondon()),
    detail: {
      cause: risk.cause,
      effect: risk.effect,
      boardHref: boardHref(model, risk.currentBoardId),
      createdBy: creatorLabel(creator, risk.createdBy),
      createdAt: formatDateTime(risk.createdAt),
      updatedAt: formatDateTime(risk.updatedAt),
    },
    mitigations: mitigations.map((m) => ({
      ...m,
      dueDate: formatDate(m.dueDate),
      statusLabel: mitigationStatusLabel(m.status),
    })),
    outcomes: linkViews.filter((l) => l.kind === 'outcome'),
    indicators: linkViews.filter((l) => l.kind === 'indicator'),
    escalations: (escalations.get(risk.id) ?? []).map((e) => ({ ...e, when: formatDateTime(e.at) })),
    canEdit: risk.archivedAt === null && canEditOrganisationRecord(user, risk.organisationId),
    canEscalate: risk.status !== 'closed',
    mitigationErrors: mitigation.errors,
    mitigationValues: mitigation.values,
    mitigationStatuses: MITIGATION_STATUSES.map((s) => ({ value: s, text: MITIGATION_STATUS_LABELS[s] })),
  }
}

/** The organisation a new record is logged for, as the form shows it: the record's, or the user's own. */
async function ownOrganisationName(db: Db, user: SessionUser, risk: Risk | null): Promise<string | undefined> {
  if (risk) return risk.organisationName
  return user.organisationId ? (await findOrganisation(db, user.organisationId))?.name : undefined
}

/** The choices the form offers: organisations (an administrator adding), levels, statuses, boards, outcomes, indicators. */
async function formChoices(db: Db, model: StrategyReadModel, user: SessionUser, risk: Risk | null, values: Body) {
  const checked = (name: string) => new Set(list(values[name]))
  const outcomes = checked('outcomeIds')
  const indicators = checked('indicatorIds')
  const levels = (name: string, label: (n: number) => string) =>
    [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: label(n), checked: one(values[name]) === String(n) }))
  const organisations = isAdministrator(user) && !risk ? await listOrganisations(db) : []
  return {
    chooseOrganisation: organisations.length > 0,
    organisationItems: [
      { value: '', text: 'Select an organisation' },
      ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === one(values.organisationId) })),
    ],
    likelihood: (name: string) => levels(name, likelihoodLabel),
    impact: (name: string) => levels(name, impactLabel),
    statusItems: STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: one(values.status) === s })),
    boardItems: [
      { value: '', text: 'Not yet on a board' },
      ...escalationTargets(model, null).map((b) => ({
        value: b.id,
        text: b.title,
        selected: b.id === one(values.currentBoardId),
      })),
    ],
    outcomeItems: model.ofKind('outcome').map((o) => ({
      value: o.id,
      text: String(o.detail.shortTitle ?? o.title),
      hint: { text: `${o.title} (${model.strategyOf(o).detail.shortTitle ?? model.strategyOf(o).title})` },
      checked: outcomes.has(o.id),
    })),
    indicatorItems: model
      .ofKind('indicator')
      .map((i) => ({ value: i.id, text: i.title, checked: indicators.has(i.id) })),
    indicatorsChosen: indicators.size,
  }
}

/** The add form (risk null) or the update form. */
export async function formPage(
  db: Db,
  model: StrategyReadModel,
  user: SessionUser,
  risk: Risk | null,
  errors: FormErrors,
  values: Body,
) {
  const kind = (risk?.kind ?? one(values.kind)) as Kind | ''
  return {
    navActive: 'risks',
    breadcrumbs: [
      { text: 'Risks and issues', href: '/risks' },
      ...(risk ? [{ text: risk.reference, href: `/risks/${risk.id}` }] : []),
    ],
    risk: risk
      ? {
          id: risk.id,
          reference: risk.reference,
          title: risk.title,
          kind: risk.kind,
          board: boardName(model, risk.currentBoardId),
        }
      : null,
    action: risk ? `/risks/${risk.id}/edit` : '/risks/new',
    kind,
    errors,
    values: { ...values, reviewDate: dateParts(values, 'reviewDate') },
    kindItems: [
      {
        value: 'risk',
        text: 'A risk',
        hint: { text: 'Something that may happen and would harm an outcome' },
        checked: kind === 'risk',
      },
      {
        value: 'issue',
        text: 'An issue',
        hint: { text: 'Something that has happened and needs managing now' },
        checked: kind === 'issue',
      },
    ],
    ownOrganisation: await ownOrganisationName(db, user, risk),
    ...(await formChoices(db, model, user, risk, values)),
  }
}

export async function escalatePage(db: Db, model: StrategyReadModel, risk: Risk, errors: FormErrors, values: Body) {
  const targets = escalationTargets(model, risk.currentBoardId)
  const target = one(values.target)
  const organisations = await listOrganisations(db)
  return {
    navActive: 'risks',
    breadcrumbs: [
      { text: 'Risks and issues', href: '/risks' },
      { text: risk.reference, href: `/risks/${risk.id}` },
    ],
    risk: { id: risk.id, reference: risk.reference, title: risk.title, closed: risk.status === 'closed' },
    from: boardName(model, risk.currentBoardId),
    errors,
    values,
    targetItems: targets.map((b) => ({ value: `board:${b.id}`, text: b.title, checked: target === `board:${b.id}` })),
    organisationChecked: target === 'organisation',
    organisationItems: [
      { value: '', text: 'Select an organisation' },
      ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === one(values.organisationId) })),
    ],
  }
}

/** The log's and the heat map's filter choices, the current ones selected. */
export async function filterOptions(db: Db, model: StrategyReadModel, filters: Filters, withRating: boolean) {
  const organisations = await listOrganisations(db)
  const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current })
  return {
    organisation: [
      option('', 'All organisations', filters.organisation),
      ...organisations.map((o) => option(o.id, o.name, filters.organisation)),
    ],
    board: [
      option('', 'All boards', filters.board),
      ...escalationTargets(model, null).map((b) => option(b.id, b.title, filters.board)),
    ],
    rating: withRating
      ? [
          option('', 'All ratings', filters.rating),
          ...RATING_BANDS.map((b) => option(b.id, `${b.label} (${b.min} to ${b.max})`, filters.rating)),
        ]
      : [],
    status: [
      option('', 'All statuses', filters.status),
      ...STATUSES.map((s) => option(s, STATUS_LABELS[s], filters.status)),
    ],
  }
}
