/**
 * The queries behind the public read layer (public-data.ts): every version of the indicators'
 * figures, their stored summaries, and the area hierarchy, as camelCase domain types.
 */
import { sql, type Kysely } from 'kysely'
import { valueFormatOf, type ValueFormat } from '../indicators/value-format.js'
import type { Database } from '../../db/database.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import type { Cell } from './disclosure.js'
import { publicNote } from '../indicators/value-notes.js'
import { findIndicators } from '../indicators/indicators.repository.js'
import type { IndicatorMetadata } from '../indicators/indicator-metadata.schema.js'

/** A data point as read, before disclosure control: one version of a figure. */
export interface PointRow extends Cell {
  /** The data point's id: this version of the figure. */
  id: string
  areaName: string
  periodLabel: string
  periodType: string
  value: number | null
  lower95: number | null
  upper95: number | null
  lower998: number | null
  upper998: number | null
  note: string | null
  source: string
  recordedAt: number
  replacedAt: number | null
  /** The indicator's value type and multiplier, to see a count a value and denominator imply. */
  valueType: string | null
  multiplier: number | null
}

/** A stored summary of one area and breakdown, with what its finding is written from. */
export interface SummaryRow {
  indicatorId: string
  indicatorName: string
  /** The indicator's unit and precision, as its values are written. */
  unit: ValueFormat
  areaCode: string
  areaName: string
  sex: string
  age: string
  categoryType: string
  category: string
  summary: Summary
  finding: string
}

/** The stored summaries of the indicators and areas asked for (all when not asked). */
export async function readSummaries(
  db: Kysely<Database>,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<SummaryRow[]> {
  let q = db
    .selectFrom('indicator_summaries as s')
    .innerJoin('areas as a', 'a.code', 's.area_code')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
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
      'i.name as indicator_name',
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
  const metadata = await metadataOf(db, rows)
  return rows.map((row) => ({
    indicatorId: row.indicator_id,
    indicatorName: row.indicator_name,
    unit: valueFormatOf(metadata.get(row.indicator_id) ?? {}),
    areaCode: row.area_code,
    areaName: row.area_name,
    sex: row.sex,
    age: row.age,
    categoryType: row.category_type,
    category: row.category,
    summary: (typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary) as Summary,
    finding: row.finding,
  }))
}

/** Every area's parent, for the area hierarchy (areas without figures included: a region between). */
export async function readAreaParents(db: Kysely<Database>): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('areas').select(['code', 'parent_code']).execute()
  return new Map(rows.map((r) => [r.code, r.parent_code]))
}

/**
 * Every version ever stored of the indicators asked for, in every area: the areas asked for share
 * groups with the rest of the hierarchy, and a version no longer current was served once (and still
 * is, as_of), so suppression is worked out over all of them. The caller keeps the ones it serves.
 *
 * Tens of thousands of rows of twenty columns each are read, and on the embedded engine most of
 * the time went into handing each value across one by one; so each indicator's rows come as one
 * JSON array (in the same order as before: area, period, breakdown, then when recorded), parsed
 * at once. Numbers cross as the database prints them (the shortest text that reads back exactly);
 * times as whole milliseconds, as a Date holds them.
 */
export async function readPoints(
  db: Kysely<Database>,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PointRow[]> {
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  const only = query.indicatorIds
    ? sql`where d.indicator_id in (${sql.join(query.indicatorIds.map((id) => sql`${id}`))})`
    : sql``
  const millis = (column: string) => sql`floor(extract(epoch from ${sql.ref(column)}) * 1000)::bigint`
  const { rows } = await sql<{ indicator_id: string; points: string }>`
      select d.indicator_id, '[' || string_agg(json_build_array(
          d.area_code, a.name, d.period_key, d.period_label, d.period_type, d.sex, d.age, d.category_type,
          d.category, d.value, d.count, d.denominator, d.lower_95, d.upper_95, d.lower_998, d.upper_998,
          d.value_note, d.source, ${millis('d.recorded_at')}, ${millis('d.replaced_at')}, d.id::text)::text, ','
        order by d.area_code, d.period_key, d.sex, d.age, d.category_type, d.category, d.recorded_at) || ']' as points
      from data_points d join areas a on a.code = d.area_code
      ${only}
      group by d.indicator_id
      order by d.indicator_id`.execute(db)
  const metadata = await metadataOf(db, rows)
  return rows.flatMap((r) => {
    const kind = countRule(metadata.get(r.indicator_id))
    return (JSON.parse(r.points) as PointTuple[]).map((t) => toPointRow(r.indicator_id, kind, t))
  })
}

type PointTuple = [
  string,
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
  number | null,
  string,
]

const toPointRow = (indicatorId: string, kind: ReturnType<typeof countRule>, t: PointTuple): PointRow => ({
  indicatorId,
  areaCode: t[0],
  areaName: t[1],
  periodKey: t[2],
  periodLabel: t[3],
  periodType: t[4],
  sex: t[5],
  age: t[6],
  categoryType: t[7],
  category: t[8],
  value: t[9],
  count: t[10],
  denominator: t[11],
  lower95: t[12],
  upper95: t[13],
  lower998: t[14],
  upper998: t[15],
  // Notes for the analysts only (value-notes.ts) never leave the database through the public layer.
  note: publicNote(t[16]),
  source: t[17],
  recordedAt: t[18],
  replacedAt: t[19],
  id: t[20],
  ...kind,
})

/** The metadata of the indicators these rows belong to, parsed by its schema in the indicators' repository. */
async function metadataOf(db: Kysely<Database>, rows: readonly { indicator_id: string }[]) {
  const ids = [...new Set(rows.map((r) => r.indicator_id))]
  return new Map((await findIndicators(db, ids)).map((i) => [i.id, i.metadata]))
}

/** What disclosure control needs of an indicator's metadata to see a count its figures imply. */
function countRule(meta: IndicatorMetadata | undefined) {
  const valueType = meta && meta.value_type !== 'tbc' ? meta.value_type : null
  return {
    complementary: valueType === 'proportion',
    valueType,
    multiplier: meta && meta.multiplier !== 'tbc' ? meta.multiplier : null,
  }
}
