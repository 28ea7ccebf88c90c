/**
 * Every check one row can pass or fail alone, with a reason an analyst can act on. Pure.
 * (Checks across rows, such as a key repeated in the file, run after all rows are read.)
 */
import { isPeriodError, parsePeriod } from '../periods.js'
import type { Field, ImportContext, ImportRow, IndicatorInfo, RawRow, RowProblem } from './import.types.js'
import { computeInterval, disagrees } from '../intervals.js'
import { parseNumber } from './numbers.js'

export interface RowResult {
  row: ImportRow | null
  errors: RowProblem[]
  warnings: RowProblem[]
}

/**
 * The longest text each field may hold: far beyond any real one (Fingertips' longest breakdown names
 * are under 100 characters), and short enough that a figure's key (indicator, area, period and
 * breakdown) always fits the database's index, which a 20,000-character age did not.
 */
export const TEXT_LIMITS: readonly (readonly [Field, number, string])[] = [
  ['sex', 150, 'sex'],
  ['age', 150, 'age'],
  ['categoryType', 150, 'category type'],
  ['category', 150, 'category'],
  ['valueNote', 2000, 'value note'],
  ['source', 2000, 'source'],
  ['sourceQuote', 10_000, 'source quote'],
]

/** Relative slack when comparing a value with its limits: published figures are rounded. */
const LIMIT_TOLERANCE = 1e-9

type NumberField = 'value' | 'count' | 'denominator' | 'lower95' | 'upper95' | 'lower998' | 'upper998'
const NUMBER_FIELDS: readonly NumberField[] = [
  'value',
  'count',
  'denominator',
  'lower95',
  'upper95',
  'lower998',
  'upper998',
]
type Numbers = Record<NumberField, number | null>

/** One row's problems as they are found, each named by the file's own column. */
interface Problems {
  error: (f: Field | null, reason: string) => void
  warn: (f: Field, reason: string) => void
}

export function validateRow(
  raw: RawRow,
  line: number,
  context: ImportContext,
  columnNames: Partial<Record<Field, string>>,
): RowResult {
  const errors: RowProblem[] = []
  const warnings: RowProblem[] = []
  const column = (f: Field) => columnNames[f] ?? f
  const problems: Problems = {
    error: (f, reason) => errors.push({ line, column: f ? column(f) : null, reason }),
    warn: (f, reason) => warnings.push({ line, column: column(f), reason }),
  }
  const indicatorId = resolveIndicator(raw.indicator, context)
  const indicator = indicatorId ? context.indicators.get(indicatorId) : undefined
  checkKey(raw, indicator, context, problems)
  const period = raw.period
    ? parsePeriod(raw.period, { yearType: indicator?.yearType })
    : { error: 'the period is missing' }
  if (isPeriodError(period)) problems.error('period', period.error)
  const numbers = parseNumbers(raw, problems)
  checkNumbers(numbers, indicator, problems)
  if (!raw.source) problems.error('source', 'the source is missing: say where the figure comes from')
  checkWarnings(raw, numbers, indicator, context, problems)

  if (errors.length > 0 || !indicatorId || isPeriodError(period)) return { row: null, errors, warnings }
  return {
    row: {
      line,
      indicatorId,
      areaCode: raw.area,
      period,
      sex: raw.sex || 'Persons',
      age: raw.age,
      categoryType: raw.categoryType,
      category: raw.category,
      ...numbers,
      valueNote: raw.valueNote || null,
      source: raw.source,
      sourceQuote: raw.sourceQuote || null,
    },
    errors,
    warnings,
  }
}

/** The indicator, the area, and text no longer than a field may hold. */
function checkKey(raw: RawRow, indicator: IndicatorInfo | undefined, context: ImportContext, { error }: Problems) {
  if (!raw.indicator) error('indicator', 'the indicator is missing')
  else if (!indicator) {
    error(
      'indicator',
      /^\d+$/.test(raw.indicator)
        ? `Fingertips indicator ${raw.indicator} is not mapped to an indicator of ours (set fingertips_id in data/indicators)`
        : `unknown indicator "${raw.indicator}"`,
    )
  }
  if (!raw.area) error('area', 'the area code is missing')
  else if (!context.areas.has(raw.area)) error('area', `unknown area code "${raw.area}"`)
  for (const [f, max, label] of TEXT_LIMITS) {
    if (raw[f].length > max)
      error(
        f,
        `the ${label} is longer than ${max.toLocaleString('en-GB')} characters (${raw[f].length.toLocaleString('en-GB')}): is it in the right column?`,
      )
  }
}

