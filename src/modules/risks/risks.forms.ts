/**
 * The risk pages' form plumbing, pure: a posted body read into what the shared schemas check, a
 * stored record back into the form's values, the log's filters, and errors ordered as the page
 * shows its fields (a date input's error linked to its day field).
 */
import type { FormErrors } from '../../web/forms.js'
import { linkDateErrors } from '../../web/form-dates.js'
import { partsOf } from '../../lib/dates.js'
import type { Problem, Risk, RiskLink } from './risks.service.js'

export type Body = Record<string, string | string[]>

/** The form's fields in page order, so the error summary lists problems as the page shows them. */
export const riskFieldOrder = [
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
export const escalationFieldOrder = ['target', 'organisationId', 'representativeRole', 'reason']
export const mitigationFieldOrder = ['action', 'ownerRole', 'dueDate', 'status']

/** Date inputs link from the summary to their day field, as GOV.UK's pattern asks. */
const dateFields = ['reviewDate', 'dueDate']

export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))
export const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : [])

export interface Filters {
  organisation: string
  board: string
  rating: string
  status: string
}

export function parseFilters(query: Record<string, string | undefined>): Filters {
  const pick = (name: string) => (typeof query[name] === 'string' ? query[name]!.trim() : '')
  return { organisation: pick('organisation'), board: pick('board'), rating: pick('rating'), status: pick('status') }
}

export const stripEmpty = (filters: Filters) =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>

/** A date input's three fields as typed (the first, when a field is sent twice). */
const typedParts = (body: Body, name: string) => ({
  day: one(body[`${name}-day`]),
  month: one(body[`${name}-month`]),
  year: one(body[`${name}-year`]),
})

/**
 * GOV.UK date input's three fields as YYYY-MM-DD for the schema: '' when all are empty, 'invalid'
 * for malformed text (a year of four figures, as GOV.UK asks), which the schema refuses.
 */
export function dateFrom(body: Body, name: string): string {
  const { day, month, year } = typedParts(body, name)
  const [d, m, y] = [day.trim(), month.trim(), year.trim()]
  if (!d && !m && !y) return ''
  if (![d, m].every((p) => /^\d{1,2}$/.test(p)) || !/^\d{4}$/.test(y)) return 'invalid'
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

/** A date input's fields to show: as typed, or from the stored YYYY-MM-DD. */
export function dateParts(values: Body, name: string) {
  const given = ['day', 'month', 'year'].some((p) => values[`${name}-${p}`] !== undefined)
  return given
    ? typedParts(values, name)
    : partsOf(/^\d{4}-\d{2}-\d{2}$/.test(one(values[name])) ? one(values[name]) : null)
}

/**
 * The form's fields as the schema reads them; `fixed` overrides what the user may not change here.
 * A radio cannot be unticked without script, so likelihoods ticked before choosing "issue" are
 * dropped here rather than refused (the import, where a cell can be emptied, refuses them).
 */
export function riskFields(body: Body, fixed: { kind?: string; organisationId: string; currentBoardId?: string }) {
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

export const mitigationFields = (body: Body) => ({
  action: one(body.action),
  ownerRole: one(body.ownerRole),
  dueDate: dateFrom(body, 'dueDate'),
  status: one(body.status),
})

export const escalationFields = (body: Body) => ({
  target: one(body.target),
  organisationId: one(body.organisationId),
  representativeRole: one(body.representativeRole),
  reason: one(body.reason),
})

/** A stored record as the form's values, for the edit page. */
export function valuesOf(risk: Risk, links: RiskLink[]): Body {
  const n = (v: number | null) => (v === null ? '' : String(v))
  return {
    title: risk.title,
    cause: risk.cause,
    effect: risk.effect,
    ownerRole: risk.ownerRole,
    inherentLikelihood: n(risk.inherentLikelihood),
    inherentImpact: n(risk.inherentImpact),
    residualLikelihood: n(risk.residualLikelihood),
    residualImpact: n(risk.residualImpact),
    reviewDate: risk.reviewDate ?? '',
    status: risk.status,
    outcomeIds: links.filter((l) => l.targetKind === 'outcome').map((l) => l.targetId),
    indicatorIds: links.filter((l) => l.targetKind === 'indicator').map((l) => l.targetId),
  }
}

/** The summary in the page's field order, date inputs linked to their day fields. */
export function ordered(errors: FormErrors, order: string[]): FormErrors {
  const rank = (href: string) => {
    const i = order.indexOf(href.slice(1))
    return i < 0 ? order.length : i
  }
  return linkDateErrors(
    { fields: errors.fields, summary: [...errors.summary].sort((a, b) => rank(a.href) - rank(b.href)) },
    dateFields,
  )
}

/** The service's problems as form errors. */
export function problemErrors(problems: Problem[], order: string[]): FormErrors {
  const fields: FormErrors['fields'] = {}
  for (const p of problems) fields[p.field] ??= { text: p.message }
  return ordered(
    { fields, summary: Object.entries(fields).map(([name, { text }]) => ({ text, href: `#${name}` })) },
    order,
  )
}
