/**
 * The pure parts of a strategy progress report: actions counted by status, the risk log summed
 * up, the contents list, the key, and the public version. Kept apart from the reads so each rule
 * is tested without a database.
 */
import { actionStatuses, statusLabel } from '../delivery/delivery.domain.js'
import { RATING_BANDS } from '../risks/risks.domain.js'
import type { RiskWithReasons } from './pack.build.js'
import { packKey } from './pack.key.js'
import type { ActionLine, KeyEntry, PackLink } from './pack.types.js'
import type { ReportContent, ReportKind, RiskSummary, StatusCount } from './report.types.js'

/** Every action status, in the delivery module's order, with how many actions have it (zeros kept). */
export function statusCounts(actions: readonly ActionLine[]): StatusCount[] {
  return actionStatuses.map((status) => ({
    status,
    label: statusLabel(status),
    count: actions.filter((a) => a.status === status).length,
  }))
}

/** The risk log in a few numbers: open, above appetite, new and closed in the period, by rating. */
export function riskSummary(risks: readonly RiskWithReasons[]): RiskSummary {
  const open = risks.filter((r) => r.line.status !== 'closed')
  return {
    total: risks.length,
    open: open.length,
    aboveAppetite: open.filter((r) => r.line.aboveAppetite).length,
    newInPeriod: risks.filter((r) => r.isNew).length,
    closedInPeriod: risks.filter((r) => r.closed).length,
    byRating: RATING_BANDS.map((b) => ({
      rating: b.label,
      count: open.filter(
        (r) => r.line.residualScore !== null && r.line.residualScore >= b.min && r.line.residualScore <= b.max,
      ).length,
    })),
  }
}

export const REPORT_TITLES: Record<ReportKind, string> = {
  hwb: 'Health and Wellbeing Board progress report',
  annual: 'Annual progress report',
}

export function reportContents(
  kind: ReportKind,
  c: Pick<ReportContent, 'outcomes' | 'priorities' | 'risks'>,
): PackLink[] {
  return [
    { text: 'How to read this report', href: '#key' },
    ...(kind === 'hwb' ? [{ text: 'Best Start in Life: the theme Best Chance delivers', href: '#theme' }] : []),
    ...c.outcomes.map((o) => ({ text: `Outcome: ${o.shortTitle}`, href: `#outcome-${o.id}` })),
    ...(c.priorities.length ? [{ text: 'System priorities', href: '#priorities' }] : []),
    { text: 'Delivery: actions by status', href: '#delivery' },
    ...(c.risks ? [{ text: 'Risks and issues: summary', href: '#risks' }] : []),
    { text: 'Across the life course: against London and England', href: '#life-course' },
  ]
}

/** The pack's key, less what a report never shows (turn-the-curve charts, escalations). */
export function reportKey(threshold: number, appetiteScore: number): KeyEntry[] {
  return packKey(threshold, appetiteScore).filter(
    (k) => !k.term.startsWith('Charts:') && !k.term.startsWith('Escalated'),
  )
}

/** The public version: the risk summary is for partners, as the risk log is. Figures passed disclosure control already. */
export function publicReport(content: ReportContent): ReportContent {
  return {
    ...content,
    audience: 'public',
    risks: null,
    contents: content.contents.filter((c) => c.href !== '#risks'),
  }
}
