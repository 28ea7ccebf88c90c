/**
 * An import of DfE's Local Authority Interactive Tool (LAIT) long format: one published figure a
 * row (Short Desc names the measure; Years, LA Number, Values), each measure mapped in
 * data/sources/mappings.yaml read the way the shipped dataset was built (scripts/realdata), so next
 * year's file imports as this year's was shipped. Areas are placed by DfE number; "-" and the other
 * publishers' symbols are kept as the reason a value is missing, never read as a number; a gap
 * (a mapping's `minus`) reads the second measure from the column the parquet reader joined on; a
 * mapping that only fills gaps leaves alone the figures another publication gives. Pure: the
 * mappings, areas and the keys given elsewhere come in.
 */
import { isPeriodError, parsePeriod } from '../periods.js'
import type { Mapping } from '../../sources/source-mapping.schema.js'
import { laitPeriod } from '../../sources/source-periods.js'
import { formatSourceNumber, readSourceCell } from '../../sources/source-values.js'
import { LAIT_COLUMNS, lessColumn } from '../../sources/lait-parquet.js'
import type { RawRow, RowProblem } from './import.types.js'
import { publishedRow, skipCounter, type MultiRowReader, type PublisherContext } from './publisher-formats.js'

export interface LaitContext extends PublisherContext {
  /** Keys (figureKey) of current figures from another publication: a mapping that only fills gaps leaves them. */
  givenElsewhere: ReadonlySet<string>
}

/** A figure's key as the database holds it (an empty sex is Persons). */
export const figureKey = (r: {
  indicator: string
  area: string
  periodKey: string
  sex: string
  age: string
  categoryType: string
  category: string
}) => `${r.indicator}|${r.area}|${r.periodKey}|${r.sex || 'Persons'}|${r.age}|${r.categoryType}|${r.category}`

/** The measures each gap mapping subtracts, by the measure it subtracts them from: what the parquet reader joins on. */
export function lessMeasures(ctx: Pick<PublisherContext, 'mappings'>): Map<string, string[]> {
  const less = new Map<string, string[]>()
  for (const m of laitMappings(ctx)) if (m.minus) less.set(m.measure, [...(less.get(m.measure) ?? []), m.minus])
  return less
}

function laitMappings(ctx: Pick<PublisherContext, 'mappings'>): Mapping[] {
  return ctx.mappings.mappings.filter((m) => ctx.mappings.sources[m.source]?.format === 'lait')
}

/** The first value less the second, or the reason either is missing (as the build works it out). */
function difference(first: string, second: string): string {
  const a = readSourceCell(first)
  const b = readSourceCell(second)
  if (!('value' in a)) return first
  if (!('value' in b)) return second
  return formatSourceNumber(a.value - b.value)
}

function sourceText(m: Mapping, ctx: PublisherContext, fileName: string): string {
  const s = ctx.mappings.sources[m.source]!
  const measure = m.minus ? `measure ${m.measure} less measure ${m.minus}` : `measure ${m.measure}`
  return `${s.publisher}, ${s.publication}: ${fileName}, ${measure}; ${s.licence}`
}

export function laitReader(
  header: string[],
  headerLine: number,
  ctx: LaitContext,
  fileName: string,
): { reader: MultiRowReader } | { problems: RowProblem[] } {
  const missing = LAIT_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length)
    return {
      problems: missing.map((c) => ({
        line: headerLine,
        column: c,
        reason: `the LAIT column "${c}" is missing from the header`,
      })),
    }
  const byMeasure = new Map<string, Mapping[]>()
  const unjoined: Mapping[] = []
  for (const m of laitMappings(ctx)) {
    // A gap whose second measure is not joined on cannot be worked out: left out, and said so.
    if (m.minus && !header.includes(lessColumn(m.minus))) unjoined.push(m)
    else byMeasure.set(m.measure, [...(byMeasure.get(m.measure) ?? []), m])
  }
  const counter = skipCounter()
  const seen = new Map<string, string>()
  const toRawRows = (values: string[], line: number) => {
    const fields = Object.fromEntries(header.map((h, i) => [h, (values[i] ?? '').trim()]))
    const mappings = byMeasure.get(fields['Short Desc']!) ?? []
    if (!mappings.length) counter.skip('measures not mapped to an indicator in data/sources/mappings.yaml')
    const rows: RawRow[] = []
    const problems: RowProblem[] = []
    for (const m of mappings) {
      const value = m.minus ? difference(fields.Values!, fields[lessColumn(m.minus)]!) : fields.Values!
      const result = publishedRow(
        m,
        ctx,
        laitPeriod(fields.Years!, m.years),
        (start, end) => ctx.resolver.byNumber(fields['LA Number']!, start, end),
        { value },
        line,
        sourceText(m, ctx, fileName),
        counter.skip,
      )
      if (result.problem) problems.push({ ...result.problem, column: columnAtFault(result.problem.reason) })
      if (!result.row) continue
      const keep = keepRow(result.row, m, ctx, seen, counter.skip)
      if (keep) rows.push(result.row)
    }
    return { rows, problems }
  }
  const finish = (line: number): RowProblem[] => [
    ...counter.finish(line),
    ...unjoined.map((m) => ({
      line,
      column: null,
      reason: `${m.indicator} (${m.measure} less ${m.minus}) left out: the file has no column "${lessColumn(m.minus!)}"`,
    })),
  ]
  return { reader: { toRawRows, finish } }
}

/** The column a problem of publishedRow is in: the value, the area's number, or else the year. */
function columnAtFault(reason: string): string {
  if (/neither a number/.test(reason)) return 'Values'
  if (/DfE local authority number/.test(reason)) return 'LA Number'
  return 'Years'
}

/**
 * Whether a row goes on to the import: not when a mapping that only fills gaps meets a figure another
 * publication gives, nor when the file lists the very same figure twice (the import refuses a key
 * repeated with another value, at its line).
 */
function keepRow(
  row: RawRow,
  m: Mapping,
  ctx: LaitContext,
  seen: Map<string, string>,
  skip: (why: string) => void,
): boolean {
  const period = parsePeriod(row.period, { yearType: ctx.indicators.get(m.indicator)?.yearType })
  if (isPeriodError(period)) return true
  const key = figureKey({ ...row, periodKey: period.key })
  if (m.fills_gaps && ctx.givenElsewhere.has(key)) {
    skip('figures another publication gives (their mapping only fills gaps)')
    return false
  }
  const figure = `${row.value}|${row.valueNote}`
  const earlier = seen.get(key)
  if (earlier === figure) {
    skip('the same figure listed twice')
    return false
  }
  if (earlier === undefined) seen.set(key, figure)
  return true
}
