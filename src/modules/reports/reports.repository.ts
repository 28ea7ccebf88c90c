/**
 * The few reads a pack needs that no other module offers in bulk: indicators' statistical
 * definitions (to summarise figures as they stood on a date), risks' links to outcomes and
 * indicators, and each action's latest progress update with its words. One query each, whatever
 * the number of records, so a pack for the whole Partnership stays quick.
 */
import { valueFormatOf } from '../indicators/value-format.js'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { SummaryIndicator } from '../indicators/summaries/summarise.js'

type Db = Kysely<Database>

/** A target from metadata ({ value, by: "2025" }) as numbers; "tbc" or none gives null. */
function numericTarget(target: unknown): { value: number; by: number } | null {
  if (!target || typeof target !== 'object') return null
  const { value, by } = target as { value?: unknown; by?: unknown }
  const year = Number(String(by ?? '').match(/\d{4}/)?.[0])
  return typeof value === 'number' && Number.isFinite(year) ? { value, by: year } : null
}

/** Each indicator's method, as the summaries use it, from its stored metadata. */
export async function indicatorDefinitions(db: Db, ids: readonly string[]): Promise<Map<string, SummaryIndicator>> {
  if (!ids.length) return new Map()
  const rows = await db
    .selectFrom('indicators')
    .select(['id', 'name', 'metadata'])
    .where('id', 'in', [...ids])
    .execute()
  return new Map(
    rows.map((row) => {
      const meta = (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as Record<
        string,
        unknown
      >
      const definition: SummaryIndicator = {
        id: row.id,
        name: row.name,
        valueType: String(meta.value_type),
        unit: typeof meta.unit === 'string' ? meta.unit : '',
        decimals: valueFormatOf(meta).decimals,
        multiplier: typeof meta.multiplier === 'number' ? meta.multiplier : null,
        polarity: String(meta.polarity),
        ciMethod: String(meta.ci_method),
        target: numericTarget(meta.target),
      }
      return [row.id, definition]
    }),
  )
}

/** Each risk's current links: outcome and indicator ids. */
export async function riskLinks(
  db: Db,
  riskIds: readonly string[],
): Promise<Map<string, { outcomes: string[]; indicators: string[] }>> {
  const map = new Map(riskIds.map((id) => [id, { outcomes: [] as string[], indicators: [] as string[] }]))
  if (!riskIds.length) return map
  const rows = await db
    .selectFrom('risk_links')
    .select(['risk_id', 'target_kind', 'target_id'])
    .where('risk_id', 'in', [...riskIds])
    .where('archived_at', 'is', null)
    .orderBy('risk_id')
    .orderBy('target_id')
    .execute()
  for (const r of rows)
    map.get(String(r.risk_id))?.[r.target_kind === 'outcome' ? 'outcomes' : 'indicators'].push(r.target_id)
  return map
}

export interface LatestUpdate {
  updateDate: string
  commentary: string
}

/** Each action's latest progress update on or before a date (newest by date, then by id). */
export async function latestUpdates(
  db: Db,
  actionIds: readonly string[],
  onOrBefore: string,
): Promise<Map<string, LatestUpdate>> {
  if (!actionIds.length) return new Map()
  const { rows } = await sql<{ action_id: string; update_date: string; commentary: string }>`
    select distinct on (action_id) action_id::text as action_id, to_char(update_date, 'YYYY-MM-DD') as update_date, commentary
    from progress_updates
    where action_id in (${sql.join(actionIds.map((id) => sql`${id}::bigint`))}) and update_date <= ${onOrBefore}::date
    order by action_id, update_date desc, id desc`.execute(db)
  return new Map(rows.map((r) => [r.action_id, { updateDate: r.update_date, commentary: r.commentary }]))
}

/** The ids of the actions linked to each indicator, for the turn-the-curve pages. */
export async function actionsByIndicator(db: Db, indicatorIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map(indicatorIds.map((id) => [id, [] as string[]]))
  if (!indicatorIds.length) return map
  const rows = await db
    .selectFrom('action_indicators')
    .select(['action_id', 'indicator_id'])
    .where('indicator_id', 'in', [...indicatorIds])
    .where('archived_at', 'is', null)
    .orderBy('action_id')
    .execute()
  for (const r of rows) map.get(r.indicator_id)?.push(String(r.action_id))
  return map
}

export interface IndicatorDataFacts {
  /** Indicators with any figure, in any version, for the area. */
  withAreaData: string[]
  /** Of those, the ones with a figure in view at `since` that has changed since (added or replaced after it). */
  changedSince: string[]
  /** Of those, the ones with no figure at all by `since`. */
  newSince: string[]
}

/**
 * Which indicators a pack must read, and which it must read again as they stood at the last
 * meeting: one pass over the data points' keys and dates, so the figures (read through disclosure
 * control, over every area and version) are read only where they can differ.
 */
export async function indicatorDataFacts(
  db: Db,
  ids: readonly string[],
  areaCode: string,
  since: Date | null,
): Promise<IndicatorDataFacts> {
  if (!ids.length) return { withAreaData: [], changedSince: [], newSince: [] }
  const at = since ?? new Date(0)
  const { rows } = await sql<{ indicator_id: string; has_area: boolean; existed: boolean; changed: boolean }>`
    select indicator_id,
      bool_or(area_code = ${areaCode}) as has_area,
      bool_or(recorded_at <= ${at}) as existed,
      bool_or(recorded_at > ${at} or replaced_at > ${at}) as changed
    from data_points
    where indicator_id in (${sql.join(ids.map((id) => sql`${id}`))})
    group by indicator_id`.execute(db)
  const withArea = rows.filter((r) => r.has_area)
  return {
    withAreaData: withArea.map((r) => r.indicator_id).sort(),
    changedSince: withArea
      .filter((r) => r.existed && r.changed)
      .map((r) => r.indicator_id)
      .sort(),
    newSince: withArea
      .filter((r) => !r.existed)
      .map((r) => r.indicator_id)
      .sort(),
  }
}
