/**
 * The public read layer's queries (public-data.ts): only the rows asked for (by indicator, area and
 * the moment they stood at), each with its stored disclosure decision at the threshold asked for
 * (decisions.ts made it: a row without one is shown as stored). Through the indexes on
 * (indicator, area, ...) of data_points and indicator_summaries and the decision tables' keys.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import { publicNote } from '../indicators/value-notes.js'
import type { Suppression } from './disclosure.js'

export interface ServedQuery {
  indicatorIds?: string[]
  areaCodes?: string[]
  asOf?: Date
}

/** A version of a figure as served, with its stored suppression (applied by the caller). */
export interface ServedPointRow {
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
  count: number | null
  denominator: number | null
  lower95: number | null
  upper95: number | null
  lower998: number | null
  upper998: number | null
  note: string | null
  source: string
  recordedAt: number
  suppressed: Suppression
}

const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql`${v}`))})`

/**
 * The versions served now (current) or at a moment (recorded by then, not yet replaced by then,
 * to the millisecond as a Date holds them). Each indicator's rows come as one JSON array, ordered
 * by area, period, breakdown and when recorded: on the embedded engine, handing rows across one
 * value at a time was most of the time.
 */
export async function readServedPoints(
  db: Kysely<Database>,
  threshold: number,
  query: ServedQuery,
): Promise<ServedPointRow[]> {
  const at = query.asOf ? sql`${query.asOf.toISOString()}::timestamptz` : null
  const filters = [
    query.indicatorIds ? inList('d.indicator_id', query.indicatorIds) : null,
    query.areaCodes ? inList('d.area_code', query.areaCodes) : null,
    at
      ? sql`date_trunc('milliseconds', d.recorded_at) <= ${at} and (d.replaced_at is null or date_trunc('milliseconds', d.replaced_at) > ${at})`
      : sql`d.replaced_at is null`,
  ].filter((f) => f !== null)
  const { rows } = await sql<{ indicator_id: string; points: string }>`
      select d.indicator_id, '[' || string_agg(json_build_array(
          d.area_code, d.period_key, d.period_label, d.period_type, d.sex, d.age, d.category_type,
          d.category, d.value, d.count, d.denominator, d.lower_95, d.upper_95, d.lower_998, d.upper_998,
          d.value_note, d.source, floor(extract(epoch from d.recorded_at) * 1000)::bigint, ps.suppressed)::text, ','
        order by d.area_code, d.period_key, d.sex, d.age, d.category_type, d.category, d.recorded_at) || ']' as points
      from data_points d
      left join point_suppression ps on ps.data_point_id = d.id and ps.threshold = ${threshold}
      where ${sql.join(filters, sql` and `)}
      group by d.indicator_id
      order by d.indicator_id`.execute(db)
  const tuples = rows.map((r) => ({ indicatorId: r.indicator_id, points: JSON.parse(r.points) as ServedTuple[] }))
  // Area names by a second, small query: joined per row, the planner (no statistics on a freshly
  // loaded embedded database) looked each row's area up one at a time.
  const names = await areaNamesOf(db, [...new Set(tuples.flatMap((r) => r.points.map((t) => t[0])))])
  return tuples.flatMap((r) => r.points.map((t) => toServedPoint(r.indicatorId, names.get(t[0]) ?? t[0], t)))
}

async function areaNamesOf(db: Kysely<Database>, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map()
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute()
  return new Map(rows.map((r) => [r.code, r.name]))
}

type ServedTuple = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  string | null,
  string,
  number,
  Suppression,
]

const toServedPoint = (indicatorId: string, areaName: string, t: ServedTuple): ServedPointRow => ({
  indicatorId,
  areaCode: t[0],
  areaName,
  periodKey: t[1],
  periodLabel: t[2],
  periodType: t[3],
  sex: t[4],
  age: t[5],
  categoryType: t[6],
  category: t[7],
  value: t[8],
  count: t[9],
  denominator: t[10],
  lower95: t[11],
  upper95: t[12],
  lower998: t[13],
  upper998: t[14],
  // Notes for the analysts only (value-notes.ts) never leave the database through the public layer.
  note: publicNote(t[15]),
  source: t[16],
  recordedAt: t[17],
  suppressed: t[18],
})

/** A stored summary with what disclosure control decided of it at the threshold asked for. */
export interface ServedSummaryRow {
  indicatorId: string
  areaCode: string
  areaName: string
  sex: string
  age: string
  categoryType: string
  category: string
  summary: Summary
  finding: string
  suppressed: Suppression
  /** The summary with what a hidden figure fed blanked, and its finding written again; null when unchanged. */
  checked: { summary: Summary; finding: string } | null
}

const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T

export async function readServedSummaries(
  db: Kysely<Database>,
  threshold: number,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<ServedSummaryRow[]> {
  let q = db
    .selectFrom('indicator_summaries as s')
    .innerJoin('areas as a', 'a.code', 's.area_code')
    .leftJoin('summary_disclosure as c', (join) =>
      join
        .onRef('c.indicator_id', '=', 's.indicator_id')
        .onRef('c.area_code', '=', 's.area_code')
        .onRef('c.sex', '=', 's.sex')
        .onRef('c.age', '=', 's.age')
        .onRef('c.category_type', '=', 's.category_type')
        .onRef('c.category', '=', 's.category')
        .on('c.threshold', '=', threshold),
    )
    .select([
      's.indicator_id',
      's.area_code',
      'a.name as area_name',
      's.sex',
      's.age',
      's.category_type',
      's.category',
      's.summary',
      's.finding',
      'c.suppressed',
      'c.summary as checked_summary',
      'c.finding as checked_finding',
    ])
  if (query.indicatorIds) q = q.where('s.indicator_id', 'in', query.indicatorIds)
  if (query.areaCodes) q = q.where('s.area_code', 'in', query.areaCodes)
  const rows = await q
    .orderBy('s.indicator_id')
    .orderBy('s.area_code')
    .orderBy('s.sex')
    .orderBy('s.age')
    .orderBy('s.category_type')
    .orderBy('s.category')
    .execute()
  return rows.map((row) => ({
    indicatorId: row.indicator_id,
    areaCode: row.area_code,
    areaName: row.area_name,
    sex: row.sex,
    age: row.age,
    categoryType: row.category_type,
    category: row.category,
    summary: parsed<Summary>(row.summary),
    finding: row.finding,
    suppressed: row.suppressed ?? null,
    checked:
      row.checked_summary !== null && row.checked_finding !== null
        ? { summary: parsed<Summary>(row.checked_summary), finding: row.checked_finding }
        : null,
  }))
}
