/**
 * The whole public dataset as download tables: our own layout (whose columns are the data
 * template's, so the file imports back with `best-chance import --format template`), and the
 * layout of an OHID Fingertips "all data" export (which imports back with `--format fingertips`).
 * Pure: public points in (already through disclosure control), tables out.
 */
import type { CsvCell } from '../../lib/csv-write.js'
import type { DownloadTable } from '../../web/table-download.js'
import { SUPPRESSED_TEXT, type PublicPoint, type PublicSummaryRow } from '../disclosure/public-data.js'
import { ENGLAND, LONDON } from '../indicators/summaries/summarise.js'
import { OGL, figureLabel } from '../sources/figure-labels.js'
import { OGL_ATTRIBUTION, needsOglAttribution, sourceMappings } from '../sources/source-provenance.js'

export interface ExportIndicator {
  id: string
  name: string
  fingertipsId: number | null
}

export interface ExportArea {
  code: string
  name: string
  type: string
  parentCode: string | null
}

const column = (key: string) => ({ key, header: key })

/**
 * Our layout: the template's columns (by name) with the names, the period type and the suppression
 * added, and whether a publisher's figure is the framework's exact measure or a proxy, and its licence.
 */
export const DATA_COLUMNS = [
  'indicator_id',
  'indicator_name',
  'area_code',
  'area_name',
  'period',
  'period_type',
  'sex',
  'age',
  'category_type',
  'category',
  'value',
  'lower_95',
  'upper_95',
  'lower_998',
  'upper_998',
  'count',
  'denominator',
  'value_note',
  'suppressed',
  'source',
  'source_match',
  'licence',
  'recorded_at',
] as const

export function dataTable(
  points: PublicPoint[],
  indicators: Map<string, ExportIndicator>,
  dataVersion: string,
): DownloadTable {
  return {
    name: 'data',
    title: 'Best Chance open data: every published figure, current values',
    source:
      `Best Chance open data, data version ${dataVersion}; each row names its own source and licence` +
      (needsOglAttribution(points.map((p) => p.source)) ? `. ${OGL_ATTRIBUTION}` : ''),
    columns: DATA_COLUMNS.map(column),
    rows: points.map((p) => dataRow(p, indicators)),
  }
}

/** One figure as a row of our layout. */
function dataRow(p: PublicPoint, indicators: Map<string, ExportIndicator>): Record<string, CsvCell> {
  return {
    indicator_id: p.indicatorId,
    indicator_name: indicators.get(p.indicatorId)?.name ?? null,
    area_code: p.areaCode,
    area_name: p.areaName,
    period: p.periodLabel,
    period_type: p.periodType,
    sex: p.sex,
    age: p.age,
    category_type: p.categoryType,
    category: p.category,
    value: p.value,
    lower_95: p.lower95,
    upper_95: p.upper95,
    lower_998: p.lower998,
    upper_998: p.upper998,
    count: p.count,
    denominator: p.denominator,
    value_note: p.note,
    suppressed: p.suppressed,
    source: p.source,
    source_match: figureLabel({ ...p, recordedAt: null }, sourceMappings()).match,
    licence: needsOglAttribution([p.source]) ? OGL : null,
    recorded_at: p.recordedAt,
  }
}

/** Our layout's CSV rows, made one at a time as they are sent (cells in DATA_COLUMNS order). */
export function* dataCsvRows(points: PublicPoint[], indicators: Map<string, ExportIndicator>): Generator<CsvCell[]> {
  for (const p of points) {
    const row = dataRow(p, indicators)
    yield DATA_COLUMNS.map((c) => row[c])
  }
}

/**
 * The 26 columns of a Fingertips "all data" CSV export, in its order (fingertips-open
 * CsvBuilderIndicatorDataHeaderWriter.cs; the real export in ../shared/reference/fingertips).
 */
export const FINGERTIPS_COLUMNS = [
  'Indicator ID',
  'Indicator Name',
  'Parent Code',
  'Parent Name',
  'Area Code',
  'Area Name',
  'Area Type',
  'Sex',
  'Age',
  'Category Type',
  'Category',
  'Time period',
  'Value',
  'Lower CI 95.0 limit',
  'Upper CI 95.0 limit',
  'Lower CI 99.8 limit',
  'Upper CI 99.8 limit',
  'Count',
  'Denominator',
  'Value note',
  'Recent Trend',
  'Compared to England value or percentiles',
  'Compared to Region value or percentiles',
  'Time period Sortable',
  'New data',
  'Compared to goal',
] as const

/** Fingertips' names for our area types. */
const FINGERTIPS_AREA_TYPES: Record<string, string> = { country: 'Country', region: 'Region', county_ua: 'County & UA' }

