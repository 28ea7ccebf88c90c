/**
 * Turns the published tables into rows of the data template, one mapping at a time: select the
 * measure's records, read the period the publisher's way, place the area by code or DfE number,
 * keep a withheld or suppressed value as missing with its reason, scale the value into the
 * indicator's unit, and cite publisher, publication, file, measure and licence on every row.
 * Every problem names the file and line it came from.
 */
import path from 'node:path'
import { isPeriodError, parsePeriod } from '../../src/modules/indicators/periods.js'
import type { IndicatorInfo } from '../../src/modules/indicators/import/import.types.js'
import type { DfeAreaResolver, AreaResult } from '../../src/modules/sources/dfe-areas.js'
import type { Mapping, Source } from '../../src/modules/sources/source-mapping.schema.js'
import { eesPeriod, isoPeriod, laitPeriod, type PeriodResult } from '../../src/modules/sources/source-periods.js'
import { SOURCE_SYMBOLS, formatSourceNumber, readSourceCell } from '../../src/modules/sources/source-values.js'
import type { SourceRecord, SourceTable } from './read-tables.js'

export interface OutputRow {
  indicatorId: string
  areaCode: string
  period: string
  periodKey: string
  sex: string
  age: string
  categoryType: string
  category: string
  value: string
  count: string
  denominator: string
  lower95: string
  upper95: string
  valueNote: string
  source: string
  /** Where the row came from, for messages. */
  from: { file: string; line: number; mapping: number }
}

export interface MappingContext {
  indicators: ReadonlyMap<string, IndicatorInfo>
  areaCodes: ReadonlySet<string>
  resolver: DfeAreaResolver
  problems: string[]
  /** Rows outside the areas this product holds (districts, Wales, Inner London …), counted per mapping. */
  outOfScope: Map<number, number>
  /** Figures kept for an area outside the dates its code was in use. */
  outsideValidity: number
}

export const rowKey = (
  r: Pick<OutputRow, 'indicatorId' | 'areaCode' | 'periodKey' | 'sex' | 'age' | 'categoryType' | 'category'>,
) => `${r.indicatorId}|${r.areaCode}|${r.periodKey}|${r.sex}|${r.age}|${r.categoryType}|${r.category}`

/** How each format names the cells a mapping needs, and finds its records. */
interface FormatReader {
  select: (r: SourceRecord) => boolean
  period: (r: SourceRecord) => PeriodResult
  area: (r: SourceRecord, start: string, end: string) => AreaResult
  value: (r: SourceRecord) => string
  column: (r: SourceRecord, name: string | undefined) => string
  /** A publisher's status or note that travels with the value. */
  note: (r: SourceRecord) => string
}

function readerFor(
  m: Mapping,
  source: Source,
  info: IndicatorInfo,
  table: SourceTable,
  ctx: MappingContext,
): FormatReader {
  const column = (r: SourceRecord, name: string | undefined) => (name ? (r.fields[name] ?? '') : '')
  if (source.format === 'lait') {
    // A gap: the second measure's value for the same area and year, subtracted from the first.
    const minus = new Map<string, string>()
    if (m.minus)
      for (const r of table.records)
        if (r.fields['Short Desc'] === m.minus)
          minus.set(`${r.fields['LA Number']}|${r.fields.Years}`, r.fields.Values!)
    return {
      select: (r) => r.fields['Short Desc'] === m.measure,
      period: (r) => laitPeriod(r.fields.Years!, m.years),
      area: (r, start, end) => ctx.resolver.byNumber(r.fields['LA Number']!, start, end),
      value: (r) =>
        m.minus
          ? difference(r.fields.Values!, minus.get(`${r.fields['LA Number']}|${r.fields.Years}`))
          : r.fields.Values!,
      column,
      note: () => '',
    }
  }
  if (source.format === 'ees') {
    return {
      select: (r) => Object.entries(m.filters).every(([c, v]) => (r.fields[c] ?? '').trim() === v),
      period: (r) => eesPeriod(r.fields.time_period!, r.fields.time_identifier!, m.years),
      area: (r, start, end) => ctx.resolver.eesRow(r.fields, start, end),
      value: (r) => r.fields[m.measure]!,
      column,
      note: () => '',
    }
  }
  return {
    select: (r) => r.fields.indicator === m.measure,
    period: (r) => isoPeriod(r.fields.period!, { academic: info.yearType === 'academic' }),
    area: (r) => {
      const code = r.fields.areacd!.trim()
      if (ctx.areaCodes.has(code)) return { code }
      if (/^E(06|08|09|10)/.test(code)) return { error: `unknown area code "${code}" (${r.fields.areanm})` }
      return { outOfScope: code }
    },
    value: (r) => (r.fields.observation!.trim() === '' && r.fields.status ? r.fields.status : r.fields.observation!),
    column,
    // "Obsolete code since …" describes the code, which our areas file already dates.
    note: (r) => {
      const notes = (r.fields.notes ?? '').trim()
      const status = (r.fields.status ?? '').trim()
      return [
        status && r.fields.observation!.trim() !== '' ? (SOURCE_SYMBOLS[status] ?? `status ${status}`) : '',
        /^Obsolete code/.test(notes) ? '' : notes,
      ]
        .filter(Boolean)
        .join('; ')
    },
  }
}

/** The first published value less the second, as text; a symbol or an empty cell in either is kept as the cell. */
function difference(first: string, second: string | undefined): string {
  const a = readSourceCell(first)
  const b = readSourceCell(second ?? '')
  if (!('value' in a)) return first
  if (!('value' in b)) return second ?? ''
  return formatSourceNumber(a.value - b.value)
}

