/**
 * The queries behind the public read layer (public-data.ts): every version of the indicators'
 * figures, their stored summaries, and the area hierarchy, as camelCase domain types.
 */
import type { Kysely } from 'kysely'
import { valueFormatOf, type ValueFormat } from '../indicators/value-format.js'
import type { Database } from '../../db/database.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import type { Cell } from './disclosure.js'
import { publicNote } from '../indicators/value-notes.js'
import { findIndicators } from '../indicators/indicators.repository.js'
import type { IndicatorMetadata } from '../indicators/indicator-metadata.schema.js'

/** A data point as read, before disclosure control: one version of a figure. */
export interface PointRow extends Cell {
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
 */
export async function readPoints(
  db: Kysely<Database>,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PointRow[]> {
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  let q = db
    .selectFrom('data_points as d')
    .innerJoin('areas as a', 'a.code', 'd.area_code')
    .select([
      'd.indicator_id',
      'd.area_code',
      'a.name as area_name',
      'd.period_key',
      'd.period_label',
      'd.period_type',
      'd.sex',
      'd.age',
      'd.category_type',
      'd.category',
      'd.value',
      'd.count',
      'd.denominator',
      'd.lower_95',
      'd.upper_95',
      'd.lower_998',
      'd.upper_998',
      'd.value_note',
      'd.source',
      'd.recorded_at',
      'd.replaced_at',
    ])
  if (query.indicatorIds) q = q.where('d.indicator_id', 'in', query.indicatorIds)
  const rows = await q
    .orderBy('d.indicator_id')
    .orderBy('d.area_code')
    .orderBy('d.period_key')
    .orderBy('d.sex')
    .orderBy('d.age')
    .orderBy('d.category_type')
    .orderBy('d.category')
    .orderBy('d.recorded_at')
    .execute()
  const metadata = await metadataOf(db, rows)
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    areaCode: r.area_code,
    areaName: r.area_name,
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
    // Notes for the analysts only (value-notes.ts) never leave the database through the public layer.
    note: publicNote(r.value_note),
    source: r.source,
    recordedAt: r.recorded_at.getTime(),
    replacedAt: r.replaced_at === null ? null : r.replaced_at.getTime(),
    ...countRule(metadata.get(r.indicator_id)),
  }))
}

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
