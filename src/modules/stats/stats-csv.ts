/**
 * CSV commands for analysts (`best-chance stats ci|compare|trend <file|->`). Pure: CSV text in,
 * CSV text out. Every bad row is reported with its line number and no output is written, so a
 * half-processed file never looks like a finished one.
 */
import { compareWithBenchmark } from './compare.js'
import { CONFIDENCE_95, parseConfidence, type Estimate } from './confidence.js'
import { CsvError, parseCsv, writeCsv, type CsvRecord } from './csv.js'
import { parsePolarity, type Polarity } from './labels.js'
import { meanFromSummary } from './mean.js'
import { PERCENTAGE, proportion } from './proportion.js'
import { PER_100_000, rate, RateMethod } from './rate.js'
import { parseTrendValueType, recentTrend, type TrendPoint, type TrendValueType } from './trend.js'

export interface CommandResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export const ExitCode = { ok: 0, badInput: 1, usage: 2 } as const

export const STATS_USAGE = `usage: best-chance stats <command> <file|->

Commands (CSV in, CSV out; the first row names the columns, in any order):
  ci       columns: method, count, denominator, multiplier, confidence
             method: wilson (proportion), byar, exact, poisson (exact below 10 events, otherwise Byar's),
             or mean (then give columns mean, sd, n instead of count and denominator).
             multiplier defaults to 100 for wilson and 100000 for rates; confidence to 0.95 (or 0.998).
           appends: value, lower, upper
  compare  columns: value, lower, upper, benchmark, polarity (high, low or none)
           appends: comparison (Better, Similar, Worse; Higher, Similar, Lower; or Not compared)
  trend    columns: series, period, value, lower, upper, count, denominator, polarity, value_type
             (lower and upper are the 95% limits; value_type e.g. proportion, crude rate, dsr)
           writes one row per series: series, trend, slope, chi_square, points_used, message
`

/** A parsed file with its columns looked up by (case-insensitive) name. */
interface Table {
  readonly header: readonly string[]
  readonly records: readonly CsvRecord[]
  readonly column: (name: string) => number
}

class RowError extends Error {}

function readTable(input: string): Table {
  const [head, ...records] = parseCsv(input)
  if (!head) throw new CsvError('the file is empty; the first row must name the columns', 1)
  const header = head.fields.map((f) => f.trim())
  const index = new Map(header.map((name, i) => [name.toLowerCase(), i]))
  return { header, records, column: (name) => index.get(name) ?? -1 }
}

/** The trimmed text of a named cell, '' when the column is absent. */
function cell(table: Table, record: CsvRecord, name: string): string {
  const i = table.column(name)
  return i < 0 ? '' : (record.fields[i] ?? '').trim()
}

/** A number, or null for an empty cell; anything else is a row error. */
function optionalNumber(table: Table, record: CsvRecord, name: string): number | null {
  const text = cell(table, record, name)
  if (text === '') return null
  const value = Number(text)
  if (!Number.isFinite(value)) throw new RowError(`${name} ${JSON.stringify(text)} is not a number`)
  return value
}

function requiredNumber(table: Table, record: CsvRecord, name: string): number {
  const value = optionalNumber(table, record, name)
  if (value === null) throw new RowError(`${name} is missing`)
  return value
}

function formatNumber(value: number | null): string {
  return value === null ? '' : String(value)
}

/** Runs fn on every record, collecting every row's errors before giving up. */
function eachRecord<T>(table: Table, fn: (record: CsvRecord) => T): { results: T[]; errors: string[] } {
  const results: T[] = []
  const errors: string[] = []
  for (const record of table.records) {
    try {
      if (record.fields.length !== table.header.length) {
        throw new RowError(`has ${record.fields.length} fields but the header has ${table.header.length}`)
      }
      results.push(fn(record))
    } catch (e) {
      if (e instanceof RowError || e instanceof RangeError) errors.push(`line ${record.line}: ${e.message}`)
      else throw e
    }
  }
  return { results, errors }
}

