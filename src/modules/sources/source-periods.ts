/**
 * Publishers' ways of writing a time period, turned into the labels the data template takes
 * (periods.ts reads those). DfE's LAIT writes "2025" for the year a school or financial year ends;
 * Explore Education Statistics writes time_period and time_identifier ("202425", "Academic year");
 * ONS Explore Local Statistics writes an ISO 8601 start and duration ("2011-01-01/P3Y"). Pure.
 */

/** How a bare four-digit year is to be read: the calendar year, or the school or financial year ending in it. */
export type YearRule = 'calendar' | 'academic_ending' | 'financial_ending'

export type PeriodResult = { label: string } | { error: string }

const yy = (year: number) => String(year % 100).padStart(2, '0')
const split = (start: number) => `${start}/${yy(start + 1)}`

/** A year as the rule reads it: 2025 → "2025", or "2024/25" for a year ending in 2025. */
export function yearLabel(year: number, rule: YearRule): string {
  return rule === 'calendar' ? String(year) : split(year - 1)
}

/** A LAIT "Years" label: "2025", "2023/24", "2024-25", "2013/14-15/16" (three pooled years) or "2014-16". */
export function laitPeriod(label: string, rule: YearRule): PeriodResult {
  const text = label.trim()
  let m = /^(\d{4})$/.exec(text)
  if (m) return { label: yearLabel(Number(m[1]), rule) }
  m = /^(\d{4})\/(\d{2})$/.exec(text)
  if (m) return { label: text }
  m = /^(\d{4})\/(\d{2})-(\d{2})\/(\d{2})$/.exec(text)
  if (m) return { label: `${m[1]}/${m[2]} - ${m[3]}/${m[4]}` }
  m = /^(\d{4})-(\d{2})$/.exec(text)
  if (m && rule === 'calendar' && Number(m[2]) - (Number(m[1]) % 100) >= 2) return { label: `${m[1]} - ${m[2]}` }
  // "2024-25" is a school or financial year for a measure of that type; for a calendar measure it is ambiguous.
  if (m && rule !== 'calendar' && Number(m[2]) === (Number(m[1]) + 1) % 100) return { label: split(Number(m[1])) }
  return { error: `the LAIT period "${label}" is not one this build reads for a ${rule.replace('_', ' ')} measure` }
}

/**
 * An Explore Education Statistics period: six digits for a school or financial year ("202425"),
 * four for a calendar or reporting year. A "Reporting year" is read by the mapping's rule (the
 * children in need census reports the year to 31 March).
 */
export function eesPeriod(timePeriod: string, timeIdentifier: string, rule: YearRule): PeriodResult {
  const period = timePeriod.trim()
  const identifier = timeIdentifier.trim().toLowerCase()
  const six = /^(\d{4})(\d{2})$/.exec(period)
  if (six) {
    if (Number(six[2]) !== (Number(six[1]) + 1) % 100)
      return { error: `the period "${period}" is not a school or financial year` }
    return { label: `${six[1]}/${six[2]}` }
  }
  const four = /^(\d{4})$/.exec(period)
  if (!four) return { error: `the period "${period}" is not one Explore Education Statistics writes` }
  const year = Number(four[1])
  if (identifier === 'calendar year') return { label: String(year) }
  if (identifier === 'reporting year' || identifier === 'financial year' || identifier === 'academic year')
    return { label: yearLabel(year, rule) }
  return { error: `the time identifier "${timeIdentifier}" is not one this reader knows` }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * An ONS ISO 8601 period ("2015-11-16/P1Y"). Whole calendar years become "2015" or "2011 - 13";
 * a year from April becomes "2021/22" (or, for an indicator read by school years, the months
 * themselves); any other twelve months become "year ending 15 November 2016".
 */
export function isoPeriod(text: string, options: { academic?: boolean } = {}): PeriodResult {
  const m = /^(\d{4})-(\d{2})-(\d{2})\/P(\d+)Y$/.exec(text.trim())
  if (!m) return { error: `the period "${text}" is not an ISO 8601 start and length in years` }
  const [year, month, day, years] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
  if (years < 1) return { error: `the period "${text}" has no length` }
  if (month === 1 && day === 1) return { label: years === 1 ? String(year) : `${year} - ${yy(year + years - 1)}` }
  if (years !== 1)
    return { error: `the period "${text}" is several years not starting in January, which the template cannot write` }
  if (day === 1 && month === 4 && !options.academic) return { label: split(year) }
  if (day === 1 && month === 9 && options.academic) return { label: split(year) }
  if (day === 1)
    return {
      label: `${MONTHS[month - 1]!.slice(0, 3)} ${year} - ${MONTHS[(month + 10) % 12]!.slice(0, 3)} ${month === 1 ? year : year + 1}`,
    }
  // Twelve months from the given day: they end the day before it, a year on.
  const end = new Date(Date.UTC(year + 1, month - 1, day - 1))
  return { label: `year ending ${end.getUTCDate()} ${MONTHS[end.getUTCMonth()]} ${end.getUTCFullYear()}` }
}
