/**
 * The indicator figures of a pack, as the data stood at the end of a chosen day. The points come
 * through disclosure control (publicPoints, with `asOf`), so the pack, which may be published, can
 * say no more than the public pages; they are then summarised by the summaries' own functions
 * (comparison with England and London, recent trend) and shaped into rows by the dashboard's own
 * indicator table, so a pack as of today agrees with the overview. A breakdown whose latest figure
 * is suppressed is shown as suppressed, never as an older figure.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { publicPoints, type PublicPoint, type PublicSummaryRow } from '../disclosure/public-data.js'
import { assembleFigures, type IndicatorFigures } from '../dashboard/figures.js'
import { breakdownKey, sameBreakdown } from '../dashboard/breakdown.js'
import { indicatorTableRow, type IndicatorTableRow } from '../dashboard/indicator-table.js'
import { finding } from '../indicators/summaries/findings.js'
import {
  benchmarkContext,
  ENGLAND,
  interval,
  LONDON,
  summariseArea,
  type PointInput,
  type SummaryIndicator,
} from '../indicators/summaries/summarise.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { indicatorDefinitions } from './reports.repository.js'
import type { CurvePoint, ScoreRow } from './pack.types.js'

export interface FiguresAsOf {
  rows: Map<string, IndicatorTableRow>
  figures: Map<string, IndicatorFigures>
  /** The area's, England's and London's points, after disclosure control. */
  points: PublicPoint[]
  definitions: Map<string, SummaryIndicator>
}

const toInput = (p: PublicPoint): PointInput => ({
  areaCode: p.areaCode,
  periodKey: p.periodKey,
  periodLabel: p.periodLabel,
  periodType: p.periodType,
  sex: p.sex,
  age: p.age,
  categoryType: p.categoryType,
  category: p.category,
  value: p.value,
  count: p.count,
  denominator: p.denominator,
  lower95: p.lower95,
  upper95: p.upper95,
  source: p.source,
})

/** One summary row per breakdown of the area, as publicSummaries would give it for these points. Pure. */
export function summaryRows(
  definition: SummaryIndicator,
  areaCode: string,
  areaName: string,
  points: readonly PublicPoint[],
): PublicSummaryRow[] {
  const own = points.filter((p) => p.indicatorId === definition.id)
  const area = own.filter((p) => p.areaCode === areaCode)
  const summaries = summariseArea(definition, area.map(toInput), benchmarkContext(own.map(toInput), []))
  const latest = new Map<string, PublicPoint>()
  for (const p of area) {
    const k = breakdownKey(p)
    const seen = latest.get(k)
    if (!seen || p.periodKey > seen.periodKey) latest.set(k, p)
  }
  return [...latest.values()].flatMap((p): PublicSummaryRow[] => {
    const base = {
      indicatorId: definition.id,
      areaCode,
      areaName,
      sex: p.sex,
      age: p.age,
      categoryType: p.categoryType,
      category: p.category,
      periodLabel: p.periodLabel,
    }
    if (p.suppressed) return [{ ...base, summary: null, finding: null, suppressed: p.suppressed }]
    const summary = summaries.find((s) => sameBreakdown(s, p) && s.latest.periodKey === p.periodKey)
    if (!summary) return []
    const text = finding(summary, {
      indicatorName: definition.name,
      unit: { unit: definition.unit, decimals: definition.decimals ?? null },
      areaName,
    })
    return [{ ...base, summary, finding: text, suppressed: null }]
  })
}

/** The indicators' figures for the area as they stood at `asOf`. */
export async function figuresAsOf(
  db: Kysely<Database>,
  threshold: number,
  m: StrategyReadModel,
  items: readonly Item[],
  area: { code: string; name: string },
  asOf: Date,
  /** The indicators whose figures to read (default all): the rest show no data. */
  read?: ReadonlySet<string>,
): Promise<FiguresAsOf> {
  const ids = [...new Set(items.map((i) => i.id))].filter((id) => !read || read.has(id))
  if (!ids.length) {
    const none = new Map(items.map((item) => [item.id, indicatorTableRow(m, item, undefined)]))
    return { rows: none, figures: new Map(), points: [], definitions: new Map() }
  }
  const [definitions, points] = await Promise.all([
    indicatorDefinitions(db, ids),
    publicPoints(db, threshold, { indicatorIds: ids, areaCodes: [area.code, ENGLAND, LONDON], asOf }),
  ])
  const summaries = [...definitions.values()].flatMap((d) => summaryRows(d, area.code, area.name, points))
  const units = new Map([...definitions].map(([id, d]) => [id, { unit: d.unit, decimals: d.decimals ?? null }]))
  const areaPoints = points.filter((p) => p.areaCode === area.code)
  const figures = assembleFigures(ids, units, summaries, areaPoints)
  const rows = new Map(items.map((item) => [item.id, indicatorTableRow(m, item, figures.get(item.id))]))
  return { rows, figures, points, definitions }
}

/** A scorecard row from the dashboard's row and the headline summary behind it. Pure. */
export function scoreRow(row: IndicatorTableRow, figures: IndicatorFigures | undefined): ScoreRow {
  const headline = figures?.headline ?? null
  const summary = headline?.summary ?? null
  return {
    indicatorId: row.id,
    title: row.title,
    href: row.href,
    breakdown: row.breakdown,
    breakdownKey: headline ? breakdownKey(headline) : null,
    periodKey: summary?.latest.periodKey ?? null,
    period: row.period,
    value: row.valueNumber,
    valueText: row.value,
    lower: summary?.latest.lower95 ?? null,
    upper: summary?.latest.upper95 ?? null,
    unit: row.unit,
    suppressed: row.suppressed,
    englandText: row.england,
    londonText: row.london,
    englandComparison: row.comparison,
    londonComparison: summary ? summary.london.comparison : row.comparison,
    status: row.status,
    statusText: row.statusText,
    trendLabel: row.trendLabel,
    trend: row.trend,
    finding: headline?.finding ?? null,
  }
}

/**
 * The headline breakdown's history with England and London beside each period, each figure with its
 * 95% interval: the published one, or one worked out by the indicator's method from its count. Pure.
 */
export function curvePoints(
  row: ScoreRow,
  points: readonly PublicPoint[],
  areaCode: string,
  definition?: SummaryIndicator,
): CurvePoint[] {
  if (row.breakdownKey === null) return []
  const mine = points.filter((p) => p.indicatorId === row.indicatorId && breakdownKey(p) === row.breakdownKey)
  const at = (code: string, periodKey: string) =>
    mine.find((p) => p.areaCode === code && p.periodKey === periodKey)?.value ?? null
  return mine
    .filter((p) => p.areaCode === areaCode)
    .sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0))
    .map((p) => {
      const ci = definition && p.value !== null ? interval(definition, toInput(p)) : null
      return {
        periodKey: p.periodKey,
        period: p.periodLabel,
        value: p.value,
        lower: ci?.lower ?? null,
        upper: ci?.upper ?? null,
        england: at(ENGLAND, p.periodKey),
        london: at(LONDON, p.periodKey),
        note: p.suppressed ? 'Suppressed (small number)' : null,
      }
    })
}