function requireColumns(table: Table, names: readonly string[]): void {
  const missing = names.filter((n) => table.column(n) < 0)
  if (missing.length > 0) throw new CsvError(`missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, 1)
}

function refuseColumns(table: Table, names: readonly string[]): void {
  const present = names.filter((n) => table.column(n) >= 0)
  if (present.length > 0)
    throw new CsvError(`the input already has column(s) ${present.join(', ')}, which this command adds`, 1)
}

/** As PHEindicatormethods: levels from 90% to 100%, written as fractions or percentages. */
const CSV_MIN_CONFIDENCE = 0.9

function confidenceOf(table: Table, record: CsvRecord): number {
  const given = optionalNumber(table, record, 'confidence')
  if (given === null) return CONFIDENCE_95
  const confidence = given >= CSV_MIN_CONFIDENCE && given <= 100 ? parseConfidence(given) : NaN
  if (!(confidence >= CSV_MIN_CONFIDENCE))
    throw new RowError(`confidence ${given} should be between 0.9 and 1 (e.g. 0.95 or 0.998), or 90 to 100`)
  return confidence
}

function estimateRow(table: Table, record: CsvRecord): string[] {
  const written = cell(table, record, 'method').toLowerCase()
  const method = written === 'byars' ? RateMethod.byar : written
  const confidence = confidenceOf(table, record)
  let estimate: Estimate
  if (method === 'mean') {
    estimate = meanFromSummary(
      requiredNumber(table, record, 'mean'),
      requiredNumber(table, record, 'sd'),
      requiredNumber(table, record, 'n'),
      { confidence },
    )
  } else if (method === 'wilson') {
    const multiplier = optionalNumber(table, record, 'multiplier') ?? PERCENTAGE
    estimate = proportion(requiredNumber(table, record, 'count'), requiredNumber(table, record, 'denominator'), {
      multiplier,
      confidence,
    })
  } else if (method === RateMethod.byar || method === RateMethod.exact || method === RateMethod.poisson) {
    const multiplier = optionalNumber(table, record, 'multiplier') ?? PER_100_000
    estimate = rate(requiredNumber(table, record, 'count'), requiredNumber(table, record, 'denominator'), {
      multiplier,
      confidence,
      method,
    })
  } else {
    throw new RowError(`method ${JSON.stringify(method)} is not one of wilson, byar, exact, poisson, mean`)
  }
  const [limits] = estimate.limits
  return [...record.fields, formatNumber(estimate.value), formatNumber(limits.lower), formatNumber(limits.upper)]
}

function polarityOf(table: Table, record: CsvRecord): Polarity {
  const text = cell(table, record, 'polarity')
  const polarity = parsePolarity(text)
  if (polarity === null) throw new RowError(`polarity ${JSON.stringify(text)} is not high, low or none`)
  return polarity
}

function compareRow(table: Table, record: CsvRecord): string[] {
  const polarity = polarityOf(table, record)
  const area = {
    value: optionalNumber(table, record, 'value'),
    lower: optionalNumber(table, record, 'lower'),
    upper: optionalNumber(table, record, 'upper'),
  }
  if (area.lower !== null && area.upper !== null && area.lower > area.upper) throw new RowError('lower is above upper')
  return [...record.fields, compareWithBenchmark(area, optionalNumber(table, record, 'benchmark'), polarity)]
}

/** A period as a number: 2019, or the first year of "2019/20" or "2019-20". */
function periodOf(table: Table, record: CsvRecord): number {
  const text = cell(table, record, 'period')
  const asNumber = Number(text)
  if (text !== '' && Number.isFinite(asNumber)) return asNumber
  const year = /^(\d{4})(?:\s*[/-]\s*\d{2,4})?$/.exec(text)
  if (!year) throw new RowError(`period ${JSON.stringify(text)} is not a year such as 2019 or 2019/20`)
  return Number(year[1])
}

interface Series {
  readonly name: string
  readonly line: number
  readonly polarity: Polarity
  readonly valueType: TrendValueType
  readonly valueTypeText: string
  readonly points: TrendPoint[]
  readonly periodLines: Map<number, number>
}

function trendRows(table: Table): { rows: string[][]; errors: string[] } {
  const series = new Map<string, Series>()
  const { errors } = eachRecord(table, (record) => {
    const name = cell(table, record, 'series')
    if (name === '') throw new RowError('series is missing')
    const polarity = polarityOf(table, record)
    const valueTypeText = cell(table, record, 'value_type')
    if (valueTypeText === '') throw new RowError('value_type is missing')
    const point: TrendPoint = {
      period: periodOf(table, record),
      value: optionalNumber(table, record, 'value'),
      lower95: optionalNumber(table, record, 'lower'),
      upper95: optionalNumber(table, record, 'upper'),
      count: optionalNumber(table, record, 'count'),
      denominator: optionalNumber(table, record, 'denominator'),
    }
    const s: Series = series.get(name) ?? {
      name,
      line: record.line,
      polarity,
      valueType: parseTrendValueType(valueTypeText),
      valueTypeText,
      points: [],
      periodLines: new Map(),
    }
    if (s.polarity !== polarity)
      throw new RowError(`series ${JSON.stringify(name)} has a different polarity on line ${s.line}`)
    if (s.valueTypeText.toLowerCase() !== valueTypeText.toLowerCase())
      throw new RowError(`series ${JSON.stringify(name)} has a different value_type on line ${s.line}`)
    const seen = s.periodLines.get(point.period)
    if (seen !== undefined)
      throw new RowError(`series ${JSON.stringify(name)} already has period ${point.period} on line ${seen}`)
    s.periodLines.set(point.period, record.line)
    s.points.push(point)
    series.set(name, s)
  })
  const rows = [...series.values()].map((s) => {
    const result = recentTrend(s.points, { valueType: s.valueType, polarity: s.polarity })
    return [
      s.name,
      result.label,
      formatNumber(result.slope),
      formatNumber(result.chiSquare),
      String(result.pointsUsed),
      result.message,
    ]
  })
  return { rows, errors }
}

const COMMANDS = {
  ci: (table: Table) => {
    requireColumns(table, ['method'])
    refuseColumns(table, ['value', 'lower', 'upper'])
    const { results, errors } = eachRecord(table, (record) => estimateRow(table, record))
    return { rows: [[...table.header, 'value', 'lower', 'upper'], ...results], errors }
  },
  compare: (table: Table) => {
    requireColumns(table, ['value', 'lower', 'upper', 'benchmark', 'polarity'])
    refuseColumns(table, ['comparison'])
    const { results, errors } = eachRecord(table, (record) => compareRow(table, record))
    return { rows: [[...table.header, 'comparison'], ...results], errors }
  },
  trend: (table: Table) => {
    requireColumns(table, [
      'series',
      'period',
      'value',
      'lower',
      'upper',
      'count',
      'denominator',
      'polarity',
      'value_type',
    ])
    const { rows, errors } = trendRows(table)
    return { rows: [['series', 'trend', 'slope', 'chi_square', 'points_used', 'message'], ...rows], errors }
  },
} as const

export type StatsCommand = keyof typeof COMMANDS
export const STATS_COMMANDS = Object.keys(COMMANDS) as StatsCommand[]

/**
 * args: the command and anything after it (e.g. ['ci', 'file.csv']; only the command is read here,
 * the caller reads the file). Exit 0 with CSV on stdout; 1 with every bad row on stderr; 2 for usage.
 */
export function runStatsCommand(args: readonly string[], input: string): CommandResult {
  const name = args[0]
  if (name === undefined || name === '--help' || name === '-h') {
    return {
      exitCode: name === undefined ? ExitCode.usage : ExitCode.ok,
      stdout: name === undefined ? '' : STATS_USAGE,
      stderr: name === undefined ? STATS_USAGE : '',
    }
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    return {
      exitCode: ExitCode.usage,
      stdout: '',
      stderr: `unknown stats command ${JSON.stringify(name)}\n${STATS_USAGE}`,
    }
  }
  try {
    const { rows, errors } = COMMANDS[name as StatsCommand](readTable(input))
    if (errors.length > 0) {
      const heading = `${errors.length} bad row${errors.length > 1 ? 's' : ''}; nothing was written:\n`
      return { exitCode: ExitCode.badInput, stdout: '', stderr: heading + errors.join('\n') + '\n' }
    }
    return { exitCode: ExitCode.ok, stdout: writeCsv(rows), stderr: '' }
  } catch (e) {
    if (e instanceof CsvError) return { exitCode: ExitCode.badInput, stdout: '', stderr: e.message + '\n' }
    throw e
  }
}
