/** What open data reads besides the public data itself: indicator metadata, areas, and counts for the page. */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import {
  currentIndicators,
  findIndicators as findIndicatorRecords,
  type IndicatorRecord,
} from '../indicators/indicators.repository.js'

/** The indicators the metadata files still have (these ones, when asked), by id. */
export async function findIndicators(db: Kysely<Database>, ids?: string[]): Promise<IndicatorRecord[]> {
  if (!ids) return currentIndicators(db)
  const records = await findIndicatorRecords(db, ids)
  return records.filter((r) => !r.archived).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export async function findAreas(db: Kysely<Database>, codes?: string[]) {
  if (codes?.length === 0) return []
  let q = db.selectFrom('areas').select([
    'code',
    'name',
    'type',
    'parent_code',
    // Dates as written, not as a Date at some time zone's midnight.
    'valid_from',
    'valid_to',
    'source',
  ])
  if (codes) q = q.where('code', 'in', codes)
  return q.orderBy('code').execute()
}

/** The ids asked for that are not known, so a typo gets a 404 rather than an empty answer. */
export async function unknownIds(db: Kysely<Database>, query: { indicatorIds?: string[]; areaCodes?: string[] }) {
  const [indicators, areas] = await Promise.all([
    findIndicators(db, query.indicatorIds),
    findAreas(db, query.areaCodes),
  ])
  const knownIndicators = new Set(indicators.map((i) => i.id))
  const knownAreas = new Set(areas.map((a) => a.code))
  return {
    indicators: (query.indicatorIds ?? []).filter((id) => !knownIndicators.has(id)),
    areas: (query.areaCodes ?? []).filter((code) => !knownAreas.has(code)),
  }
}

/** For the open data page: how much there is (current rows), by indicator, and when it last changed. */
export async function dataOverview(db: Kysely<Database>) {
  const [byIndicator, totals, version] = await Promise.all([
    db
      .selectFrom('data_points as d')
      .innerJoin('indicators as i', 'i.id', 'd.indicator_id')
      .where('d.replaced_at', 'is', null)
      .select([
        'd.indicator_id',
        'i.name',
        sql<number>`count(*)::integer`.as('figures'),
        sql<number>`count(distinct d.area_code)::integer`.as('areas'),
      ])
      .groupBy(['d.indicator_id', 'i.name'])
      .orderBy('i.name')
      .execute(),
    db
      .selectFrom('data_points')
      .where('replaced_at', 'is', null)
      .select([
        sql<number>`count(*)::integer`.as('figures'),
        sql<number>`count(distinct area_code)::integer`.as('areas'),
      ])
      .executeTakeFirstOrThrow(),
    db.selectFrom('data_version').select(['version', 'changed_at']).where('id', '=', 1).executeTakeFirstOrThrow(),
  ])
  return { byIndicator, totals, version: String(version.version), changedAt: new Date(version.changed_at) }
}
