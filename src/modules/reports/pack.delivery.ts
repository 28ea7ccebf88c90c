/**
 * The actions and risks a board's pack covers, as lines of the pack. Which are in scope and how
 * each reads is pure; the reads come from the delivery and risks modules' own functions, with
 * their words for status and their rules for overdue, stale and rating.
 *
 * An action is in scope when it is in the delivery plan of an outcome in scope (or serves one of
 * its intentions), aims to move an indicator in scope, or arose at a meeting of a body in scope.
 * A risk is in scope when it sits at a body in scope, was ever escalated to this board, or is
 * linked to an outcome or indicator in scope.
 */
import { isClosed, isOverdue, isStale, statusLabel, weeksSinceUpdate } from '../delivery/delivery.domain.js'
import type { ActionRecord } from '../delivery/delivery.repository.js'
import { formatDate, londonDate } from '../../lib/dates.js'
import { RATING_BANDS, STATUS_LABELS, ratingFor, type Status } from '../risks/risks.domain.js'
import { residualScore, riskHref, type EscalationView, type Risk } from '../risks/risks.service.js'
import type { LatestUpdate } from './reports.repository.js'
import type { ActionLine, RiskLine } from './pack.types.js'

export interface ActionScope {
  outcomeIds: ReadonlySet<string>
  /** Intentions' outcomes, by intention id. */
  intentionOutcome: ReadonlyMap<string, string>
  indicatorIds: ReadonlySet<string>
  meetingIds: ReadonlySet<string>
}

export function actionInScope(a: ActionRecord, indicatorIds: readonly string[], scope: ActionScope): boolean {
  if (a.deliveryPlan && scope.outcomeIds.has(a.deliveryPlan)) return true
  const outcome = a.intentionId ? scope.intentionOutcome.get(a.intentionId) : undefined
  if (outcome && scope.outcomeIds.has(outcome)) return true
  if (indicatorIds.some((id) => scope.indicatorIds.has(id))) return true
  const meeting = /^meeting:(\d+)$/.exec(a.origin ?? '')?.[1]
  return meeting !== undefined && scope.meetingIds.has(meeting)
}

export function actionLine(a: ActionRecord, asOf: string, update: LatestUpdate | undefined): ActionLine {
  return {
    id: a.id,
    reference: a.reference,
    title: a.title,
    href: `/actions/${a.id}`,
    owner: `${a.leadRole}, ${a.organisationName}`,
    due: a.dueDate,
    status: a.status,
    statusLabel: statusLabel(a.status),
    overdue: isOverdue(a, asOf),
    stale: isStale({ ...a, lastUpdateDate: update?.updateDate ?? null }, asOf),
    weeksSinceUpdate: weeksSinceUpdate({ ...a, lastUpdateDate: update?.updateDate ?? null }, asOf),
    lastUpdate: update?.updateDate ?? null,
    lastCommentary: update?.commentary ?? null,
  }
}

/** Why an action is an exception, in words; none when it is not. */
export function actionReasons(a: ActionLine): string[] {
  if (isClosed(a.status)) return []
  return [
    a.status === 'off_track' ? 'Off track' : null,
    a.overdue && a.due ? `Overdue: it was due on ${formatDate(a.due)}` : null,
    a.stale ? `No progress update for ${a.weeksSinceUpdate} weeks` : null,
  ].filter((r): r is string => r !== null)
}

/**
 * The board's risk appetite. The strategy does not set one, so the log's own bands draw the line:
 * a risk rated High or Very high (a residual score above the Medium band) is above appetite.
 */
export function riskAppetite(): { score: number; words: string } {
  const medium = RATING_BANDS.find((b) => b.id === 'medium')!
  return {
    score: medium.max,
    words: `The strategy sets no risk appetite for this board, so the pack uses the risk log’s own bands: a risk whose residual score is above ${medium.max} (rated High or Very high) is above appetite.`,
  }
}

export interface RiskFacts {
  row: Risk
  escalations: EscalationView[]
  links: { outcomes: string[]; indicators: string[] }
}

export function riskInScope(
  f: RiskFacts,
  boardId: string,
  boardIds: ReadonlySet<string>,
  outcomeIds: ReadonlySet<string>,
  indicatorIds: ReadonlySet<string>,
): boolean {
  return (
    (f.row.currentBoardId !== null && boardIds.has(f.row.currentBoardId)) ||
    f.escalations.some((e) => e.toBoardId === boardId) ||
    f.links.outcomes.some((id) => outcomeIds.has(id)) ||
    f.links.indicators.some((id) => indicatorIds.has(id))
  )
}

const londonDay = (at: Date | string) => londonDate(new Date(at))

export function riskLine(
  f: RiskFacts,
  boardId: string,
  boardNames: ReadonlyMap<string, string>,
  appetite: number,
): RiskLine {
  const r = f.row
  const score = residualScore(r)
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    href: riskHref(r.id),
    owner: `${r.ownerRole}, ${r.organisationName}`,
    residualScore: score,
    rating: score === null ? 'Issue (not scored)' : ratingFor(score).label,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    board: r.currentBoardId ? (boardNames.get(r.currentBoardId) ?? r.currentBoardId) : null,
    createdOn: londonDay(r.createdAt),
    lastUpdated: londonDay(r.updatedAt),
    escalatedHere: f.escalations.some((e) => e.toBoardId === boardId),
    aboveAppetite: r.kind === 'risk' && r.status !== 'closed' && score !== null && score > appetite,
  }
}

/** Whether a risk changed state between two days: created in the window, or closed in it. */
export function riskWindow(f: RiskFacts, since: string | null, until: string): { isNew: boolean; closed: boolean } {
  const created = londonDay(f.row.createdAt)
  const updated = londonDay(f.row.updatedAt)
  const inWindow = (day: string) => (since === null || day > since) && day <= until
  return {
    isNew: since !== null && inWindow(created),
    closed: since !== null && f.row.status === 'closed' && inWindow(updated),
  }
}

/** Why a risk is an exception, in words; none when it is not. */
export function riskReasons(
  line: RiskLine,
  f: RiskFacts,
  window: { isNew: boolean; closed: boolean },
  boardId: string,
): string[] {
  const escalation = [...f.escalations].reverse().find((e) => e.toBoardId === boardId)
  return [
    line.aboveAppetite ? `Above the board’s appetite: residual score ${line.residualScore} (${line.rating})` : null,
    escalation && line.status !== 'closed'
      ? `Escalated to this board from ${escalation.from} on ${formatDate(londonDay(escalation.at))}`
      : null,
    window.isNew ? 'New since the last meeting' : null,
    window.closed ? 'Closed since the last meeting' : null,
  ].filter((x): x is string => x !== null)
}
