/** What the risk pages show, in words: scores with their ratings, dates, names. Pure. */
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { hrefFor } from '../strategy/strategy.links.js'
import {
  impactLabel,
  likelihoodLabel,
  MITIGATION_STATUS_LABELS,
  ratingFor,
  STATUS_LABELS,
  type MitigationStatus,
  type Status,
} from './risks.domain.js'
import { inherentScore, residualScore, riskHref, type RiskRow } from './risks.service.js'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Europe/London' })

/** "27 March 2026" from "2026-03-27". */
export const formatDate = (iso: string | null) => (iso ? dateFormat.format(new Date(`${iso}T00:00:00Z`)) : null)
export const formatDateTime = (at: string | Date) => dateTimeFormat.format(new Date(at))

/** A score in words: "12 (4 – Likely × 3 – Moderate): High", with its tag colour as a supplement. */
export function scoreView(likelihood: number | null, impact: number | null) {
  if (likelihood === null || impact === null) return null
  const value = likelihood * impact
  const rating = ratingFor(value)
  return { value, likelihood: likelihoodLabel(likelihood), impact: impactLabel(impact), rating: rating.label, tag: rating.tag }
}

export function boardName(model: StrategyReadModel, boardId: string | null): string | null {
  if (boardId === null) return null
  return model.find('body', boardId)?.title ?? boardId
}

export const boardHref = (model: StrategyReadModel, boardId: string | null) => {
  const body = boardId ? model.find('body', boardId) : undefined
  return body ? hrefFor(model, body) : null
}

/** A row of the log or the heat map's list. `today` is YYYY-MM-DD, so a past review date shows as overdue. */
export function riskRowView(model: StrategyReadModel, r: RiskRow, today: string) {
  return {
    id: r.id,
    href: riskHref(r.id),
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    organisationName: r.organisation_name,
    ownerRole: r.owner_role,
    board: boardName(model, r.current_board_id),
    inherent: scoreView(r.inherent_likelihood, r.inherent_impact),
    residual: scoreView(r.residual_likelihood, r.residual_impact),
    inherentScore: inherentScore(r),
    residualScore: residualScore(r),
    impact: impactLabel(r.residual_impact),
    reviewDate: formatDate(r.review_date),
    reviewOverdue: r.status !== 'closed' && r.review_date !== null && r.review_date < today,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    archived: r.archived_at !== null,
  }
}

export const mitigationStatusLabel = (s: string) => MITIGATION_STATUS_LABELS[s as MitigationStatus] ?? s

/** Today in London as YYYY-MM-DD. */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
