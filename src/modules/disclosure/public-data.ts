/**
 * The only way public outputs read indicator data: points and summaries with disclosure control
 * applied (disclosure.ts). Suppression is always worked out over every row that could take part
 * in a partition with the rows asked for, so what is hidden never depends on the query: asking
 * for one area hides exactly what asking for all of them would. A figure published without its
 * count but with a value and denominator that imply one is treated as having that count. One query
 * reads the points, one the summaries; the rest is pure.
 */
import { publicNote } from '../indicators/value-notes.js'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { ComparisonLabel, FORECAST_DEFAULT_POINTS } from '../stats/index.js'
import { finding } from '../indicators/summaries/findings.js'
import { ENGLAND, LONDON, type Summary } from '../indicators/summaries/summarise.js'
import { ADDITIVE_PARENTS, cellKey, checkThreshold, primarySuppression, suppress, type Cell, type Suppression } from './disclosure.js'

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

/** A data point as read, before disclosure control. */
interface PointRow extends Cell {
  areaName: string
  parentCode: string | null
  periodLabel: string
  periodType: string
  value: number | null
  lower95: number | null
  upper95: number | null
  lower998: number | null
  upper998: number | null
  note: string | null
  source: string
  recordedAt: Date
  /** The indicator's value type and multiplier, to see a count a value and denominator imply. */
  valueType: string | null
  multiplier: number | null
}

export async function publicPoints(db: Kysely<Database>, threshold: number, query: PointQuery): Promise<PublicPoint[]> {
  checkThreshold(threshold)
  const rows = await readPoints(db, query)
  const suppression = suppressRows(rows, threshold)
  const wanted = query.areaCodes ? new Set(query.areaCodes) : null
  return rows.flatMap((row, i) => (wanted && !wanted.has(row.areaCode) ? [] : [toPublicPoint(row, suppression[i]!, threshold)]))
}

