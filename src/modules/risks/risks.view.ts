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
import { formatDate } from '../../lib/dates.js'
import { inherentScore, residualScore, riskHref, type Risk, type RiskCreator } from './risks.service.js'

/** A score in words: "12 (4 – Likely × 3 – Moderate): High", with its tag colour as a supplement. */
export function scoreView(likelihood: number | null, impact: number | null) {
  if (likelihood === null || impact === null) return null
  const value = likelihood * impact
  const rating = ratingFor(value)
  return {
    value,
    likelihood: likelihoodLabel(likelihood),
    impact: impactLabel(impact),
    rating: rating.label,
    tag: rating.tag,
  }
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
export function riskRowView(model: StrategyReadModel, r: Risk, today: string) {
  return {
    id: r.id,
    href: riskHref(r.id),
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    organisationName: r.organisationName,
    ownerRole: r.ownerRole,
    board: boardName(model, r.currentBoardId),
    inherent: scoreView(r.inherentLikelihood, r.inherentImpact),
    residual: scoreView(r.residualLikelihood, r.residualImpact),
    inherentScore: inherentScore(r),
    residualScore: residualScore(r),
    impact: impactLabel(r.residualImpact),
    reviewDate: formatDate(r.reviewDate),
    reviewOverdue: r.status !== 'closed' && r.reviewDate !== null && r.reviewDate < today,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    archived: r.archivedAt !== null,
  }
}

export const mitigationStatusLabel = (s: string) => MITIGATION_STATUS_LABELS[s as MitigationStatus] ?? s

/**
 * Who logged a record, in words, from the audit trail's structured actor: a person's name, the
 * file an import read, or the command's user. An event older than the structured actor has only
 * its key, which is shown as it is.
 */
export function creatorLabel(creator: RiskCreator | undefined, fallbackKey: string): string {
  if (!creator) return fallbackKey
  if (creator.channel === null || creator.name === null) return creator.key
  return creator.channel === 'import' ? `an import of ${creator.name}` : creator.name
}
