/**
 * The figures the dashboard pages show, read once per page through disclosure control
 * (publicSummaries and publicPoints): never from data_points or indicator_summaries directly.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { PublicPoint, PublicSummaryRow } from '../disclosure/public-data.js'
import { seenPoints, seenSummaries, type Sight } from '../disclosure/visibility.js'
import { ENGLAND, LONDON } from '../indicators/summaries/summarise.js'
import { indicatorFormats } from '../indicators/indicators.repository.js'
import { valueFormatOf, type ValueFormat } from '../indicators/value-format.js'
import { headlineRow, sameBreakdown } from './breakdown.js'

/** An indicator's figures for one area: its headline row, the history of that row's breakdown, and how to write its values. */
export interface IndicatorFigures {
  indicatorId: string
  unit: string
  /** How its values are written: the unit and the indicator's precision. */
  format: ValueFormat
  /** The latest figure for everyone (persons, all ages, no category), or the first breakdown when there is none. */
  headline: PublicSummaryRow | null
  /** Every current row for the area, every breakdown. */
  rows: PublicSummaryRow[]
  /** The headline breakdown's values over time, oldest first; null where suppressed. */
  history: { periodKey: string; periodLabel: string; value: number | null }[]
}

/** Pure: the figures of each indicator from its summaries and points for one area. */
export function assembleFigures(
  indicatorIds: readonly string[],
  units: ReadonlyMap<string, string | ValueFormat>,
  summaries: readonly PublicSummaryRow[],
  points: readonly PublicPoint[],
): Map<string, IndicatorFigures> {
  const figures = new Map<string, IndicatorFigures>()
  for (const id of indicatorIds) {
    const rows = summaries.filter((s) => s.indicatorId === id)
    const headline = headlineRow(rows)
    const history = headline
      ? points
          .filter((p) => p.indicatorId === id && sameBreakdown(p, headline))
          .sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0))
          .map((p) => ({ periodKey: p.periodKey, periodLabel: p.periodLabel, value: p.suppressed ? null : p.value }))
      : []
    const given = units.get(id) ?? ''
    const format = typeof given === 'string' ? valueFormatOf({ unit: given }) : given
    figures.set(id, { indicatorId: id, unit: format.unit, format, headline, rows, history })
  }
  return figures
}

/** The figures of these indicators for one area, after disclosure control. */
export async function figuresFor(
  db: Kysely<Database>,
  threshold: number,
  indicatorIds: readonly string[],
  areaCode: string,
  sight?: Sight,
): Promise<Map<string, IndicatorFigures>> {
  const ids = [...new Set(indicatorIds)]
  if (!ids.length) return new Map()
  const [units, summaries, points] = await Promise.all([
    indicatorFormats(db, ids),
    seenSummaries(db, threshold, sight, { indicatorIds: ids, areaCodes: [areaCode] }),
    seenPoints(db, threshold, sight, { indicatorIds: ids, areaCodes: [areaCode] }),
  ])
  return assembleFigures(ids, units, summaries, points)
}

/** Every current row of these indicators for the area, London and England, after disclosure control. */
export async function benchmarkedRows(
  db: Kysely<Database>,
  threshold: number,
  indicatorIds: readonly string[],
  areaCode: string,
  sight?: Sight,
) {
  const ids = [...new Set(indicatorIds)]
  if (!ids.length) return { units: new Map<string, ValueFormat>(), rows: [] as PublicSummaryRow[] }
  const [units, rows] = await Promise.all([
    indicatorFormats(db, ids),
    seenSummaries(db, threshold, sight, { indicatorIds: ids, areaCodes: [areaCode, LONDON, ENGLAND] }),
  ])
  return { units, rows }
}
