/**
 * Time periods as indicator sources write them ("2021", "2021/22", "2018 - 20", "2022/23 Q1",
 * "Mar 2023", "year ending March 2023" …), turned into exact date spans. Pure: no I/O.
 *
 * Every period gets a `key` of the form `start/end` (ISO dates, end inclusive), so plain string
 * comparison orders periods by start date, then by end date: within one type that is chronological,
 * and across types a shorter period sorts before a longer one starting on the same day
 * ("2021/22 Q1" before "2021/22"). Two labels for the same span share a key: "year ending March
 * 2023" and the financial year "2022/23" both cover 2022-04-01/2023-03-31.
 *
 * The forms follow what Fingertips writes (fingertips-open, PholioVisualisationWS/Formatting/
 * TimePeriodFormatter.cs): "2015", "2015/16", "2013 - 15", "2013/14 - 15/16", "2015/16 Q1",
 * "2015 Q1", "2015/16 Q1-Q3", "2015/16 Q1 - 2016/17 Q2", "2015/16 Q2 - 2016/17 Q1",
 * "Mar 2015", "Apr 2015 - Mar 2016", "Aug 2015 - Jul 2016".
 */

export const PeriodType = {
  /** "2021": January to December. */
  calendar_year: 'calendar_year',
  /** "2021/22": April 2021 to March 2022 (the default reading of YYYY/YY). */
  financial_year: 'financial_year',
  /** "2021/22" for an academic-year indicator: September 2021 to August 2022. */
  academic_year: 'academic_year',
  /** "2018 - 20" (calendar years, inclusive) or "2017/18 - 19/20" (financial or academic years). */
  rolling_years: 'rolling_years',
  /** "2022/23 Q1" (April to June 2022) or "2022 Q1" (January to March 2022). */
  quarter: 'quarter',
  /** "Mar 2023", "March 2023", "2023-03". */
  month: 'month',
  /** "2022/23 Q1-Q3": April to December 2022, cumulative from the start of the year. */
  cumulative_quarters: 'cumulative_quarters',
  /** "year ending March 2023", "12 months to Mar 2023", "Apr 2022 - Mar 2023", "2022/23 Q2 - 2023/24 Q1". */
  year_ending: 'year_ending',
  /** Any other run of whole months: "Apr 2022 - Sep 2022", "2022/23 Q2-Q3". */
  month_range: 'month_range',
} as const
export type PeriodType = (typeof PeriodType)[keyof typeof PeriodType]

export interface Period {
  /** The source's label as given, trimmed. */
  readonly label: string
  readonly type: PeriodType
  /** `start/end`; string order is chronological (start, then end). */
  readonly key: string
  /** ISO date of the first day. */
  readonly start: string
  /** ISO date of the last day (inclusive). */
  readonly end: string
  /** A normalised human label, e.g. "2018 - 20", "2022/23 Q1", "Mar 2023", "Year ending Mar 2023". */
  readonly display: string
}

export interface PeriodError {
  readonly error: string
}

export interface PeriodHint {
  /**
   * How to read a "YYYY/YY" label: `financial` (April-March, the default), `academic`
   * (September-August), or `calendar_multi` (calendar years from the first to the second, as in
   * "2019/20" = January 2019 to December 2020). Take it from the indicator's metadata.
   */
  readonly yearType?: 'financial' | 'academic' | 'calendar_multi'
}

export const isPeriodError = <T extends object>(value: T | PeriodError): value is PeriodError => 'error' in value

/** The years this product handles; anything outside is a typing slip. */
const MIN_YEAR = 1900
const MAX_YEAR = 2099
/** The longest multi-year period accepted (Fingertips pools at most 5-10 years). */
const MAX_SPAN_YEARS = 20

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const MONTH = '([A-Za-z]+\\.?)'
const SEP = '(?:\\s*-\\s*|\\s+to\\s+)'
const FORMS =
  '2021, 2021/22, 2018 - 20, 2017/18 - 19/20, 2022/23 Q1, 2022 Q1, 2022/23 Q1-Q3, Mar 2023, 2023-03, ' +
  'Apr 2022 - Mar 2023 or year ending Mar 2023'

