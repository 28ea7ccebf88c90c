/**
 * Calendar dates as the partnership keeps them: ISO text (YYYY-MM-DD), since a due date or a
 * meeting is a day, not an instant, so no time zone can move it; "today" is today in London; dates
 * are written as GOV.UK writes them; and the GOV.UK date input (day, month and year fields) is read
 * with the pattern's error messages. Pure, apart from `todayInLondon`'s default of now.
 */
import { z } from 'zod'

export type IsoDate = string

/** The months' names, January first. */
export const MONTHS = [
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

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today's date where the partnership works. */
export function todayInLondon(now: Date = new Date()): IsoDate {
  return londonDay.format(now)
}

/** The date a stored instant fell on in London. */
export const londonDate = (instant: Date): IsoDate => londonDay.format(instant)

/** "31 March 2025", as GOV.UK writes dates. */
export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return ''
  const [y, m, d] = date.split('-').map(Number)
  return `${d} ${MONTHS[m! - 1]} ${y}`
}

/** The London date of an instant in words: "31 March 2025". */
export function formatLongDate(instant: Date): string {
  return formatDate(londonDate(instant))
}

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
})

/** An instant in London time: '4 March 2025, 2:05pm'. */
export function formatDateTime(at: Date | string): string {
  const parts = Object.fromEntries(londonDateTime.formatToParts(new Date(at)).map((p) => [p.type, p.value]))
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}${String(parts.dayPeriod ?? '')
    .toLowerCase()
    .replace(/\s/g, '')}`
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The day after a calendar date. */
export function nextDay(date: IsoDate): IsoDate {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10)
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** The instant a London calendar day begins ('2025-07-01' → 2025-06-30T23:00:00Z in summer time). */
export function londonMidnight(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number)
  const utc = Date.UTC(y!, m! - 1, d!)
  const p = Object.fromEntries(londonClock.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]))
  const londonAsUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
  return new Date(utc - (londonAsUtc - utc))
}

/**
 * The instant a London date and clock time ("09:30", 24-hour) name, or null when the time is not
 * one. In the hour the clocks go back, the earlier of the two instants.
 */
export function londonInstant(date: IsoDate, time: string): Date | null {
  const t = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time.trim())
  if (!t) return null
  const [y, m, d] = date.split('-').map(Number)
  const utc = Date.UTC(y!, m! - 1, d!, Number(t[1]), Number(t[2]))
  const p = Object.fromEntries(londonClock.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]))
  const londonAsUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
  return new Date(utc - (londonAsUtc - utc))
}

/** A date's day, month and year as typed into a GOV.UK date input. */
export interface DateParts {
  day?: string
  month?: string
  year?: string
}

/** The three fields of a GOV.UK date input named `name` (`name-day`, `name-month`, `name-year`), trimmed. */
export function dateInputParts(body: unknown, name: string): Required<DateParts> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const field = (part: string) => {
    const v = b[`${name}-${part}`]
    return typeof v === 'string' ? v.trim() : ''
  }
  return { day: field('day'), month: field('month'), year: field('year') }
}

/** An ISO date's parts, to fill a GOV.UK date input (and keep what was typed). */
export function partsOf(date: IsoDate | null | undefined): Required<DateParts> {
  if (!date) return { day: '', month: '', year: '' }
  const [year = '', month = '', day = ''] = date.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year }
}

export type DateResult = { ok: true; date: IsoDate | undefined } | { ok: false; message: string }

const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1)

/**
 * A date from a GOV.UK date input's parts, or from a spreadsheet cell (2025-03-31 or 31/03/2025),
 * with GOV.UK's error messages. Blank is no date; a required date is checked by the caller.
 */
export function parseDate(value: unknown, label: string): DateResult {
  if (value === undefined || value === null) return { ok: true, date: undefined }
  if (typeof value === 'string') {
    const text = value.trim()
    if (text === '') return { ok: true, date: undefined }
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
    if (iso) return fromParts({ year: iso[1], month: iso[2], day: iso[3] }, label)
    if (uk) return fromParts({ day: uk[1], month: uk[2], year: uk[3] }, label)
    return { ok: false, message: `${capitalised(label)} must be a real date, written like 2025-03-31 or 31/03/2025` }
  }
  if (typeof value === 'object' && !Array.isArray(value)) return fromParts(value as DateParts, label)
  return { ok: false, message: `${capitalised(label)} must be a real date` }
}

function fromParts(parts: DateParts, label: string): DateResult {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const given = { day: text(parts.day), month: text(parts.month), year: text(parts.year) }
  const Label = capitalised(label)
  const missing = (['day', 'month', 'year'] as const).filter((p) => given[p] === '')
  if (missing.length === 3) return { ok: true, date: undefined }
  if (missing.length) return { ok: false, message: `${Label} must include a ${missing.join(' and ')}` }
  if (!/^\d+$/.test(given.day) || !/^\d+$/.test(given.month) || !/^\d+$/.test(given.year))
    return { ok: false, message: `${Label} must be a real date` }
  if (given.year.length !== 4) return { ok: false, message: `${Label}: the year must include 4 numbers` }
  const [y, m, d] = [Number(given.year), Number(given.month), Number(given.day)]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || m < 1 || m > 12 || d < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, message: `${Label} must be a real date` }
  return { ok: true, date: `${given.year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` }
}

/**
 * Checks a date input's parts: null when empty, the ISO date, or the GOV.UK pattern's message (a
 * year without 4 numbers is simply not a real date here, as the boards' forms have always said).
 */
export function checkDate(parts: DateParts, label: string): { date: IsoDate | null } | { error: string } {
  const result = parseDate(parts, label)
  if (result.ok) return { date: result.date ?? null }
  return {
    error: result.message.endsWith(': the year must include 4 numbers')
      ? `${capitalised(label)} must be a real date`
      : result.message,
  }
}

/**
 * A zod field for a date input's parts (give it `dateInputParts(body, name)`): the ISO date, or null
 * when optional and empty. `label` names the date in messages, e.g. "the date of the meeting".
 */
export function dateField(label: string, options: { required: true }): z.ZodType<string, Required<DateParts>>
export function dateField(label: string, options: { required: false }): z.ZodType<string | null, Required<DateParts>>
export function dateField(
  label: string,
  options: { required: boolean },
): z.ZodType<string | null, Required<DateParts>> {
  return z.object({ day: z.string(), month: z.string(), year: z.string() }).transform((parts, ctx) => {
    const checked = checkDate(parts, label)
    if ('error' in checked) {
      ctx.addIssue({ code: 'custom', message: checked.error })
      return z.NEVER
    }
    if (checked.date === null && options.required) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label}` })
      return z.NEVER
    }
    return checked.date
  })
}
