/** Recomputes and stores the summaries of the indicators whose data changed. */
import { sql, type Kysely } from 'kysely'
import type { Database, DataPointsTable } from '../../../db/database.js'
import type { Selectable } from 'kysely'
import { finding } from './findings.js'
import { groupFocus } from '../comparator-groups.js'
import { benchmarkContext, contextAreas, summariseArea, type PointInput, type Summary, type SummaryIndicator } from './summarise.js'

/** Summaries per INSERT statement: few round trips, modest statements. */
const INSERT_CHUNK = 500
/** An indicator with at most this many current rows is read whole (a few MB); a larger one area by area. */
const IN_MEMORY_ROWS = 50_000

function groupByArea(points: PointInput[]): Map<string, PointInput[]> {
  const byArea = new Map<string, PointInput[]>()
  for (const p of points) {
    const list = byArea.get(p.areaCode)
    if (list) list.push(p)
    else byArea.set(p.areaCode, [p])
  }
  return byArea
}

/** The data_points columns a summary reads. */
type SummaryColumns = Pick<
  Selectable<DataPointsTable>,
  'area_code' | 'period_key' | 'period_label' | 'period_type' | 'sex' | 'age' | 'category_type' | 'category'
  | 'value' | 'count' | 'denominator' | 'lower_95' | 'upper_95' | 'source'
>

function toPointInput(p: SummaryColumns): PointInput {
  return {
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
  }
}