// ---- dates -------------------------------------------------------------------------------------

const pad2 = (n: number): string => String(n).padStart(2, '0')
const yy = (year: number): string => pad2(year % 100)
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
const iso = (y: number, m: number, d: number): string => `${y}-${pad2(m)}-${pad2(d)}`

/** A month counted from year 0 (so arithmetic carries across years). */
type MonthIndex = number
const monthIndex = (y: number, m: number): MonthIndex => y * 12 + (m - 1)
const yearOf = (i: MonthIndex): number => Math.floor(i / 12)
const monthOf = (i: MonthIndex): number => (i % 12) + 1
const firstDay = (i: MonthIndex): string => iso(yearOf(i), monthOf(i), 1)
const lastDay = (i: MonthIndex): string => iso(yearOf(i), monthOf(i), daysInMonth(yearOf(i), monthOf(i)))
const monthLabel = (i: MonthIndex): string => `${MONTHS[monthOf(i) - 1]} ${yearOf(i)}`

function monthNumber(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '')
  if (n.length < 3) return null
  if (n === 'sept') return 9
  const i = MONTH_NAMES.findIndex((full) => full === n || full.slice(0, 3) === n)
  return i === -1 ? null : i + 1
}

// ---- building results --------------------------------------------------------------------------

class Reject extends Error {}
const reject = (message: string): never => {
  throw new Reject(message)
}

function period(label: string, type: PeriodType, start: string, end: string, display: string): Period {
  return { label, type, key: `${start}/${end}`, start, end, display }
}

/** A span of whole months, first..last inclusive. */
const months = (label: string, type: PeriodType, first: MonthIndex, last: MonthIndex, display: string): Period =>
  period(label, type, firstDay(first), lastDay(last), display)

function checkYear(label: string, year: number): number {
  if (year < MIN_YEAR || year > MAX_YEAR)
    reject(`"${label}" is outside the years this product handles (${MIN_YEAR} to ${MAX_YEAR})`)
  return year
}

/** The second half of a split year ("22" or "2022" in "2021/22") must be the year after the first. */
function checkSplitYear(label: string, first: number, second: string, what: string): void {
  const ok = second.length === 2 ? Number(second) === (first + 1) % 100 : Number(second) === first + 1
  if (!ok) reject(`"${label}" is not ${what}: the second year must follow the first (${first}/${yy(first + 1)})`)
}

/**
 * A 2- or 4-digit later year: "20" after 2018 is 2020, "01" after 1999 is 2001. A 2-digit year
 * that would only follow `first` in a far-off century stays before it, so the caller can say so.
 */
function laterYear(first: number, text: string): number {
  if (text.length === 4) return Number(text)
  const year = first - (first % 100) + Number(text)
  return year < first && year + 100 - first < MAX_SPAN_YEARS ? year + 100 : year
}

function checkSpan(label: string, first: number, last: number, unit = 'year'): void {
  if (last < first) reject(`"${label}" is not a range of ${unit}s: the last ${unit} is before the first`)
  if (last === first) reject(`"${label}" is a single ${unit}, not a range: write it as one ${unit}`)
  if (last - first + 1 > MAX_SPAN_YEARS)
    reject(`"${label}" spans more than ${MAX_SPAN_YEARS} years: check the years are typed correctly`)
}

function checkQuarter(label: string, q: number): number {
  if (q < 1 || q > 4) reject(`"${label}" is not a quarter: quarters run Q1 to Q4`)
  return q
}

// ---- the forms ---------------------------------------------------------------------------------

type Style = 'financial' | 'calendar'
/** The first month of quarter q of a financial (April) or calendar (January) year. */
const quarterStart = (style: Style, year: number, q: number): MonthIndex =>
  monthIndex(year, style === 'financial' ? 4 : 1) + 3 * (q - 1)
