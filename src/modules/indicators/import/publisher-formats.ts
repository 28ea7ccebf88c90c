/**
 * Imports of the files publishers put out, as they put them out: DfE Explore Education Statistics
 * tidy CSV (time_period, time_identifier, geographic_level, codes, filters, indicator columns) and
 * ONS Explore Local Statistics CSV (areacd, indicator, ISO period, observation, limits, status).
 * data/sources/mappings.yaml says which measure is which indicator (by column or indicator name),
 * so next year's file imports the way the shipped one was built. One published row can give
 * several of our rows, or none (a district, Wales, Inner London: counted, not errors). A
 * suppression symbol is kept as the reason the value is missing; an unknown area is an error at
 * its line. Pure: the mappings, the DfE number lookup and the areas come in.
 */
import { isPeriodError, parsePeriod } from '../periods.js'
import type { DfeAreaResolver } from '../../sources/dfe-areas.js'
import type { Mapping, SourceMappingFile } from '../../sources/source-mapping.schema.js'
import { eesPeriod, isoPeriod, type PeriodResult } from '../../sources/source-periods.js'
import { SOURCE_SYMBOLS, formatSourceNumber, readSourceCell } from '../../sources/source-values.js'
import type { IndicatorInfo, RawRow, RowProblem } from './import.types.js'
import { eesNewMeasures } from './new-measures.js'

export interface PublisherContext {
  mappings: SourceMappingFile
  resolver: DfeAreaResolver
  areaCodes: ReadonlySet<string>
  indicators: ReadonlyMap<string, IndicatorInfo>
}

export interface MultiRowReader {
  /** The rows one published record gives (none for an area outside the product's), and its problems. */
  toRawRows: (fields: string[], line: number) => { rows: RawRow[]; problems: RowProblem[] }
  /** What was left out, said once at the end. */
  finish: (headerLine: number) => RowProblem[]
}

export const PUBLISHER_COLUMNS = {
  ees: ['time_period', 'time_identifier', 'geographic_level'],
  ons: ['areacd', 'indicator', 'period', 'observation'],
} as const

const OGL = 'Open Government Licence v3.0'

function sourceText(m: Mapping, ctx: PublisherContext, fileName: string, measure: string): string {
  const s = ctx.mappings.sources[m.source]!
  return `${s.publisher}, ${s.publication}: ${fileName}, ${measure}; ${OGL}`
}

/**
 * Turns one published figure into a template row: period, area, value or its missing reason.
 * Returns null (and counts why) for a row outside the product's areas.
 */
export function publishedRow(
  m: Mapping,
  ctx: PublisherContext,
  label: PeriodResult,
  area: (start: string, end: string) => ReturnType<DfeAreaResolver['byNumber']>,
  cells: { value: string; count?: string; denominator?: string; lower?: string; upper?: string; note?: string },
  line: number,
  source: string,
  skip: (why: string) => void,
): { row: RawRow | null; problem: RowProblem | null } {
  const problem = (reason: string) => ({ row: null, problem: { line, column: null, reason } })
  if ('error' in label) return problem(label.error)
  const period = parsePeriod(label.label, { yearType: ctx.indicators.get(m.indicator)?.yearType })
  if (isPeriodError(period)) return problem(period.error)
  const place = area(period.start, period.end)
  if ('outOfScope' in place) {
    skip("areas outside England's upper-tier authorities, regions and England")
    return { row: null, problem: null }
  }
  if ('error' in place) return problem(place.error)
  const cell = readSourceCell(cells.value)
  if ('error' in cell) return problem(cell.error)
  if (place.closed && 'missing' in cell) {
    skip('empty cells for authorities since abolished')
    return { row: null, problem: null }
  }
  const number = (text: string | undefined, scale = 1) => {
    const c = readSourceCell(text ?? '')
    return 'value' in c ? formatSourceNumber(c.value * scale) : ''
  }
  const withheld = m.withheld.find((w) => w.area === place.code)
  const value = withheld || 'missing' in cell ? '' : formatSourceNumber(cell.value * m.scale)
  const notes = withheld
    ? [withheld.reason]
    : 'missing' in cell
      ? [cell.missing]
      : [
          cells.note ?? '',
          place.closed
            ? `published for this area's boundaries in a period when ${place.code} was not in use (see data/areas/areas.csv)`
            : '',
        ]
  const lower = value === '' ? '' : number(cells.lower, m.scale)
  const upper = value === '' ? '' : number(cells.upper, m.scale)
  const both = lower !== '' && upper !== ''
  return {
    row: {
      indicator: m.indicator,
      area: place.code,
      period: label.label,
      sex: m.breakdown.sex ?? '',
      age: m.breakdown.age ?? '',
      categoryType: m.breakdown.category_type ?? '',
      category: m.breakdown.category ?? '',
      value,
      count: value === '' ? '' : number(cells.count),
      denominator: value === '' ? '' : number(cells.denominator),
      lower95: both ? lower : '',
      upper95: both ? upper : '',
      lower998: '',
      upper998: '',
      valueNote: notes.filter(Boolean).join('; '),
      source,
      sourceQuote: '',
    },
    problem: null,
  }
}

export function skipCounter() {
  const skipped = new Map<string, number>()
  return {
    skip: (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1),
    finish: (headerLine: number): RowProblem[] =>
      [...skipped].map(([why, n]) => ({
        line: headerLine,
        column: null,
        reason: `${n} published figures left out: ${why}`,
      })),
  }
}

