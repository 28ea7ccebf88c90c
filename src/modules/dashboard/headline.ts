/**
 * The overview's headline: how the partnership is doing, in one sentence of counts, each count a
 * link to the list it counts; and the exceptions (worse and worsening) to show next. Pure: the
 * indicator rows (already past disclosure control), the overdue actions and the risks escalated to
 * the partnership's board in, words and links out.
 */
import type { IndicatorTableRow } from './indicator-table.js'

export interface HeadlineCount {
  count: number
  href: string
}

export interface Headline {
  withData: HeadlineCount
  worse: HeadlineCount
  worsening: HeadlineCount
  overdueActions: HeadlineCount
  /** Risks and issues escalated to the partnership's board and open there; the log is for partners. */
  escalatedRisks: HeadlineCount
  /** Indicators worse than England or getting worse: both first, then worse, then worsening. */
  exceptions: IndicatorTableRow[]
}

const isWorse = (r: IndicatorTableRow) => r.status === 'worse'
const isWorsening = (r: IndicatorTableRow) => r.trend === 'worsening'

/** How much of an exception a row is: 0 for worse and worsening, 1 for worse, 2 for worsening only. */
export function exceptionRank(r: IndicatorTableRow): number {
  if (isWorse(r) && isWorsening(r)) return 0
  return isWorse(r) ? 1 : 2
}

/** The worse and worsening rows, most urgent first, otherwise in the order given. */
export function exceptions(rows: readonly IndicatorTableRow[]): IndicatorTableRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => isWorse(r) || isWorsening(r))
    .sort((a, b) => exceptionRank(a.r) - exceptionRank(b.r) || a.i - b.i)
    .map(({ r }) => r)
}

export function headline(
  rows: readonly IndicatorTableRow[],
  overdueActions: number,
  escalated: { count: number; boardId: string },
): Headline {
  return {
    withData: { count: rows.filter((r) => r.status !== 'no-data').length, href: '/indicators' },
    worse: { count: rows.filter(isWorse).length, href: '/indicators?status=worse' },
    worsening: { count: rows.filter(isWorsening).length, href: '/indicators?trend=worsening' },
    overdueActions: { count: overdueActions, href: '/actions?overdue=yes' },
    escalatedRisks: { count: escalated.count, href: `/risks?board=${encodeURIComponent(escalated.boardId)}` },
    exceptions: exceptions(rows),
  }
}