export async function publicSummaries(
  db: Kysely<Database>,
  threshold: number,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PublicSummaryRow[]> {
  checkThreshold(threshold)
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  let q = db
    .selectFrom('indicator_summaries as s')
    .innerJoin('areas as a', 'a.code', 's.area_code')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select(['s.indicator_id', 's.area_code', 'a.name as area_name', 's.sex', 's.age', 's.category_type', 's.category', 's.summary', 's.finding', 'i.name as indicator_name', 'i.metadata'])
  if (query.indicatorIds) q = q.where('s.indicator_id', 'in', query.indicatorIds)
  if (query.areaCodes) q = q.where('s.area_code', 'in', query.areaCodes)
  const [summaryRows, points] = await Promise.all([
    q.orderBy('s.indicator_id').orderBy('s.area_code').orderBy('s.sex').orderBy('s.age').orderBy('s.category_type').orderBy('s.category').execute(),
    readPoints(db, query),
  ])
  const index = suppressionIndex(points, suppressRows(points, threshold))
  return summaryRows.map((row) => {
    const summary = (typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary) as Summary
    const meta = (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as { unit?: unknown }
    const base = {
      indicatorId: row.indicator_id,
      areaCode: row.area_code,
      areaName: row.area_name,
      sex: row.sex,
      age: row.age,
      categoryType: row.category_type,
      category: row.category,
      periodLabel: summary.latest.periodLabel,
    }
    const checked = checkSummary(summary, index, threshold)
    if (checked.suppressed) return { ...base, summary: null, finding: null, suppressed: checked.suppressed }
    const text = checked.changed
      ? finding(checked.summary, { indicatorName: row.indicator_name, unit: String(meta.unit ?? ''), areaName: row.area_name })
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

export function suppressionIndex(points: readonly (Cell & { value: number | null })[], suppression: readonly Suppression[]): SuppressionIndex {
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
  for (const list of bySeries.values()) list.sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0))
  return { at: (key) => byKey.get(key), series: (key) => bySeries.get(key) ?? [] }
}

const seriesKey = (c: Omit<Cell, 'count' | 'denominator' | 'periodKey'>) => [c.indicatorId, c.areaCode, c.sex, c.age, c.categoryType, c.category].join('|')

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
export function checkSummary(summary: Summary, index: SuppressionIndex, threshold: number): { suppressed: Suppression; summary: Summary; changed: boolean } {
  const at = (over: Partial<Cell>) => index.at(cellKey({ ...summary, periodKey: summary.latest.periodKey, ...over }))
  const own = at({}) ?? primarySuppression(summary.latest, threshold)
  if (own) return { suppressed: own, summary, changed: false }

  let changed = false
  const out: Summary = { ...summary }
  if (summary.gap && summary.categoryType && at({ categoryType: '', category: '' })) {
    out.gap = null
    changed = true
  }
  for (const [field, code] of [['england', ENGLAND], ['london', LONDON]] as const) {
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
export function impliedCount(valueType: string | null, multiplier: number | null, value: number | null, denominator: number | null): number | null {
  if (value === null || denominator === null || !multiplier || (valueType !== 'proportion' && valueType !== 'crude_rate')) return null
  return Math.round((value * denominator) / multiplier)
}

function suppressRows(rows: PointRow[], threshold: number): Suppression[] {
  const areaParents = new Map(rows.map((r) => [r.areaCode, r.parentCode]))
  const cells = rows.map((r) => (r.count === null ? { ...r, count: impliedCount(r.valueType, r.multiplier, r.value, r.denominator) } : r))
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
    recordedAt: row.recordedAt.toISOString(),
    suppressed,
  }
}

/**
 * The points of the indicators asked for. With areas asked for, the rows read are those areas' and
 * every area of the additive hierarchy (England, its regions, London, its boroughs): the only rows
 * that share a partition with another area's, so suppression comes out as if every area were read.
 */
async function readPoints(db: Kysely<Database>, query: PointQuery): Promise<PointRow[]> {
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  let q = db
    .selectFrom('data_points as d')
    .innerJoin('areas as a', 'a.code', 'd.area_code')
    .innerJoin('indicators as i', 'i.id', 'd.indicator_id')
    .select(sql<string | null>`i.metadata->>'value_type'`.as('value_type'))
    .select(sql<string | null>`i.metadata->>'multiplier'`.as('multiplier'))
    .select([
      'd.indicator_id', 'd.area_code', 'a.name as area_name', 'a.parent_code', 'd.period_key', 'd.period_label', 'd.period_type',
      'd.sex', 'd.age', 'd.category_type', 'd.category', 'd.value', 'd.count', 'd.denominator',
      'd.lower_95', 'd.upper_95', 'd.lower_998', 'd.upper_998', 'd.value_note', 'd.source', 'd.recorded_at',
    ])
  if (query.indicatorIds) q = q.where('d.indicator_id', 'in', query.indicatorIds)
  if (query.areaCodes) {
    const areaCodes = query.areaCodes
    q = q.where((eb) => eb.or([eb('d.area_code', 'in', [...areaCodes, ...ADDITIVE_PARENTS]), eb('a.parent_code', 'in', [...ADDITIVE_PARENTS])]))
  }
  if (query.asOf) {
    const at = query.asOf
    q = q.where('d.recorded_at', '<=', at).where((eb) => eb.or([eb('d.replaced_at', 'is', null), eb('d.replaced_at', '>', at)]))
  } else {
    q = q.where('d.replaced_at', 'is', null)
  }
  const rows = await q
    .orderBy('d.indicator_id')
    .orderBy('d.area_code')
    .orderBy('d.period_key')
    .orderBy('d.sex')
    .orderBy('d.age')
    .orderBy('d.category_type')
    .orderBy('d.category')
    .execute()
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    areaCode: r.area_code,
    areaName: r.area_name,
    parentCode: r.parent_code,
    periodKey: r.period_key,
    periodLabel: r.period_label,
    periodType: r.period_type,
    sex: r.sex,
    age: r.age,
    categoryType: r.category_type,
    category: r.category,
    value: r.value,
    count: r.count,
    denominator: r.denominator,
    lower95: r.lower_95,
    upper95: r.upper_95,
    lower998: r.lower_998,
    upper998: r.upper_998,
    note: publicNote(r.value_note),
    source: r.source,
    recordedAt: r.recorded_at,
    valueType: r.value_type,
    multiplier: r.multiplier !== null && Number.isFinite(Number(r.multiplier)) ? Number(r.multiplier) : null,
  }))
}
