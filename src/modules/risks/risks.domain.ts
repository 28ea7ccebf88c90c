/**
 * The risk and issue log's rules, pure: scores and their rating words, the heat map, where a risk
 * may be escalated in the board network, and the one schema that both the web form and the import
 * check a record against.
 */
import { z } from 'zod'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'

/**
 * The 5 x 5 matrix: score = likelihood x impact, each scored 1 to 5, as in the NPSA's "A risk matrix
 * for risk managers" (National Patient Safety Agency, January 2008), the model most NHS and local
 * government registers adapt. Its likelihood words are used as they are; its top consequence,
 * "Catastrophic", is called "Severe" here.
 */
export const LIKELIHOOD_WORDS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const
export const IMPACT_WORDS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const

export type RatingId = 'low' | 'medium' | 'high' | 'very-high'

/**
 * The rating bands: the one table every page, filter and heat-map cell reads. Registers draw the
 * lines in slightly different places (the NPSA model grades 1-3, 4-6, 8-12, 15-25); these are the
 * log's own, so a partner's different banding is a change to this table alone. `tag` is the colour
 * that supplements the word, never replaces it.
 */
export const RATING_BANDS: readonly { id: RatingId; label: string; min: number; max: number; tag: string }[] = [
  { id: 'low', label: 'Low', min: 1, max: 4, tag: 'govuk-tag--green' },
  { id: 'medium', label: 'Medium', min: 5, max: 9, tag: 'govuk-tag--yellow' },
  { id: 'high', label: 'High', min: 10, max: 14, tag: 'govuk-tag--orange' },
  { id: 'very-high', label: 'Very high', min: 15, max: 25, tag: 'govuk-tag--red' },
]

export const STATUSES = ['open', 'monitoring', 'closed'] as const
export type Status = (typeof STATUSES)[number]
export const STATUS_LABELS: Record<Status, string> = { open: 'Open', monitoring: 'Monitoring', closed: 'Closed' }

export const MITIGATION_STATUSES = ['planned', 'in-progress', 'done'] as const
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number]
export const MITIGATION_STATUS_LABELS: Record<MitigationStatus, string> = {
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
}

export const KINDS = ['risk', 'issue'] as const
export type Kind = (typeof KINDS)[number]

export function score(likelihood: number, impact: number): number {
  if (!isLevel(likelihood) || !isLevel(impact))
    throw new RangeError(`likelihood and impact are whole numbers from 1 to 5, not ${likelihood} and ${impact}`)
  return likelihood * impact
}

export function ratingFor(value: number) {
  const band = RATING_BANDS.find((b) => value >= b.min && value <= b.max)
  if (!band || !Number.isInteger(value)) throw new RangeError(`a score is a whole number from 1 to 25, not ${value}`)
  return band
}

/** "1 – Rare", for radios and pages. */
export const likelihoodLabel = (level: number) => `${level} – ${LIKELIHOOD_WORDS[level - 1]}`
export const impactLabel = (level: number) => `${level} – ${IMPACT_WORDS[level - 1]}`

const isLevel = (n: number) => Number.isInteger(n) && n >= 1 && n <= 5

export interface Scored {
  likelihood: number
  impact: number
}

export interface HeatMapCell {
  likelihood: number
  impact: number
  score: number
  rating: (typeof RATING_BANDS)[number]
  count: number
}

/** The matrix as rows of cells: likelihood 5 (top) down to 1, impact 1 (left) to 5, each with its count. */
export function heatMap(items: Scored[]): HeatMapCell[][] {
  const counts = new Map<string, number>()
  for (const { likelihood, impact } of items) {
    score(likelihood, impact) // refuses anything off the matrix
    counts.set(`${likelihood}:${impact}`, (counts.get(`${likelihood}:${impact}`) ?? 0) + 1)
  }
  return [5, 4, 3, 2, 1].map((likelihood) =>
    [1, 2, 3, 4, 5].map((impact) => ({
      likelihood,
      impact,
      score: likelihood * impact,
      rating: ratingFor(likelihood * impact),
      count: counts.get(`${likelihood}:${impact}`) ?? 0,
    })),
  )
}

