/**
 * The only way public outputs read indicator data: points and summaries with disclosure control
 * applied (disclosure.ts). Suppression is always worked out over every row of the indicators asked
 * for, every area and every version ever current, so what is hidden never depends on the query:
 * asking for one area hides exactly what asking for all of them would, and the data as it stood on
 * a date (as_of) hides whatever any other version hides of the same figure. A figure published
 * without its count but with a value and denominator that imply one is treated as having that
 * count. The reading is in disclosure.repository.ts; the rest is pure.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { ComparisonLabel, FORECAST_DEFAULT_POINTS } from '../stats/index.js'
import { finding } from '../indicators/summaries/findings.js'
import { ENGLAND, LONDON, type Summary } from '../indicators/summaries/summarise.js'
import { cellKey, checkThreshold, primarySuppression, suppress, type Cell, type Suppression } from './disclosure.js'
import { readAreaParents, readPoints, readSummaries, type PointRow } from './disclosure.repository.js'
import { onlyPublic } from './tiers.js'

export { SUPPRESSED_TEXT } from './disclosure.js'
export type { Suppression } from './disclosure.js'

export interface PublicPoint {
  indicatorId: string
  areaCode: string
  areaName: string
  periodKey: string
  periodLabel: string
  periodType: string
  sex: string
  age: string
  categoryType: string
  category: string
  value: number | null
  lower95: number | null
  upper95: number | null
  lower998: number | null
  upper998: number | null
  count: number | null
  denominator: number | null
  note: string | null
  source: string
  recordedAt: string
  /** When set, value, intervals and count are null (and a denominator below the threshold too). */
  suppressed: Suppression
}

export interface PublicSummaryRow {
  indicatorId: string
  areaCode: string
  areaName: string
  sex: string
  age: string
  categoryType: string
  category: string
  periodLabel: string
  /** Null when the latest point is suppressed. */
  summary: Summary | null
  /** Null when suppressed. */
  finding: string | null
  suppressed: Suppression
}

export interface PointQuery {
  indicatorIds?: string[]
  areaCodes?: string[]
  /** The data as it stood at this moment: rows recorded by then and not yet replaced by then. */
  asOf?: Date
}

// Visibility tiers (issue #16): public reads keep only public indicators and breakdowns (tiers.ts);
// the controlled* functions are every tier's figures, still disclosure controlled, for visibility.ts.
export async function publicPoints(db: Kysely<Database>, threshold: number, query: PointQuery): Promise<PublicPoint[]> {
  return onlyPublic(db, await controlledPoints(db, threshold, query))
}

export async function publicSummaries(
  db: Kysely<Database>,
  threshold: number,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PublicSummaryRow[]> {
  return onlyPublic(db, await controlledSummaries(db, threshold, query))
}
// (end of the visibility tiers' edit)

export async function controlledPoints(
  db: Kysely<Database>,
  threshold: number,
  query: PointQuery,
): Promise<PublicPoint[]> {
  checkThreshold(threshold)
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  const [rows, areaParents] = await Promise.all([readPoints(db, query), readAreaParents(db)])
  const suppression = suppressRows(rows, areaParents, threshold)
  const wanted = query.areaCodes ? new Set(query.areaCodes) : null
  const inView = servedAt(query.asOf)
  return rows.flatMap((row, i) =>
    !inView(row) || (wanted && !wanted.has(row.areaCode)) ? [] : [toPublicPoint(row, suppression[i]!, threshold)],
  )
}

/** Whether a version of a figure is in the data as it stands now, or as it stood at a moment. */
function servedAt(asOf: Date | undefined): (row: PointRow) => boolean {
  if (!asOf) return (row) => row.replacedAt === null
  const at = asOf.getTime()
  return (row) => row.recordedAt <= at && (row.replacedAt === null || row.replacedAt > at)
}

export async function controlledSummaries(
  db: Kysely<Database>,
  threshold: number,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PublicSummaryRow[]> {
  checkThreshold(threshold)
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  const [summaryRows, points, areaParents] = await Promise.all([
    readSummaries(db, query),
    readPoints(db, query),
    readAreaParents(db),
  ])
  const suppression = suppressRows(points, areaParents, threshold)
  const current = servedAt(undefined)
  const shown = points.flatMap((p, i) => (current(p) ? [{ point: p, suppressed: suppression[i]! }] : []))
  const index = suppressionIndex(
    shown.map((s) => s.point),
    shown.map((s) => s.suppressed),
  )
  return summaryRows.map((row) => {
    const base = {
      indicatorId: row.indicatorId,
      areaCode: row.areaCode,
      areaName: row.areaName,
      sex: row.sex,
      age: row.age,
      categoryType: row.categoryType,
      category: row.category,
      periodLabel: row.summary.latest.periodLabel,
    }
    const checked = checkSummary(row.summary, index, threshold)
    if (checked.suppressed) return { ...base, summary: null, finding: null, suppressed: checked.suppressed }
    const text = checked.changed
      ? finding(checked.summary, { indicatorName: row.indicatorName, unit: row.unit, areaName: row.areaName })
      : row.finding
    return { ...base, summary: checked.summary, finding: text, suppressed: null }
  })
}

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

function suppressRows(
  rows: PointRow[],
  areaParents: ReadonlyMap<string, string | null>,
  threshold: number,
): Suppression[] {
  const cells = rows.map((r) =>
    r.count === null ? { ...r, count: impliedCount(r.valueType, r.multiplier, r.value, r.denominator) } : r,
  )
  return suppress(cells, { threshold, areaParents })
}

function toPublicPoint(row: PointRow, suppressed: Suppression, threshold: number): PublicPoint {
  const hide = suppressed !== null
  return {
    indicatorId: row.indicatorId,
    areaCode: row.areaCode,
    areaName: row.areaName,
    periodKey: row.periodKey,
    periodLabel: row.periodLabel,
    periodType: row.periodType,
    sex: row.sex,
    age: row.age,
    categoryType: row.categoryType,
    category: row.category,
    value: hide ? null : row.value,
    lower95: hide ? null : row.lower95,
    upper95: hide ? null : row.upper95,
    lower998: hide ? null : row.lower998,
    upper998: hide ? null : row.upper998,
    count: hide ? null : row.count,
    denominator: hide && row.denominator !== null && row.denominator < threshold ? null : row.denominator,
    note: row.note,
    source: row.source,
    recordedAt: new Date(row.recordedAt).toISOString(),
    suppressed,
  }
}
