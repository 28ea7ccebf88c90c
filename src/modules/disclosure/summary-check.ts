/**
 * Disclosure control's pure steps over read rows, used when a decision is made (decisions.ts):
 * each version's suppression from every row of an indicator, and a stored summary checked against
 * the suppressed points. Re-exported by public-data.ts, where they were first written.
 */
import { ComparisonLabel, FORECAST_DEFAULT_POINTS } from '../stats/index.js'
import { ENGLAND, LONDON, type Summary } from '../indicators/summaries/summarise.js'
import { cellKey, primarySuppression, suppress, type Cell, type Suppression } from './disclosure.js'
import type { PointRow } from './disclosure.repository.js'

/** What a summary needs to know of the suppressed points: each point's, and each series' history. */
export interface SuppressionIndex {
  /** A point's suppression, by its cell key; undefined when there is no such point. */
  at(key: string): Suppression | undefined
  /** The series' points with values, oldest first. */
  series(key: string): { periodKey: string; suppressed: Suppression }[]
}

export function suppressionIndex(
  points: readonly (Cell & { value: number | null })[],
  suppression: readonly Suppression[],
): SuppressionIndex {
  const byKey = new Map<string, Suppression>()
  const bySeries = new Map<string, { periodKey: string; suppressed: Suppression }[]>()
  points.forEach((p, i) => {
    byKey.set(cellKey(p), suppression[i]!)
    if (p.value === null) return
    const k = seriesKey(p)
    const list = bySeries.get(k)
    const entry = { periodKey: p.periodKey, suppressed: suppression[i]! }
    if (list) list.push(entry)
    else bySeries.set(k, [entry])
  })
  for (const list of bySeries.values())
    list.sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0))
  return { at: (key) => byKey.get(key), series: (key) => bySeries.get(key) ?? [] }
}

const seriesKey = (c: Omit<Cell, 'count' | 'denominator' | 'periodKey'>) =>
  [c.indicatorId, c.areaCode, c.sex, c.age, c.categoryType, c.category].join('|')

/**
 * A stored summary against the suppressed points. Suppressed when its latest point is (or, if that
 * point is not found, when the summary's own count fails the primary rule). Otherwise, whatever
 * was worked out from a suppressed point goes: the gap with everyone in the area when the total is
 * suppressed, a benchmark value (and its comparison) when England's or London's point is, and the
 * projection when a point it was fitted to is (the fitted line and the points shown would give the
 * missing one back). Ranks stay: they reveal an order among areas, not a count. The trend and the
 * progress against a target stay too: labels, not figures. The finding is written again from what
 * is left, since it quotes the gap and the comparisons.
 */
export function checkSummary(
  summary: Summary,
  index: SuppressionIndex,
  threshold: number,
): { suppressed: Suppression; summary: Summary; changed: boolean } {
  const at = (over: Partial<Cell>) => index.at(cellKey({ ...summary, periodKey: summary.latest.periodKey, ...over }))
  const own = at({}) ?? primarySuppression(summary.latest, threshold)
  if (own) return { suppressed: own, summary, changed: false }

  let changed = false
  const out: Summary = { ...summary }
  if (summary.gap && summary.categoryType && at({ categoryType: '', category: '' })) {
    out.gap = null
    changed = true
  }
  for (const [field, code] of [
    ['england', ENGLAND],
    ['london', LONDON],
  ] as const) {
    if (summary[field].value !== null && at({ areaCode: code })) {
      out[field] = { value: null, comparison: ComparisonLabel.notCompared }
      changed = true
    }
  }
  if (summary.projection) {
    const fitted = index
      .series(seriesKey(summary))
      .filter((p) => p.periodKey <= summary.latest.periodKey)
      .slice(-FORECAST_DEFAULT_POINTS)
    if (fitted.some((p) => p.suppressed !== null)) {
      out.projection = null
      changed = true
    }
  }
  return { suppressed: null, summary: out, changed }
}

/**
 * A count a figure gives away without stating it: a proportion or crude rate with its denominator
 * is count = value × denominator / multiplier. Used for disclosure control only, never published.
 */
export function impliedCount(
  valueType: string | null,
  multiplier: number | null,
  value: number | null,
  denominator: number | null,
): number | null {
  if (
    value === null ||
    denominator === null ||
    !multiplier ||
    (valueType !== 'proportion' && valueType !== 'crude_rate')
  )
    return null
  return Math.round((value * denominator) / multiplier)
}

export function suppressRows(
  rows: PointRow[],
  areaParents: ReadonlyMap<string, string | null>,
  threshold: number,
): Suppression[] {
  const cells = rows.map((r) =>
    r.count === null ? { ...r, count: impliedCount(r.valueType, r.multiplier, r.value, r.denominator) } : r,
  )
  return suppress(cells, { threshold, areaParents })
}
