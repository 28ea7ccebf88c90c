/**
 * Which summaries an import's batch can have changed, worked out in SQL from the batch's rows in
 * data_points (its new and revised rows carry its id), into a temporary table of target series
 * (indicator, area, sex, age, category type, category), and the reads that summarise only those.
 *
 * A summary of area A's series b depends on: A's rows of b (latest value, interval, trend,
 * projection, target, history); A's rows of everyone in the area at b's sex and age (the gap of a
 * group); and, at the period of A's latest value only, the rows of b for England and London
 * (comparisons) and for the other members of each comparator group A is ranked in (ranks and
 * quintiles). So a changed row (X, period p, b) changes the summaries of X's b; of X's groups at
 * b's sex and age when b is everyone's series; and of every series b whose latest value is at p
 * and measured against X (every area for England and London, the focus or every member of X's
 * comparator groups). Which series have their latest value at p, and which groups an area has,
 * is read from the stored summaries (one row per series, its latest period in it): an area's
 * series other than the batch's own keep their latest period, and the batch's are targets already.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import type { PointInput } from './summarise.js'

type Db = Kysely<Database>

/** One area whose changes reach another's summaries; `*`: every area (a benchmark). */
export interface Dependent {
  source: string
  dependent: string
}

const SERIES = sql.raw('indicator_id, area_code, sex, age, category_type, category')

/** For each indicator, how many of its current rows the batch wrote, and how many it has. */
export async function batchShare(
  db: Db,
  batchId: string,
  indicatorIds: readonly string[],
): Promise<Map<string, { changed: number; current: number }>> {
  const { rows } = await sql<{ indicator_id: string; changed: number; current: number }>`
    select indicator_id, count(*) filter (where import_batch_id = ${batchId})::integer as changed,
      count(*)::integer as current
    from data_points where indicator_id = any(${[...indicatorIds]}::text[]) and replaced_at is null
    group by indicator_id`.execute(db)
  return new Map(rows.map((r) => [r.indicator_id, { changed: r.changed, current: r.current }]))
}

/**
 * Fills summary_targets (a temporary table, emptied first) with the series whose summaries the
 * batch's rows of these indicators can have changed, as the header above reasons.
 */
export async function markTargets(
  db: Db,
  batchId: string,
  indicatorIds: readonly string[],
  dependents: readonly Dependent[],
): Promise<void> {
  await sql`drop table if exists summary_changes`.execute(db)
  await sql`drop table if exists summary_targets`.execute(db)
  await sql`
    create temp table summary_changes on commit drop as
    select indicator_id, area_code, period_key, sex, age, category_type, category from data_points
    where import_batch_id = ${batchId} and indicator_id = any(${[...indicatorIds]}::text[])`.execute(db)
  // Temporary tables have no statistics until analysed: without them a join may be planned badly.
  await sql`analyze summary_changes`.execute(db)
  await sql`
    create temp table summary_targets (
      indicator_id text not null, area_code text not null, sex text not null, age text not null,
      category_type text not null, category text not null
    ) on commit drop`.execute(db)
  const deps = sql`unnest(${dependents.map((d) => d.source)}::text[], ${dependents.map((d) => d.dependent)}::text[])`
  await sql`
    insert into summary_targets
    select ${SERIES} from summary_changes
    union
    select s.indicator_id, s.area_code, s.sex, s.age, s.category_type, s.category
    from (select distinct indicator_id, area_code, sex, age from summary_changes
          where category_type = '' and category = '') c
    join indicator_summaries s on s.indicator_id = c.indicator_id and s.area_code = c.area_code
      and s.sex = c.sex and s.age = c.age
    where s.category_type <> ''
    union
    select s.indicator_id, s.area_code, s.sex, s.age, s.category_type, s.category
    from summary_changes c join ${deps} as dep(source, area) on dep.source = c.area_code and dep.area = '*'
    join indicator_summaries s on s.indicator_id = c.indicator_id and s.sex = c.sex and s.age = c.age
      and s.category_type = c.category_type and s.category = c.category
    where s.summary->'latest'->>'periodKey' = c.period_key
    union
    select s.indicator_id, s.area_code, s.sex, s.age, s.category_type, s.category
    from summary_changes c join ${deps} as dep(source, area) on dep.source = c.area_code and dep.area <> '*'
    join indicator_summaries s on s.indicator_id = c.indicator_id and s.area_code = dep.area and s.sex = c.sex
      and s.age = c.age and s.category_type = c.category_type and s.category = c.category
    where s.summary->'latest'->>'periodKey' = c.period_key`.execute(db)
  await sql`analyze summary_targets`.execute(db)
}

