/** The sources module's reads: every indicator, those with a Fingertips id, and when figures were loaded. */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export async function allIndicators(db: Kysely<Database>) {
  return db
    .selectFrom('indicators')
    .select(['id', 'name', 'in_framework'])
    .where('archived_at', 'is', null)
    .orderBy('source_file')
    .orderBy('id')
    .execute()
}

/** When each indicator's current figures for the area were last recorded. */
export async function lastLoaded(db: Kysely<Database>, areaCode: string): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('data_points')
    .select(['indicator_id', sql<Date>`max(recorded_at)`.as('loaded')])
    .where('area_code', '=', areaCode)
    .where('replaced_at', 'is', null)
    .groupBy('indicator_id')
    .execute()
  return new Map(rows.map((r) => [r.indicator_id, new Date(r.loaded)]))
}

/** The indicators whose metadata gives a Fingertips id. */
export async function fingertipsIndicators(db: Kysely<Database>): Promise<{ id: string; fingertips_id: number }[]> {
  const rows = await db
    .selectFrom('indicators')
    .select(['id', 'fingertips_id'])
    .where('fingertips_id', 'is not', null)
    .where('archived_at', 'is', null)
    .execute()
  return rows.map((r) => ({ id: r.id, fingertips_id: Number(r.fingertips_id) }))
}

/** When an indicator's current figures for the area were last recorded; null when it has none. */
export async function lastLoadedFor(db: Kysely<Database>, indicatorId: string, areaCode: string): Promise<Date | null> {
  const row = await db
    .selectFrom('data_points')
    .select(sql<Date | null>`max(recorded_at)`.as('loaded'))
    .where('indicator_id', '=', indicatorId)
    .where('area_code', '=', areaCode)
    .where('replaced_at', 'is', null)
    .executeTakeFirst()
  return row?.loaded ? new Date(row.loaded) : null
}

/** The current figures of these indicators whose source is not the publication named (its text begins the source). */
export async function currentFiguresFromOtherSources(
  db: Kysely<Database>,
  indicatorIds: readonly string[],
  publication: string,
): Promise<
  {
    indicatorId: string
    areaCode: string
    periodKey: string
    sex: string
    age: string
    categoryType: string
    category: string
  }[]
> {
  if (!indicatorIds.length) return []
  const rows = await db
    .selectFrom('data_points')
    .select(['indicator_id', 'area_code', 'period_key', 'sex', 'age', 'category_type', 'category'])
    .where('indicator_id', 'in', [...indicatorIds])
    .where('replaced_at', 'is', null)
    .where(sql<boolean>`left(source, ${publication.length}) <> ${publication}`)
    .execute()
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    areaCode: r.area_code,
    periodKey: r.period_key,
    sex: r.sex,
    age: r.age,
    categoryType: r.category_type,
    category: r.category,
  }))
}

/** Each breakdown's latest current figure for the area: its period, source and when it was recorded. */
export async function latestFigures(
  db: Kysely<Database>,
  indicatorIds: readonly string[],
  areaCode: string,
): Promise<
  {
    indicatorId: string
    sex: string
    age: string
    categoryType: string
    category: string
    periodKey: string
    periodLabel: string
    source: string
    recordedAt: Date
  }[]
> {
  if (!indicatorIds.length) return []
  const { rows } = await sql<{
    indicator_id: string
    sex: string
    age: string
    category_type: string
    category: string
    period_key: string
    period_label: string
    source: string
    recorded_at: Date
  }>`
    select distinct on (indicator_id, sex, age, category_type, category)
      indicator_id, sex, age, category_type, category, period_key, period_label, source, recorded_at
    from data_points
    where replaced_at is null and area_code = ${areaCode} and indicator_id = any(${[...indicatorIds]}::text[])
    order by indicator_id, sex, age, category_type, category, split_part(period_key, '/', 2) desc, split_part(period_key, '/', 1) desc`.execute(
    db,
  )
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    sex: r.sex,
    age: r.age,
    categoryType: r.category_type,
    category: r.category,
    periodKey: r.period_key,
    periodLabel: r.period_label,
    source: r.source,
    recordedAt: new Date(r.recorded_at),
  }))
}