const quarterLabel = (style: Style, year: number, q: number): string =>
  style === 'financial' ? `${year}/${yy(year + 1)} Q${q}` : `${year} Q${q}`

function yearRange(label: string, first: number, last: number): Period {
  checkYear(label, first)
  checkYear(label, last)
  checkSpan(label, first, last)
  return months(label, PeriodType.rolling_years, monthIndex(first, 1), monthIndex(last, 12), `${first} - ${yy(last)}`)
}

function splitYear(label: string, first: number, second: string, hint: PeriodHint): Period {
  checkYear(label, first)
  const yearType = hint.yearType ?? 'financial'
  if (yearType === 'calendar_multi') return yearRange(label, first, laterYear(first, second))
  const academic = yearType === 'academic'
  checkSplitYear(label, first, second, academic ? 'an academic year' : 'a financial year')
  const startMonth = monthIndex(first, academic ? 9 : 4)
  const type = academic ? PeriodType.academic_year : PeriodType.financial_year
  return months(label, type, startMonth, startMonth + 11, `${first}/${yy(first + 1)}`)
}

function splitYearRange(label: string, m: RegExpMatchArray, hint: PeriodHint): Period {
  const first = checkYear(label, Number(m[1]))
  const yearType = hint.yearType ?? 'financial'
  if (yearType === 'calendar_multi')
    reject(`"${label}" is a run of financial or academic years, but the indicator is set to calendar years`)
  const academic = yearType === 'academic'
  const what = academic ? 'a run of academic years' : 'a run of financial years'
  checkSplitYear(label, first, m[2], what)
  const lastStart = checkYear(label, laterYear(first, m[3]))
  checkSplitYear(label, lastStart, m[4], what)
  checkSpan(label, first, lastStart)
  const startMonth = academic ? 9 : 4
  return months(
    label,
    PeriodType.rolling_years,
    monthIndex(first, startMonth),
    monthIndex(lastStart + 1, startMonth) - 1,
    `${first}/${yy(first + 1)} - ${yy(lastStart)}/${yy(lastStart + 1)}`,
  )
}

/**
 * "YYYY-NN" without spaces: an ISO month ("2023-03"), a run of calendar years ("2018-20"), or, with
 * a financial or academic hint, that year ("2021-22" as many UK publications write 2021/22). Where
 * the label could be more than one of these and no hint decides, the analyst is asked to choose.
 */
function compactYearDash(label: string, year: number, nn: string, hint: PeriodHint): Period {
  checkYear(label, year)
  const n = Number(nn)
  const later = n > year % 100
  const next = n === (year + 1) % 100
  if (next && (hint.yearType === 'financial' || hint.yearType === 'academic')) return splitYear(label, year, nn, hint)
  if (later && (hint.yearType === 'calendar_multi' || (n > 12 && !next)))
    return yearRange(label, year, laterYear(year, nn))
  if (later || next) {
    const choices = [
      ...(next ? [`"${year}/${nn}" for the financial or academic year`] : []),
      `"${year} - ${nn}" for the calendar years ${year} to ${laterYear(year, nn)}`,
      ...(n >= 1 && n <= 12 ? [`"${MONTHS[n - 1]} ${year}" for the month`] : []),
    ]
    reject(`"${label}" is ambiguous: write ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`)
  }
  if (n >= 1 && n <= 12) return monthPeriod(label, year, n)
  return reject(
    `"${label}" is not a month (the month must be 01 to 12) ` +
      `nor a range of years (the last year would be before the first)`,
  )
}

function monthPeriod(label: string, year: number, month: number): Period {
  checkYear(label, year)
  const i = monthIndex(year, month)
  return months(label, PeriodType.month, i, i, monthLabel(i))
}

function namedMonth(label: string, name: string): number {
  const n = monthNumber(name)
  if (n === null) reject(`"${label}" is not a recognised period: "${name}" is not a month name`)
  return n as number
}