/**
 * Upward lines in the board network along which a risk is escalated: a body reports to, is a
 * subgroup of, or delivers for another. "Works closely with" is a sideways relationship and is not
 * an escalation route.
 */
export const ESCALATION_RELATIONS = ['reports_to', 'subgroup_of', 'delivers_for'] as const

/**
 * The bodies a risk sitting at `fromBoardId` may be escalated to: those that body reports to, is a
 * subgroup of, or delivers for. A risk not yet on any board may be brought to any body. A body the
 * strategies no longer have has nowhere to go (an administrator must correct it).
 */
export function escalationTargets(model: StrategyReadModel, fromBoardId: string | null): Item[] {
  if (fromBoardId === null) return uniqueById(model.ofKind('body'))
  const from = model.find('body', fromBoardId)
  if (!from) return []
  return uniqueById(
    model
      .from(from)
      .filter((c) => (ESCALATION_RELATIONS as readonly string[]).includes(c.relation) && c.item.kind === 'body')
      .map((c) => c.item),
  )
}

/** Board ids are the bodies' ids; where two strategies share one, the first (the primary strategy's) wins. */
function uniqueById(items: Item[]): Item[] {
  const seen = new Set<string>()
  return items.filter((i) => !seen.has(i.id) && seen.add(i.id))
}

// ---------------------------------------------------------------------------------------------
// The record as entered, on the form or in an import file: text in, typed values out. Every field
// is checked in one pass (no check stops the others), so a form or an import row gets all its
// problems at once.

const asText = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim())

const text = (message: string, max: number, label: string) =>
  z.preprocess(asText, z.string().min(1, message).max(max, `${label} must be ${max} characters or fewer`))

/** One of a fixed set of values, given as text. */
const choice = <T extends string>(values: readonly T[], message: string) =>
  z
    .preprocess(
      asText,
      z.string().refine((s) => (values as readonly string[]).includes(s), message),
    )
    .transform((s) => s as T)

/** A 1-5 level as text: '' when not given (whether it is required depends on the kind). */
const level = (label: string) =>
  z.preprocess(
    asText,
    z.string().refine((s) => s === '' || /^[1-5]$/.test(s), `${label} must be a whole number from 1 to 5`),
  )
const levelValue = (s: string) => (/^[1-5]$/.test(s) ? Number(s) : null)

/** A calendar date as YYYY-MM-DD ('' when not given), checked to be a real date. */
export const isoDate = (label: string) =>
  z
    .preprocess(
      asText,
      z.string().refine((s) => s === '' || isRealDate(s), `${label} must be a real date, for example 27 3 2026`),
    )
    .transform((s) => s || null)

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === s
}

/** A list of ids: from checkboxes (one string or several) or an import cell ("a; b"). */
export const parseIdList = (v: string | string[] | undefined) => [
  ...new Set((Array.isArray(v) ? v : (v ?? '').split(/[;,]/)).map((s) => s.trim()).filter(Boolean)),
]
const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform(parseIdList)

const optionalId = z.preprocess(asText, z.string()).transform((s) => s || null)

/**
 * One risk or issue as entered. The field names are the form's; the import maps its columns onto
 * them. Existence checks (organisation, board, outcomes, indicators) need the database and the
 * strategy, so the service makes them after this.
 */