/** Yearly periods, whose Fingertips sortable form is the first year then 0000 (periods.ts). */
const YEARLY = new Set(['calendar_year', 'financial_year', 'academic_year', 'rolling_years'])

export function fingertipsTable(
  points: PublicPoint[],
  summaries: PublicSummaryRow[],
  indicators: Map<string, ExportIndicator>,
  areas: Map<string, ExportArea>,
): DownloadTable {
  return {
    name: 'fingertips',
    title: 'Best Chance open data in the layout of an OHID Fingertips export',
    source:
      "Best Chance open data; the Fingertips layout has no source column, so see data.csv for each figure's source",
    columns: FINGERTIPS_COLUMNS.map(column),
    rows: points.map(fingertipsRowMaker(summaries, indicators, areas)),
  }
}

/** The Fingertips layout's CSV rows, made one at a time as they are sent (cells in FINGERTIPS_COLUMNS order). */
export function* fingertipsCsvRows(
  points: PublicPoint[],
  summaries: PublicSummaryRow[],
  indicators: Map<string, ExportIndicator>,
  areas: Map<string, ExportArea>,
): Generator<CsvCell[]> {
  const rowOf = fingertipsRowMaker(summaries, indicators, areas)
  for (const p of points) {
    const row = rowOf(p)
    yield FINGERTIPS_COLUMNS.map((c) => row[c])
  }
}

/** Makes one figure's row of the Fingertips layout, with the indicator ids and latest summaries worked out once. */
function fingertipsRowMaker(
  summaries: PublicSummaryRow[],
  indicators: Map<string, ExportIndicator>,
  areas: Map<string, ExportArea>,
): (p: PublicPoint) => Record<(typeof FINGERTIPS_COLUMNS)[number], CsvCell> {
  // A Fingertips id shared by two of our indicators would not say which one it is: use our id then.
  const uses = new Map<number, number>()
  for (const i of indicators.values())
    if (i.fingertipsId !== null) uses.set(i.fingertipsId, (uses.get(i.fingertipsId) ?? 0) + 1)
  const indicatorId = (id: string) => {
    const ft = indicators.get(id)?.fingertipsId ?? null
    return ft !== null && uses.get(ft) === 1 ? ft : id
  }
  const latest = new Map(
    summaries.filter((s) => s.summary).map((s) => [breakdownKey(s.indicatorId, s.areaCode, s), s.summary!] as const),
  )
  return (p) => {
    const area = areas.get(p.areaCode)
    const parent = area?.parentCode ? areas.get(area.parentCode) : undefined
    const summary = latest.get(breakdownKey(p.indicatorId, p.areaCode, p))
    // Fingertips gives trend and comparisons for every period; our summaries have them for the latest only.
    const current = summary && summary.latest.periodKey === p.periodKey ? summary : undefined
    const row: Record<(typeof FINGERTIPS_COLUMNS)[number], CsvCell> = {
      'Indicator ID': indicatorId(p.indicatorId),
      'Indicator Name': indicators.get(p.indicatorId)?.name ?? p.indicatorId,
      'Parent Code': area?.parentCode ?? null,
      'Parent Name': parent?.name ?? null,
      'Area Code': p.areaCode,
      'Area Name': p.areaName,
      'Area Type': area ? (FINGERTIPS_AREA_TYPES[area.type] ?? area.type) : null,
      Sex: p.sex,
      Age: p.age,
      'Category Type': p.categoryType,
      Category: p.category,
      'Time period': p.periodLabel,
      Value: p.value,
      'Lower CI 95.0 limit': p.lower95,
      'Upper CI 95.0 limit': p.upper95,
      'Lower CI 99.8 limit': p.lower998,
      'Upper CI 99.8 limit': p.upper998,
      Count: p.count,
      Denominator: p.denominator,
      'Value note': p.note ?? (p.suppressed ? SUPPRESSED_TEXT : null),
      'Recent Trend': current?.trend.label ?? null,
      'Compared to England value or percentiles': current && p.areaCode !== ENGLAND ? current.england.comparison : null,
      'Compared to Region value or percentiles':
        current && area?.parentCode === LONDON ? current.london.comparison : null,
      'Time period Sortable': YEARLY.has(p.periodType) ? `${p.periodKey.slice(0, 4)}0000` : null,
      'New data': null,
      'Compared to goal': null,
    }
    return row
  }
}

function breakdownKey(
  indicatorId: string,
  areaCode: string,
  b: { sex: string; age: string; categoryType: string; category: string },
) {
  return JSON.stringify([indicatorId, areaCode, b.sex, b.age, b.categoryType, b.category])
}