/** The columns a mapping names that its table must have. */
function missingColumns(m: Mapping, source: Source, table: SourceTable): string[] {
  const needed =
    source.format === 'lait'
      ? ['Short Desc', 'Years', 'LA Number', 'Values']
      : source.format === 'ees'
        ? [
            'time_period',
            'time_identifier',
            'geographic_level',
            m.measure,
            ...Object.keys(m.filters),
            m.count,
            m.denominator,
            m.lower_95,
            m.upper_95,
          ]
        : ['areacd', 'indicator', 'period', 'observation', 'status', 'notes', m.lower_95, m.upper_95]
  return needed.filter((c): c is string => c !== undefined && !table.header.includes(c))
}

export function sourceText(m: Mapping, source: Source): string {
  const measure =
    source.format === 'lait'
      ? m.minus
        ? `measure ${m.measure} less measure ${m.minus}`
        : `measure ${m.measure}`
      : source.format === 'ees'
        ? [m.measure, ...Object.entries(m.filters).map(([c, v]) => `${c} = ${v}`)].join(', ')
        : `"${m.measure}"`
  return `${source.publisher}, ${source.publication}: ${path.basename(source.file)}, ${measure}; ${source.licence}`
}

export function applyMapping(
  m: Mapping,
  index: number,
  source: Source,
  table: SourceTable,
  ctx: MappingContext,
): OutputRow[] {
  const where = (line: number) => `${source.file} line ${line}`
  const info = ctx.indicators.get(m.indicator)
  if (!info) {
    ctx.problems.push(`mapping ${index + 1}: unknown indicator "${m.indicator}"`)
    return []
  }
  const missing = missingColumns(m, source, table)
  if (missing.length) {
    ctx.problems.push(
      `mapping ${index + 1} (${m.indicator}): ${source.file} has no column ${missing.map((c) => `"${c}"`).join(', ')}`,
    )
    return []
  }
  const reader = readerFor(m, source, info, table, ctx)
  const withheld = new Map(m.withheld.map((w) => [w.area, w.reason]))
  const scaled = (text: string) => {
    const cell = readSourceCell(text)
    return 'value' in cell ? formatSourceNumber(cell.value * m.scale) : ''
  }
  const plain = (text: string) => {
    const cell = readSourceCell(text)
    return 'value' in cell ? formatSourceNumber(cell.value) : ''
  }
  const source_ = sourceText(m, source)
  const rows = new Map<string, OutputRow>()
  let selected = 0
  for (const r of table.records) {
    if (!reader.select(r)) continue
    selected++
    const label = reader.period(r)
    if ('error' in label) {
      ctx.problems.push(`${where(r.line)}: ${label.error}`)
      continue
    }
    const period = parsePeriod(label.label, { yearType: info.yearType })
    if (isPeriodError(period)) {
      ctx.problems.push(`${where(r.line)}: ${period.error}`)
      continue
    }
    const area = reader.area(r, period.start, period.end)
    if ('outOfScope' in area) {
      ctx.outOfScope.set(index, (ctx.outOfScope.get(index) ?? 0) + 1)
      continue
    }
    if ('error' in area) {
      ctx.problems.push(`${where(r.line)}: ${area.error}`)
      continue
    }
    const cell = readSourceCell(reader.value(r))
    if ('error' in cell) {
      ctx.problems.push(`${where(r.line)}, column "${source.format === 'lait' ? 'Values' : m.measure}": ${cell.error}`)
      continue
    }
    // Publishers keep rows, mostly empty, for authorities after their abolition, and some cast new
    // authorities' figures back before they were formed. An empty cell there is left out; a figure
    // is kept under the area it was published for, and says so.
    let outsideNote = ''
    if (area.closed) {
      if ('missing' in cell) {
        ctx.outOfScope.set(index, (ctx.outOfScope.get(index) ?? 0) + 1)
        continue
      }
      outsideNote = `published for this area's boundaries in a period when ${area.code} was not in use (see data/areas/areas.csv)`
      ctx.outsideValidity++
    }
    const reason = withheld.get(area.code)
    const value = reason || 'missing' in cell ? '' : formatSourceNumber(cell.value * m.scale)
    const row: OutputRow = {
      indicatorId: m.indicator,
      areaCode: area.code,
      period: label.label,
      periodKey: period.key,
      sex: m.breakdown.sex ?? '',
      age: m.breakdown.age ?? '',
      categoryType: m.breakdown.category_type ?? '',
      category: m.breakdown.category ?? '',
      value,
      count: value === '' ? '' : plain(reader.column(r, m.count)),
      denominator: value === '' ? '' : plain(reader.column(r, m.denominator)),
      lower95: value === '' ? '' : scaled(reader.column(r, m.lower_95)),
      upper95: value === '' ? '' : scaled(reader.column(r, m.upper_95)),
      valueNote:
        reason ?? ('missing' in cell ? cell.missing : [reader.note(r), outsideNote].filter(Boolean).join('; ')),
      source: source_,
      from: { file: source.file, line: r.line, mapping: index },
    }
    // A published interval needs both ends.
    if ((row.lower95 === '') !== (row.upper95 === '')) row.lower95 = row.upper95 = ''
    const key = rowKey(row)
    const earlier = rows.get(key)
    if (earlier) {
      // The same figure listed twice (an authority that is both a district and a county) is one figure.
      if (earlier.value === row.value && earlier.lower95 === row.lower95 && earlier.upper95 === row.upper95) continue
      ctx.problems.push(
        `${where(r.line)}: repeats ${where(earlier.from.line)} (${m.indicator}, ${area.code}, ${label.label}) with a different value`,
      )
      continue
    }
    rows.set(key, row)
  }
  if (selected === 0)
    ctx.problems.push(`mapping ${index + 1} (${m.indicator}): no records of "${m.measure}" in ${source.file}`)
  return [...rows.values()]
}
