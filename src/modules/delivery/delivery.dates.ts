/**
 * Calendar dates as ISO text (YYYY-MM-DD): a due date is a day, not an instant, so no time zone can
 * move it. Pure, apart from `todayInLondon`'s default of now.
 */
export type IsoDate = string

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Today's date where the partnership works. */
export function todayInLondon(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The date a stored instant fell on in London. */
export const londonDate = (instant: Date): IsoDate => todayInLondon(instant)

/** "31 March 2025", as GOV.UK writes dates. */
export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return ''
  const [y, m, d] = date.split('-').map(Number)
  return `${d} ${MONTHS[m! - 1]} ${y}`
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** A date's day, month and year as typed into a GOV.UK date input. */
export interface DateParts {
  day?: string
  month?: string
  year?: string
}

export type DateResult = { ok: true; date: IsoDate | undefined } | { ok: false; message: string }

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
    return { ok: false, message: `${label} must be a real date, written like 2025-03-31 or 31/03/2025` }
  }
  if (typeof value === 'object' && !Array.isArray(value)) return fromParts(value as DateParts, label)
  return { ok: false, message: `${label} must be a real date` }
}

function fromParts(parts: DateParts, label: string): DateResult {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const given = { day: text(parts.day), month: text(parts.month), year: text(parts.year) }
  const missing = (['day', 'month', 'year'] as const).filter((p) => given[p] === '')
  if (missing.length === 3) return { ok: true, date: undefined }
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(' and ')}` }
  if (!/^\d+$/.test(given.day) || !/^\d+$/.test(given.month) || !/^\d+$/.test(given.year)) return { ok: false, message: `${label} must be a real date` }
  if (given.year.length !== 4) return { ok: false, message: `${label}: the year must include 4 numbers` }
  const [y, m, d] = [Number(given.year), Number(given.month), Number(given.day)]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || m < 1 || m > 12 || d < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, message: `${label} must be a real date` }
  return { ok: true, date: `${given.year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` }
}

/** An ISO date's parts, to fill a GOV.UK date input. */
export function dateParts(date: IsoDate | null | undefined): Required<DateParts> {
  if (!date) return { day: '', month: '', year: '' }
  const [year, month, day] = date.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year: year! }
}