/** Any run of whole months, classified: one month, twelve (a year ending), or another length. */
function monthSpan(label: string, first: MonthIndex, last: MonthIndex, display?: string): Period {
  if (last < first) reject(`"${label}" is not a range of months: the last month is before the first`)
  if (last - first + 1 > 12 * MAX_SPAN_YEARS)
    reject(`"${label}" spans more than ${MAX_SPAN_YEARS} years: check the years are typed correctly`)
  if (last === first) return months(label, PeriodType.month, first, last, monthLabel(first))
  if (last - first + 1 === 12) return yearEndingMonths(label, last)
  return months(label, PeriodType.month_range, first, last, display ?? `${monthLabel(first)} - ${monthLabel(last)}`)
}

/** The twelve months ending with `last`. */
function yearEndingMonths(label: string, last: MonthIndex): Period {
  return months(label, PeriodType.year_ending, last - 11, last, `Year ending ${monthLabel(last)}`)
}

interface QuarterRef {
  readonly style: Style
  readonly year: number
  readonly q: number
}

function quarterRef(label: string, year: string, split: string | undefined, q: string): QuarterRef {
  const y = checkYear(label, Number(year))
  if (split !== undefined) checkSplitYear(label, y, split, 'a financial year')
  return { style: split === undefined ? 'calendar' : 'financial', year: y, q: checkQuarter(label, Number(q)) }
}

function singleQuarter(label: string, ref: QuarterRef): Period {
  const first = quarterStart(ref.style, ref.year, ref.q)
  return months(label, PeriodType.quarter, first, first + 2, quarterLabel(ref.style, ref.year, ref.q))
}

function quarterSpan(label: string, a: QuarterRef, b: QuarterRef): Period {
  if (a.style !== b.style)
    reject(`"${label}" mixes a financial-year quarter with a calendar-year quarter: write both the same way`)
  const first = quarterStart(a.style, a.year, a.q)
  const last = quarterStart(b.style, b.year, b.q) + 2
  if (last < first) reject(`"${label}" is not a range of quarters: the last quarter is before the first`)
  if (last - first === 2) return singleQuarter(label, a)
  const sameYear = a.year === b.year
  const display = sameYear
    ? `${quarterLabel(a.style, a.year, a.q)}-Q${b.q}`
    : `${quarterLabel(a.style, a.year, a.q)} - ${quarterLabel(b.style, b.year, b.q)}`
  // Fingertips' cumulative quarters start at Q1, within one year ("2022/23 Q1-Q3") or across years.
  if (a.q === 1 && (sameYear || last - first + 1 !== 12))
    return months(label, PeriodType.cumulative_quarters, first, last, display)
  return monthSpan(label, first, last, display)
}

function yearEnding(label: string, dayText: string | undefined, monthName: string, yearText: string): Period {
  const year = checkYear(label, Number(yearText))
  const month = namedMonth(label, monthName)
  const endMonth = monthIndex(year, month)
  const monthDays = daysInMonth(year, month)
  const day = dayText === undefined ? monthDays : Number(dayText)
  if (day < 1 || day > monthDays) reject(`"${label}" is not a date: ${MONTHS[month - 1]} ${year} has ${monthDays} days`)
  if (day === monthDays) return yearEndingMonths(label, endMonth)
  // A year ending mid-month runs from the day after the same date a year earlier (28 Feb 2024:
  // from 1 Mar 2023, as February 2023 has no 29th).
  const startYear = year - 1
  const rollsOver = day + 1 > daysInMonth(startYear, month)
  const start = rollsOver ? firstDay(monthIndex(startYear, month) + 1) : iso(startYear, month, day + 1)
  const display = `Year ending ${day} ${monthLabel(endMonth)}`
  return period(label, PeriodType.year_ending, start, iso(year, month, day), display)
}

// ---- the parser --------------------------------------------------------------------------------