function parseNumbers(raw: RawRow, { error }: Problems): Numbers {
  const numbers = {} as Numbers
  for (const f of NUMBER_FIELDS) {
    const parsed = parseNumber(raw[f], {
      whole: f === 'count' ? 'count' : f === 'denominator' ? 'denominator' : undefined,
    })
    if (parsed !== null && typeof parsed === 'object') {
      numbers[f] = null
      error(f, parsed.error)
    } else numbers[f] = parsed
  }
  return numbers
}

/** Signs, a proportion's bounds, and each interval whole, in order and around its value. */
function checkNumbers(
  { value, count, denominator, lower95, upper95, lower998, upper998 }: Numbers,
  indicator: IndicatorInfo | undefined,
  { error }: Problems,
) {
  if (count !== null && count < 0) error('count', `the count cannot be negative (${count})`)
  if (denominator !== null && denominator < 0)
    error('denominator', `the denominator cannot be negative (${denominator})`)
  const proportion = indicator?.valueType === 'proportion'
  if (proportion && count !== null && denominator !== null && count > denominator) {
    error('count', `the count (${count}) is more than the denominator (${denominator}), which a proportion cannot be`)
  }
  if (proportion && value !== null && (value < 0 || value > 100))
    error('value', `a percentage must be between 0 and 100, not ${value}`)
  for (const [level, lower, upper, lowerField, upperField] of [
    ['95%', lower95, upper95, 'lower95', 'upper95'],
    ['99.8%', lower998, upper998, 'lower998', 'upper998'],
  ] as const) {
    if ((lower === null) !== (upper === null)) {
      error(lower === null ? lowerField : upperField, `the ${level} interval needs both its lower and its upper limit`)
    } else if (lower !== null && upper !== null) {
      if (lower > upper) error(lowerField, `the lower ${level} limit (${lower}) is above the upper (${upper})`)
      else if (value !== null && !within(value, lower, upper)) {
        error('value', `the value (${value}) is outside its ${level} interval (${lower} to ${upper})`)
      }
    }
  }
}

/** What is stored but worth a look: no value, an interval unlike the method's, a count public pages will hide. */
function checkWarnings(
  raw: RawRow,
  { count, denominator, lower95, upper95 }: Numbers,
  indicator: IndicatorInfo | undefined,
  context: ImportContext,
  { warn }: Problems,
) {
  if (raw.value === '' && !raw.valueNote) warn('value', 'no value and no value note: stored as no data')
  // Published intervals are kept; one that disagrees with the indicator's own method is flagged.
  if (indicator && lower95 !== null && upper95 !== null && lower95 <= upper95) {
    const computed = computeInterval(indicator, count, denominator)
    if (computed && (disagrees(lower95, computed.lower) || disagrees(upper95, computed.upper))) {
      warn(
        'lower95',
        `the published 95% interval (${lower95} to ${upper95}) differs from the ${computed.method} interval worked out from the count and denominator (${round(computed.lower)} to ${round(computed.upper)}); the published one is kept`,
      )
    }
  }
  if (count !== null && count > 0 && count < context.smallCountThreshold) {
    warn(
      'count',
      `a small count (${count}): public pages and downloads will suppress it and the values worked out from it`,
    )
  }
}

function resolveIndicator(text: string, context: ImportContext): string | null {
  if (!text) return null
  if (context.indicators.has(text)) return text
  if (/^\d+$/.test(text)) return context.fingertipsIds.get(Number(text)) ?? null
  return null
}

function round(n: number): string {
  return String(Number(n.toPrecision(6)))
}

function within(value: number, lower: number, upper: number): boolean {
  const slack = LIMIT_TOLERANCE * Math.max(Math.abs(lower), Math.abs(upper), 1)
  return value >= lower - slack && value <= upper + slack
}
