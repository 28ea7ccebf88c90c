/**
 * The only way public outputs read indicator data: points and summaries with disclosure control
 * applied (disclosure.ts). Suppression is worked out over every row of an indicator, every area and
 * every version ever current, so what is hidden never depends on the query: asking for one area
 * hides exactly what asking for all of them would, and the data as it stood on a date (as_of) hides
 * whatever any other version hides of the same figure. A figure published without its count but
 * with a value and denominator that imply one is treated as having that count. That work is done
 * when data changes and stored (decisions.ts); here, only the rows asked for are read with their
 * stored decision (public-data.repository.ts), after making any decision missing at this threshold.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import { checkThreshold, type Suppression } from './disclosure.js'
import { ensureDecided } from './decisions.js'
import { readServedPoints, readServedSummaries, type ServedPointRow } from './public-data.repository.js'
import { onlyPublic } from './tiers.js'

export { checkSummary, impliedCount, suppressionIndex, type SuppressionIndex } from './summary-check.js'
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

// Public reads keep only public indicators and breakdowns (tiers.ts); the controlled* functions
// below give every tier's figures, still disclosure controlled, for the read layer (visibility.ts).
export async function publicPoints(db: Kysely<Database>, threshold: number, query: PointQuery): Promise<PublicPoint[]> {
  return onlyPublic(db, await controlledPoints(db, threshold, query))
}

export async function publicSummaries(
  db: Kysely<Database>,
  threshold: number,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PublicSummaryRow[]> {
  return onlyPublic(db, await controlledSummaries(db, threshold, query))
}
export async function controlledPoints(
  db: Kysely<Database>,
  threshold: number,
  query: PointQuery,
): Promise<PublicPoint[]> {
  checkThreshold(threshold)
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  await ensureDecided(db, threshold, query.indicatorIds)
  const rows = await readServedPoints(db, threshold, query)
  return rows.map((row) => toPublicPoint(row, threshold))
}

export async function controlledSummaries(
  db: Kysely<Database>,
  threshold: number,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PublicSummaryRow[]> {
  checkThreshold(threshold)
  if (query.indicatorIds?.length === 0 || query.areaCodes?.length === 0) return []
  await ensureDecided(db, threshold, query.indicatorIds)
  const rows = await readServedSummaries(db, threshold, query)
  return rows.map((row) => {
    const base = {
      indicatorId: row.indicatorId,
      areaCode: row.areaCode,
      areaName: row.areaName,
      sex: row.sex,
      age: row.age,
      categoryType: row.categoryType,
      category: row.category,
      periodLabel: row.summary.latest.periodLabel,
    }
    if (row.suppressed) return { ...base, summary: null, finding: null, suppressed: row.suppressed }
    const shown = row.checked ?? { summary: row.summary, finding: row.finding }
    return { ...base, summary: shown.summary, finding: shown.finding, suppressed: null }
  })
}

function toPublicPoint(row: ServedPointRow, threshold: number): PublicPoint {
  const suppressed = row.suppressed
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
    recordedAt: new Date(row.recordedAt).toISOString(),
    suppressed,
  }
}