export async function recomputeSummaries(db: Kysely<Database>, indicatorIds: string[]): Promise<number> {
  if (indicatorIds.length === 0) return 0
  const [indicators, areas, groupRows] = await Promise.all([
    db.selectFrom('indicators').select(['id', 'name', 'metadata']).where('id', 'in', indicatorIds).execute(),
    db.selectFrom('areas').select(['code', 'name']).execute(),
    db.selectFrom('comparator_groups').select(['group_id', 'group_name', 'area_code']).execute(),
  ])
  const areaNames = new Map(areas.map((a) => [a.code, a.name]))
  const byGroup = new Map<string, { name: string; members: Set<string> }>()
  for (const g of groupRows) {
    const group = byGroup.get(g.group_id) ?? byGroup.set(g.group_id, { name: g.group_name, members: new Set() }).get(g.group_id)!
    group.members.add(g.area_code)
  }
  const groups = [...byGroup].map(([id, g]) => ({ id, name: g.name, members: g.members, focus: groupFocus(id, g.members) }))
  let written = 0
  for (const row of indicators) {
    const meta = (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as Record<string, unknown>
    const indicator: SummaryIndicator = {
      id: row.id,
      name: row.name,
      valueType: String(meta.value_type),
      unit: String(meta.unit),
      multiplier: typeof meta.multiplier === 'number' ? meta.multiplier : null,
      polarity: String(meta.polarity),
      ciMethod: String(meta.ci_method),
      target: numericTarget(meta.target),
    }
    const rowsFor = async (areaCodes: string[] | null) =>
      (
        await db
          .selectFrom('data_points')
          .select(['area_code', 'period_key', 'period_label', 'period_type', 'sex', 'age', 'category_type', 'category', 'value', 'count', 'denominator', 'lower_95', 'upper_95', 'source'])
          .where('indicator_id', '=', row.id)
          .where('replaced_at', 'is', null)
          .$if(areaCodes !== null, (q) => q.where('area_code', 'in', areaCodes!))
          .execute()
      ).map(toPointInput)
    // An indicator of ordinary size is read in one query and grouped by area here: one query per
    // area per indicator made loading a year's published data for every authority take minutes.
    // A very large one is read area by area, so memory stays bounded whatever its size.
    const { rows: sized } = await sql<{ n: number }>`
      select count(*)::integer as n from data_points where indicator_id = ${row.id} and replaced_at is null`.execute(db)
    const byArea = sized[0]!.n <= IN_MEMORY_ROWS ? groupByArea(await rowsFor(null)) : null
    const areaRows = async (code: string) => (byArea ? (byArea.get(code) ?? []) : rowsFor([code]))
    // Benchmarks and ranks are read at each series' latest period only, so the context holds just
    // the benchmark areas' rows at those periods; every area's own series is then read on its own.
    const context = benchmarkContext(await latestPeriodRows(areaRows, db, row.id, contextAreas(groups)), groups)
    const areaCodes = byArea
      ? [...byArea.keys()]
      : (
          await db.selectFrom('data_points').select('area_code').distinct().where('indicator_id', '=', row.id).where('replaced_at', 'is', null).execute()
        ).map((a) => a.area_code)
    // Summaries are derived: the indicator's set is rewritten whole.
    await db.deleteFrom('indicator_summaries').where('indicator_id', '=', row.id).execute()
    let count = 0
    let pending: Summary[] = []
    const flush = async () => {
      if (!pending.length) return
      await db
        .insertInto('indicator_summaries')
        .values(
          pending.map((s) => ({
            indicator_id: s.indicatorId,
            area_code: s.areaCode,
            sex: s.sex,
            age: s.age,
            category_type: s.categoryType,
            category: s.category,
            summary: JSON.stringify(s),
            finding: finding(s, { indicatorName: indicator.name, unit: indicator.unit, areaName: areaNames.get(s.areaCode) ?? s.areaCode }),
          })),
        )
        .execute()
      pending = []
    }
    for (const areaCode of areaCodes) {
      const summaries = summariseArea(indicator, await areaRows(areaCode), context)
      pending.push(...summaries)
      if (pending.length >= INSERT_CHUNK) await flush()
      count += summaries.length
    }
    await flush()
    written += count
  }
  return written
}

/**
 * The given areas' rows at every (breakdown, period) that is the latest of some area's series: the
 * pairs first (a small set), then each area's rows by index, keeping only those at a pair.
 */
async function latestPeriodRows(
  areaRows: (areaCode: string) => Promise<PointInput[]>,
  db: Kysely<Database>,
  indicatorId: string,
  areaCodes: string[],
): Promise<PointInput[]> {
  const { rows: pairs } = await sql<{ pair: string }>`
    select distinct sex || '|' || age || '|' || category_type || '|' || category || '|' || period_key as pair from (
      select distinct on (area_code, sex, age, category_type, category) sex, age, category_type, category, period_key
      from data_points
      where indicator_id = ${indicatorId} and replaced_at is null and value is not null
      order by area_code, sex, age, category_type, category, period_key desc
    ) latest`.execute(db)
  const wanted = new Set(pairs.map((p) => p.pair))
  const out: PointInput[] = []
  for (const code of areaCodes) {
    for (const p of await areaRows(code)) {
      if (wanted.has(`${p.sex}|${p.age}|${p.categoryType}|${p.category}|${p.periodKey}`)) out.push(p)
    }
  }
  return out
}

/** An indicator's stored summaries with area names, the given area first, then England, London, others. */
export async function findSummaries(db: Kysely<Database>, indicatorId: string, firstArea: string) {
  const rows = await db
    .selectFrom('indicator_summaries')
    .innerJoin('areas', 'areas.code', 'indicator_summaries.area_code')
    .select(['indicator_summaries.area_code', 'areas.name as area_name', 'areas.type as area_type', 'summary', 'finding'])
    .where('indicator_id', '=', indicatorId)
    .execute()
  const order = (code: string, type: string) => (code === firstArea ? 0 : type === 'country' ? 1 : code === 'E12000007' ? 2 : 3)
  return rows
    .map((r) => ({ ...r, summary: (typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary) as Summary }))
    .sort((a, b) => order(a.area_code, a.area_type) - order(b.area_code, b.area_type) || a.area_name.localeCompare(b.area_name))
}

/** A target from metadata ({ value, by: "2025" }) as numbers; "tbc" or none gives null. */
function numericTarget(target: unknown): { value: number; by: number } | null {
  if (!target || typeof target !== 'object') return null
  const { value, by } = target as { value?: unknown; by?: unknown }
  const year = Number(String(by ?? '').match(/\d{4}/)?.[0])
  return typeof value === 'number' && Number.isFinite(year) ? { value, by: year } : null
}

/** Indicators that have data but no summaries (a database from before summaries existed). */
export async function indicatorsMissingSummaries(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('data_points')
    .select('indicator_id')
    .distinct()
    .where('replaced_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('indicator_summaries').select('indicator_id').whereRef('indicator_summaries.indicator_id', '=', 'data_points.indicator_id'))))
    .execute()
  return rows.map((r) => r.indicator_id)
}