/** For each indicator with targets, how many series are targets and how many summaries it has stored. */
export async function targetShare(db: Db): Promise<Map<string, { targets: number; stored: number }>> {
  const { rows } = await sql<{ indicator_id: string; targets: number; stored: number }>`
    select t.indicator_id, count(*)::integer as targets,
      (select count(*) from indicator_summaries s where s.indicator_id = t.indicator_id)::integer as stored
    from summary_targets t group by t.indicator_id`.execute(db)
  return new Map(rows.map((r) => [r.indicator_id, { targets: r.targets, stored: r.stored }]))
}

/** The target areas of an indicator, each with how many of its series are targets. */
export async function targetAreas(db: Db, indicatorId: string): Promise<{ areaCode: string; series: number }[]> {
  const { rows } = await sql<{ area_code: string; series: number }>`
    select area_code, count(*)::integer as series from summary_targets where indicator_id = ${indicatorId}
    group by area_code order by area_code`.execute(db)
  return rows.map((r) => ({ areaCode: r.area_code, series: r.series }))
}

/** The target series of these areas, as "area|sex|age|category type|category". */
export async function targetKeys(db: Db, indicatorId: string, areaCodes: readonly string[]): Promise<Set<string>> {
  const { rows } = await sql<{ k: string }>`
    select area_code || '|' || sex || '|' || age || '|' || category_type || '|' || category as k
    from summary_targets where indicator_id = ${indicatorId} and area_code = any(${[...areaCodes]}::text[])`.execute(db)
  return new Set(rows.map((r) => r.k))
}

const POINT_COLUMNS = sql.raw(`d.area_code as "areaCode", d.period_key as "periodKey", d.period_label as "periodLabel",
  d.period_type as "periodType", d.sex, d.age, d.category_type as "categoryType", d.category, d.value, d.count,
  d.denominator, d.lower_95 as "lower95", d.upper_95 as "upper95", d.source`)

/**
 * The current rows a target series' summary reads in its own area: every row at the sex and age of
 * some target of these areas (the series itself, and everyone's, for a group's gap).
 */
export async function targetPoints(db: Db, indicatorId: string, areaCodes: readonly string[]): Promise<PointInput[]> {
  const { rows } = await sql<PointInput>`
    select ${POINT_COLUMNS} from (
      select distinct area_code, sex, age from summary_targets
      where indicator_id = ${indicatorId} and area_code = any(${[...areaCodes]}::text[])) t
    join data_points d on d.indicator_id = ${indicatorId} and d.area_code = t.area_code and d.sex = t.sex
      and d.age = t.age
    where d.replaced_at is null`.execute(db)
  return rows
}

/** A breakdown at a period, as "sex|age|category type|category|period key" names it. */
export interface BreakdownAtPeriod {
  sex: string
  age: string
  categoryType: string
  category: string
  periodKey: string
}

/**
 * These areas' valued rows at these (breakdown, period) pairs: the benchmark and comparator rows
 * that comparisons, ranks and quintiles read at the latest periods of the series summarised.
 */
export async function pointsAt(
  db: Db,
  indicatorId: string,
  areaCodes: readonly string[],
  pairs: readonly BreakdownAtPeriod[],
): Promise<PointInput[]> {
  if (!pairs.length) return []
  const col = <T>(pick: (p: BreakdownAtPeriod) => T) => pairs.map(pick)
  const { rows } = await sql<PointInput>`
    select ${POINT_COLUMNS}
    from unnest(${col((p) => p.sex)}::text[], ${col((p) => p.age)}::text[], ${col((p) => p.categoryType)}::text[],
      ${col((p) => p.category)}::text[], ${col((p) => p.periodKey)}::text[]) as p(sex, age, category_type, category, period_key)
    join data_points d on d.indicator_id = ${indicatorId} and d.area_code = any(${[...areaCodes]}::text[])
      and d.period_key = p.period_key and d.sex = p.sex and d.age = p.age
      and d.category_type = p.category_type and d.category = p.category
    where d.replaced_at is null and d.value is not null`.execute(db)
  return rows
}