export const riskSchema = z
  .object({
    kind: choice(KINDS, 'Select whether this is a risk or an issue'),
    title: text('Enter a title', 200, 'Title'),
    cause: text('Enter the cause', 2000, 'Cause'),
    effect: text('Enter the effect', 2000, 'Effect'),
    organisationId: text('Select the organisation that owns it', 100, 'Organisation'),
    ownerRole: text('Enter the owner’s role, for example Director of Children’s Services', 200, 'Owner’s role'),
    inherentLikelihood: level('Inherent likelihood'),
    inherentImpact: level('Inherent impact'),
    residualLikelihood: level('Residual likelihood'),
    residualImpact: level('Impact'),
    reviewDate: isoDate('Review date'),
    status: choice(STATUSES, 'Select a status: open, monitoring or closed'),
    currentBoardId: optionalId,
    outcomeIds: idList,
    indicatorIds: idList,
  })
  .superRefine((v, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    const given = (f: 'inherentLikelihood' | 'inherentImpact' | 'residualLikelihood' | 'residualImpact') => v[f] !== ''
    if (v.kind === 'risk') {
      if (!given('inherentLikelihood')) problem('inherentLikelihood', 'Select the inherent likelihood')
      if (!given('inherentImpact')) problem('inherentImpact', 'Select the inherent impact')
      if (!given('residualLikelihood')) problem('residualLikelihood', 'Select the residual likelihood')
      if (!given('residualImpact')) problem('residualImpact', 'Select the residual impact')
      const [il, ii, rl, ri] = [v.inherentLikelihood, v.inherentImpact, v.residualLikelihood, v.residualImpact].map(
        levelValue,
      )
      if (il && ii && rl && ri && rl * ri > il * ii) {
        problem(
          'residualLikelihood',
          `The residual score (${rl * ri}) cannot be higher than the inherent score (${il * ii}): mitigations lower a risk`,
        )
      }
    } else if (v.kind === 'issue') {
      if (!given('residualImpact')) problem('residualImpact', 'Select the impact')
      // An issue has happened: a likelihood given for it is a mistake, not something to drop quietly.
      for (const f of ['inherentLikelihood', 'inherentImpact', 'residualLikelihood'] as const) {
        if (given(f)) problem(f, 'An issue has already happened: leave the likelihood and the inherent scores empty')
      }
    }
    if (v.status !== 'closed' && v.reviewDate === null) problem('reviewDate', 'Enter the date of the next review')
  })
  .transform((v) => ({
    ...v,
    inherentLikelihood: levelValue(v.inherentLikelihood),
    inherentImpact: levelValue(v.inherentImpact),
    residualLikelihood: levelValue(v.residualLikelihood),
    residualImpact: levelValue(v.residualImpact),
  }))

export type RiskInput = z.output<typeof riskSchema>

export const mitigationSchema = z.object({
  action: text('Enter the mitigating action', 2000, 'Action'),
  ownerRole: text('Enter the role that owns the action', 200, 'Owner’s role'),
  dueDate: isoDate('Due date'),
  status: choice(MITIGATION_STATUSES, 'Select the action’s status'),
})
export type MitigationInput = z.output<typeof mitigationSchema>

/** Escalation: a next body (`board:<id>`) or a partner organisation through its representative. */
export const escalationSchema = z
  .object({
    target: text('Select where to escalate it', 300, 'Target'),
    organisationId: optionalId,
    representativeRole: optionalId,
    reason: text('Enter why it is being escalated', 2000, 'Reason'),
  })
  .superRefine((v, ctx) => {
    if (v.target === 'organisation') {
      if (!v.organisationId)
        ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'Select the partner organisation' })
      if (!v.representativeRole) {
        ctx.addIssue({
          code: 'custom',
          path: ['representativeRole'],
          message: 'Enter the role of the organisation’s representative, for example Director of Public Health',
        })
      }
    } else if (v.target && !v.target.startsWith('board:')) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'Select where to escalate it' })
    }
  })
export type EscalationInput = z.output<typeof escalationSchema>

/** A reference: RSK-0001 for a risk, ISS-0001 for an issue. */
export const REFERENCE_PATTERN = /^(RSK|ISS)-(\d{4,})$/
export const referencePrefix = (kind: Kind) => (kind === 'risk' ? 'RSK' : 'ISS')
export const formatReference = (kind: Kind, n: number) => `${referencePrefix(kind)}-${String(n).padStart(4, '0')}`