/** An Explore Education Statistics file: every mapped measure whose columns it has. */
export function eesReader(
  header: string[],
  headerLine: number,
  ctx: PublisherContext,
  fileName: string,
): { reader: MultiRowReader } | { problems: RowProblem[]; advice?: RowProblem[] } {
  const has = new Set(header)
  const applicable = ctx.mappings.mappings.filter(
    (m) =>
      ctx.mappings.sources[m.source]?.format === 'ees' &&
      [m.measure, ...Object.keys(m.filters), m.count, m.denominator, m.lower_95, m.upper_95].every(
        (c) => c === undefined || has.has(c),
      ),
  )
  if (applicable.length === 0) {
    const standard = new Set([
      'time_period',
      'time_identifier',
      'geographic_level',
      'country_code',
      'country_name',
      'region_code',
      'region_name',
      'old_la_code',
      'new_la_code',
      'la_name',
    ])
    const columns = header.filter((h) => !standard.has(h))
    return {
      problems: [
        {
          line: headerLine,
          column: null,
          reason: `no measure in this Explore Education Statistics file is mapped to an indicator in data/sources/mappings.yaml (its other columns: ${columns.slice(0, 12).join(', ')}${columns.length > 12 ? ', …' : ''})`,
        },
      ],
      // The lines an analyst adds to track its measures (new-measures.ts).
      advice: [eesNewMeasures(header, headerLine, new Set(ctx.indicators.keys()), fileName)],
    }
  }
  const counter = skipCounter()
  return {
    reader: {
      toRawRows: (values, line) => {
        const fields = Object.fromEntries(header.map((h, i) => [h, (values[i] ?? '').trim()]))
        const rows: RawRow[] = []
        const problems: RowProblem[] = []
        for (const m of applicable) {
          if (!Object.entries(m.filters).every(([c, v]) => fields[c] === v)) continue
          const measure = [m.measure, ...Object.entries(m.filters).map(([c, v]) => `${c} = ${v}`)].join(', ')
          const result = publishedRow(
            m,
            ctx,
            eesPeriod(fields.time_period ?? '', fields.time_identifier ?? '', m.years),
            (start, end) => ctx.resolver.eesRow(fields, start, end),
            {
              value: fields[m.measure]!,
              count: m.count && fields[m.count],
              denominator: m.denominator && fields[m.denominator],
              lower: m.lower_95 && fields[m.lower_95],
              upper: m.upper_95 && fields[m.upper_95],
            },
            line,
            sourceText(m, ctx, fileName, measure),
            counter.skip,
          )
          if (result.row) rows.push(result.row)
          if (result.problem) problems.push(result.problem)
        }
        return { rows, problems }
      },
      finish: counter.finish,
    },
  }
}

/** An ONS Explore Local Statistics file: each row by its indicator name. */
export function onsReader(
  header: string[],
  headerLine: number,
  ctx: PublisherContext,
  fileName: string,
): { reader: MultiRowReader } {
  const byName = new Map<string, Mapping[]>()
  for (const m of ctx.mappings.mappings) {
    if (ctx.mappings.sources[m.source]?.format !== 'ons') continue
    byName.set(m.measure, [...(byName.get(m.measure) ?? []), m])
  }
  const counter = skipCounter()
  const unmapped = new Set<string>()
  return {
    reader: {
      toRawRows: (values, line) => {
        const fields = Object.fromEntries(header.map((h, i) => [h, (values[i] ?? '').trim()]))
        const mappings = byName.get(fields.indicator ?? '') ?? []
        if (mappings.length === 0) {
          unmapped.add(fields.indicator ?? '')
          counter.skip('indicators not mapped in data/sources/mappings.yaml')
        }
        const rows: RawRow[] = []
        const problems: RowProblem[] = []
        const code = fields.areacd ?? ''
        const status = fields.status ?? ''
        const notes = fields.notes ?? ''
        for (const m of mappings) {
          const result = publishedRow(
            m,
            ctx,
            isoPeriod(fields.period ?? '', { academic: ctx.indicators.get(m.indicator)?.yearType === 'academic' }),
            () =>
              ctx.areaCodes.has(code)
                ? { code }
                : /^E(06|08|09|10)/.test(code)
                  ? { error: `unknown area code "${code}" (${fields.areanm})` }
                  : { outOfScope: code },
            {
              value: fields.observation === '' && status ? status : fields.observation!,
              lower: m.lower_95 && fields[m.lower_95],
              upper: m.upper_95 && fields[m.upper_95],
              note: [
                status && fields.observation !== '' ? (SOURCE_SYMBOLS[status] ?? `status ${status}`) : '',
                /^Obsolete code/.test(notes) ? '' : notes,
              ]
                .filter(Boolean)
                .join('; '),
            },
            line,
            sourceText(m, ctx, fileName, `"${m.measure}"`),
            counter.skip,
          )
          if (result.row) rows.push(result.row)
          if (result.problem) problems.push(result.problem)
        }
        return { rows, problems }
      },
      finish: (headerLine2) => {
        const out = counter.finish(headerLine2 ?? headerLine)
        const names = [...unmapped].filter(Boolean)
        if (names.length)
          out.push({
            line: headerLine,
            column: null,
            reason: `not mapped to an indicator: ${names.map((n) => `"${n}"`).join(', ')}`,
          })
        return out
      },
    },
  }
}