const YEAR = /^(\d{4})$/
const SPLIT_YEAR = /^(\d{4})\/(\d{2}|\d{4})$/
const SPLIT_YEAR_RANGE = new RegExp(`^(\\d{4})\\/(\\d{2}|\\d{4})${SEP}(\\d{2}|\\d{4})\\/(\\d{2}|\\d{4})$`)
const COMPACT_YEAR_DASH = /^(\d{4})-(\d{2})$/
const YEAR_RANGE = new RegExp(`^(\\d{4})${SEP}(\\d{2}|\\d{4})$`)
/** A quarter's year: "2022/23" (financial) or "2022" (calendar). */
const QYEAR = '(\\d{4})(?:\\/(\\d{2}|\\d{4}))?'
const QUARTER = new RegExp(`^${QYEAR} ?Q(\\d)$`, 'i')
const QUARTER_FIRST = new RegExp(`^Q(\\d) ${QYEAR}$`, 'i')
const QUARTERS_IN_YEAR = new RegExp(`^${QYEAR} ?Q(\\d) ?- ?Q(\\d)$`, 'i')
const QUARTERS_ACROSS_YEARS = new RegExp(`^${QYEAR} ?Q(\\d)${SEP}${QYEAR} ?Q(\\d)$`, 'i')
const NAMED_MONTH = new RegExp(`^${MONTH} (\\d{4})$`)
const NAMED_MONTH_SHORT = new RegExp(`^${MONTH}-(\\d{2})$`)
const MONTH_RANGE = new RegExp(`^${MONTH} (\\d{4})${SEP}${MONTH} (\\d{4})$`)
const YEAR_ENDING = new RegExp(
  '^(?:the )?(?:year|12 months|twelve months|rolling 12 months) (?:ending|ended|to) ' +
    `(?:(\\d{1,2}) )?${MONTH},? (\\d{4})$`,
  'i',
)

type Rule = readonly [RegExp, (m: RegExpMatchArray, label: string, hint: PeriodHint) => Period]

const RULES: readonly Rule[] = [
  [
    YEAR,
    (m, label) => {
      const year = checkYear(label, Number(m[1]))
      return months(label, PeriodType.calendar_year, monthIndex(year, 1), monthIndex(year, 12), String(year))
    },
  ],
  [SPLIT_YEAR, (m, label, hint) => splitYear(label, Number(m[1]), m[2], hint)],
  [SPLIT_YEAR_RANGE, (m, label, hint) => splitYearRange(label, m, hint)],
  [COMPACT_YEAR_DASH, (m, label, hint) => compactYearDash(label, Number(m[1]), m[2], hint)],
  [
    YEAR_RANGE,
    (m, label) => {
      const first = checkYear(label, Number(m[1]))
      return yearRange(label, first, laterYear(first, m[2]))
    },
  ],
  [QUARTER, (m, label) => singleQuarter(label, quarterRef(label, m[1], m[2], m[3]))],
  [QUARTER_FIRST, (m, label) => singleQuarter(label, quarterRef(label, m[2], m[3], m[1]))],
  [
    QUARTERS_IN_YEAR,
    (m, label) => quarterSpan(label, quarterRef(label, m[1], m[2], m[3]), quarterRef(label, m[1], m[2], m[4])),
  ],
  [
    QUARTERS_ACROSS_YEARS,
    (m, label) => quarterSpan(label, quarterRef(label, m[1], m[2], m[3]), quarterRef(label, m[4], m[5], m[6])),
  ],
  [NAMED_MONTH, (m, label) => monthPeriod(label, Number(m[2]), namedMonth(label, m[1]))],
  [NAMED_MONTH_SHORT, (m, label) => monthPeriod(label, 2000 + Number(m[2]), namedMonth(label, m[1]))],
  [
    MONTH_RANGE,
    (m, label) => {
      const first = monthIndex(checkYear(label, Number(m[2])), namedMonth(label, m[1]))
      const last = monthIndex(checkYear(label, Number(m[4])), namedMonth(label, m[3]))
      return monthSpan(label, first, last)
    },
  ],
  [YEAR_ENDING, (m, label) => yearEnding(label, m[1], m[2], m[3])],
]

