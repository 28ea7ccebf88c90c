/**
 * "Since the last meeting": what changed in the figures between the data as it stood on the day of
 * the board's last meeting and as it stands for this pack. Pure: two sets of rows and points in,
 * the changes out. A revision is a figure the board could have seen then whose value has since
 * been replaced by an import; a suppressed figure is never compared (that would give it away).
 */
import type { PublicPoint } from '../disclosure/public-data.js'
import { breakdownKey } from '../dashboard/breakdown.js'
import { formatValue } from '../indicators/summaries/findings.js'
import { figure } from '../dashboard/indicator-page/page-context.js'
import { formatDate, londonDate } from '../../lib/dates.js'
import type { FigureChange, ScoreRow } from './pack.types.js'

/** A value as pages show it (one decimal place), so a revision no reader could see is no revision. */
const asShown = (v: number, unit: string) => formatValue(figure(v), unit)

const londonDay = (iso: string) => londonDate(new Date(iso))

/** New periods, and changed comparisons or trends, indicator by indicator. */
export function figureChanges(
  before: ReadonlyMap<string, ScoreRow>,
  now: readonly ScoreRow[],
): { newData: FigureChange[]; changed: FigureChange[] } {
  const newData: FigureChange[] = []
  const changed: FigureChange[] = []
  for (const row of now) {
    if (row.periodKey === null) continue
    const then = before.get(row.indicatorId)
    const base = { indicatorId: row.indicatorId, title: row.title, period: row.period ?? '' }
    if (!then || then.periodKey !== row.periodKey) {
      newData.push({
        ...base,
        change: 'New figure',
        before: then?.period ? `${then.valueText} (${then.period})` : null,
        after: row.valueText,
      })
      continue
    }
    if (row.suppressed || then.suppressed) continue
    if (then.englandComparison !== row.englandComparison) {
      changed.push({
        ...base,
        change: 'Comparison with England changed',
        before: then.englandComparison,
        after: row.englandComparison,
      })
    }
    if (then.londonComparison !== row.londonComparison) {
      changed.push({
        ...base,
        change: 'Comparison with London changed',
        before: then.londonComparison,
        after: row.londonComparison,
      })
    }
    if (then.trendLabel !== row.trendLabel)
      changed.push({ ...base, change: 'Recent trend changed', before: then.trendLabel, after: row.trendLabel })
  }
  return { newData, changed }
}

const pointKey = (p: PublicPoint) => `${p.indicatorId}|${p.areaCode}|${p.periodKey}|${breakdownKey(p)}`

/**
 * Figures of the area that stood at one value on `sinceDay` and stand at another now: "reported
 * 12.3 by 12 March; revised to 12.9 on 2 June". Only the breakdowns the scorecard shows.
 */
export function revisions(
  then: readonly PublicPoint[],
  now: readonly PublicPoint[],
  rows: readonly ScoreRow[],
  areaCode: string,
  sinceDay: string,
): FigureChange[] {
  const shown = new Map(rows.filter((r) => r.breakdownKey !== null).map((r) => [r.indicatorId, r]))
  const old = new Map(then.filter((p) => p.areaCode === areaCode).map((p) => [pointKey(p), p]))
  const out: FigureChange[] = []
  for (const p of now) {
    const row = shown.get(p.indicatorId)
    if (p.areaCode !== areaCode || !row || breakdownKey(p) !== row.breakdownKey) continue
    const was = old.get(pointKey(p))
    if (!was || was.value === null || p.value === null || was.suppressed || p.suppressed) continue
    const [a, b] = [asShown(was.value, row.unit), asShown(p.value, row.unit)]
    if (a === b) continue
    out.push({
      indicatorId: p.indicatorId,
      title: row.title,
      period: p.periodLabel,
      change: 'Revised',
      before: `${a}, as it stood on ${formatDate(sinceDay)}`,
      after: `${b}, revised on ${formatDate(londonDay(p.recordedAt))}`,
    })
  }
  return out.sort((x, y) => x.title.localeCompare(y.title) || x.period.localeCompare(y.period))
}

/** A frozen figure against the figure now held for the same period and breakdown, or null when unchanged. */
export function revisionOf(
  row: ScoreRow,
  current: readonly PublicPoint[],
  areaCode: string,
  reportedOn: string,
): string | null {
  if (row.value === null || row.periodKey === null || row.breakdownKey === null) return null
  const now = current.find(
    (p) =>
      p.indicatorId === row.indicatorId &&
      p.areaCode === areaCode &&
      p.periodKey === row.periodKey &&
      breakdownKey(p) === row.breakdownKey,
  )
  if (!now || now.value === null || now.suppressed) return null
  const [a, b] = [asShown(row.value, row.unit), asShown(now.value, row.unit)]
  if (a === b) return null
  return `Reported ${a} on ${formatDate(reportedOn)}; revised to ${b} on ${formatDate(londonDay(now.recordedAt))}`
}
