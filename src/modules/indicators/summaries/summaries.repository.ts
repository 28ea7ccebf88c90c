/**
 * The summaries' reads of current data points and their writes to indicator_summaries. Summaries
 * are derived data, written only where they differ from what is stored.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import type { PointInput, Summary } from './summarise.js'

/** Summaries per INSERT statement: few round trips, modest statements. */
const INSERT_CHUNK = 500

/** An indicator's current rows, all areas or only these, as summaries read them. */
export async function currentPoints(
  db: Kysely<Database>,
  indicatorId: string,
  areaCodes: readonly string[] | null,
): Promise<PointInput[]> {
  const rows = await db
    .selectFrom('data_points')
    .select([
      'area_code',
      'period_key',
      'period_label',
      'period_type',
      'sex',
      'age',
      'category_type',
      'category',
      'value',
      'count',
      'denominator',
      'lower_95',
      'upper_95',
      'source',
    ])
    .where('indicator_id', '=', indicatorId)
    .where('replaced_at', 'is', null)
    .$if(areaCodes !== null, (q) => q.where('area_code', 'in', [...areaCodes!]))
    .execute()
  return rows.map((p) => ({
    areaCode: p.area_code,
    periodKey: p.period_key,
    periodLabel: p.period_label,
    periodType: p.period_type,
    sex: p.sex,
    age: p.age,
    categoryType: p.category_type,
    category: p.category,
    value: p.value,
    count: p.count,
    denominator: p.denominator,
    lower95: p.lower_95,
    upper95: p.upper_95,
    source: p.source,
  }))
}

/** How many current rows an indicator has. */
export async function currentPointCount(db: Kysely<Database>, indicatorId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::integer as n from data_points where indicator_id = ${indicatorId} and replaced_at is null`.execute(
    db,
  )
  return rows[0]!.n
}

/** The areas an indicator has current rows for. */
export async function currentAreaCodes(db: Kysely<Database>, indicatorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('data_points')
    .select('area_code')
    .distinct()
    .where('indicator_id', '=', indicatorId)
    .where('replaced_at', 'is', null)
    .execute()
  return rows.map((a) => a.area_code)
}

/** Every (breakdown, period) that is the latest with a value of some area's series, as "sex|age|category type|category|period key". */
export async function latestPeriodPairs(db: Kysely<Database>, indicatorId: string): Promise<Set<string>> {
  const { rows } = await sql<{ pair: string }>`
    select distinct sex || '|' || age || '|' || category_type || '|' || category || '|' || period_key as pair from (
      select distinct on (area_code, sex, age, category_type, category) sex, age, category_type, category, period_key
      from data_points
      where indicator_id = ${indicatorId} and replaced_at is null and value is not null
      order by area_code, sex, age, category_type, category, period_key desc
    ) latest`.execute(db)
  return new Set(rows.map((p) => p.pair))
}

/** Indicators that have data but no summaries (a database from before summaries existed). */
export async function indicatorsMissingSummaries(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('data_points')
    .select('indicator_id')
    .distinct()
    .where('replaced_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('indicator_summaries')
            .select('indicator_id')
            .whereRef('indicator_summaries.indicator_id', '=', 'data_points.indicator_id'),
        ),
      ),
    )
    .execute()
  return rows.map((r) => r.indicator_id)
}

/** The series an indicator has stored summaries for, as "area|sex|age|category type|category". */
export async function storedSummaryKeys(db: Kysely<Database>, indicatorId: string): Promise<string[]> {
  const { rows } = await sql<{ k: string }>`
    select area_code || '|' || sex || '|' || age || '|' || category_type || '|' || category as k
    from indicator_summaries where indicator_id = ${indicatorId}`.execute(db)
  return rows.map((r) => r.k)
}

/** Removes an indicator's stored summaries of these series ("area|sex|age|category type|category"); how many. */
export async function deleteSummariesOf(
  db: Kysely<Database>,
  indicatorId: string,
  keys: readonly string[],
): Promise<number> {
  if (!keys.length) return 0
  const result = await sql`
    delete from indicator_summaries where indicator_id = ${indicatorId}
      and area_code || '|' || sex || '|' || age || '|' || category_type || '|' || category = any(${[...keys]}::text[])`.execute(
    db,
  )
  return Number(result.numAffectedRows ?? 0n)
}

/**
 * Stores summaries, each with its finding, in chunks: a new one is added, a stored one rewritten
 * only where its summary or finding differs (jsonb equality), so an unchanged summary is never
 * written. Returns how many were added or rewritten.
 */
export async function upsertSummaries(
  db: Kysely<Database>,
  summaries: readonly { summary: Summary; finding: string }[],
): Promise<number> {
  let written = 0
  for (let i = 0; i < summaries.length; i += INSERT_CHUNK) {
    const rows = await db
      .insertInto('indicator_summaries')
      .values(
        summaries.slice(i, i + INSERT_CHUNK).map(({ summary: s, finding }) => ({
          indicator_id: s.indicatorId,
          area_code: s.areaCode,
          sex: s.sex,
          age: s.age,
          category_type: s.categoryType,
          category: s.category,
          summary: JSON.stringify(s),
          finding,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['indicator_id', 'area_code', 'sex', 'age', 'category_type', 'category'])
          .doUpdateSet({
            summary: (eb) => eb.ref('excluded.summary'),
            finding: (eb) => eb.ref('excluded.finding'),
            computed_at: sql`now()`,
          })
          .where(
            sql<boolean>`indicator_summaries.summary is distinct from excluded.summary
              or indicator_summaries.finding is distinct from excluded.finding`,
          ),
      )
      .returning('indicator_id')
      .execute()
    written += rows.length
  }
  return written
}