/**
 * Reads a period label. Returns the period, or `{ error }` with a message for the analyst whose
 * file it came from, e.g. `"2021/23" is not a financial year: the second year must follow the
 * first (2021/22)`.
 */
export function parsePeriod(label: string, hint: PeriodHint = {}): Period | PeriodError {
  const trimmed = label.trim()
  if (trimmed === '') return { error: `The period is empty: write it as the source does, e.g. ${FORMS}` }
  const text = trimmed.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, ' ')
  try {
    for (const [pattern, build] of RULES) {
      const m = text.match(pattern)
      if (m) return build(m, trimmed, hint)
    }
  } catch (e) {
    if (e instanceof Reject) return { error: e.message }
    throw e
  }
  return { error: `"${trimmed}" is not a recognised period: write it as, e.g., ${FORMS}` }
}

/** Orders periods by key (start, then end), then by label so the order is stable. */
export function compareByKey(a: Pick<Period, 'key' | 'label'>, b: Pick<Period, 'key' | 'label'>): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0
}

// ---- Fingertips "Time period Sortable" ---------------------------------------------------------

export interface FingertipsSortable {
  readonly sortable: string
  /** Fingertips' year: the first year in the label ("2015" in "2015/16", "2013 - 15" or "2015/16 Q4"). */
  readonly year: number
  /** The last four digits, kept as written: "0000" for yearly data. */
  readonly suffix: string
}

/**
 * Decodes Fingertips' "Time period Sortable" column (e.g. 20150000). It holds the period's first
 * year and four more digits ("0000" in yearly data); it says nothing about the period's length or
 * year type, so it cannot stand for the period: read the "Time period" label with parsePeriod and
 * use this to check it (checkFingertipsSortable). The last four digits of quarterly and monthly
 * data are kept undecoded, because no real export we hold shows them.
 */
export function periodFromFingertipsSortable(sortable: string): FingertipsSortable | PeriodError {
  const text = sortable.trim()
  const m = text.match(/^(\d{4})(\d{4})$/)
  if (!m) return { error: `"${text}" is not a Fingertips sortable time period: expected 8 digits, e.g. 20150000` }
  const year = Number(m[1])
  if (year < MIN_YEAR || year > MAX_YEAR)
    return { error: `"${text}" is outside the years this product handles (${MIN_YEAR} to ${MAX_YEAR})` }
  return { sortable: text, year, suffix: m[2] }
}

const YEARLY: ReadonlySet<PeriodType> = new Set([
  PeriodType.calendar_year,
  PeriodType.financial_year,
  PeriodType.academic_year,
  PeriodType.rolling_years,
])

/**
 * Checks a Fingertips row's "Time period Sortable" against its parsed "Time period". Returns null
 * when they agree, or a message. Yearly periods must have the same first year and suffix 0000;
 * shorter periods may carry the year before their start (a financial year's Q4, January to March,
 * belongs to the year that began the April before).
 */
export function checkFingertipsSortable(p: Period, sortable: string): string | null {
  const decoded = periodFromFingertipsSortable(sortable)
  if (isPeriodError(decoded)) return decoded.error
  const startYear = Number(p.start.slice(0, 4))
  if (YEARLY.has(p.type)) {
    if (decoded.year === startYear && decoded.suffix === '0000') return null
    return `Time period Sortable ${decoded.sortable} does not match the period "${p.label}" (expected ${startYear}0000)`
  }
  if (decoded.year === startYear || decoded.year === startYear - 1) return null
  return (
    `Time period Sortable ${decoded.sortable} does not match the period "${p.label}" ` +
    `(its year should be ${startYear} or ${startYear - 1})`
  )
}
