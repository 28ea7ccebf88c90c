/**
 * Calendar dates for boards and the audit trail: today in London, dates in words, and the GOV.UK
 * date input (day, month and year fields) read into 'YYYY-MM-DD' with the pattern's error messages.
 */
import { z } from 'zod'

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today's date in London as 'YYYY-MM-DD'. */
export function londonToday(now = new Date()): string {
  return londonDate.format(now)
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** '2025-03-04' → '4 March 2025'. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return ''
  const [y, m, d] = date.split('-').map(Number)
  return `${d} ${months[m! - 1]} ${y}`
}

const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' })

/** An instant in London time: '4 March 2025, 2:05pm'. */
export function formatDateTime(at: Date | string): string {
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(at)).map((p) => [p.type, p.value]))
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}${String(parts.dayPeriod ?? '').toLowerCase().replace(/\s/g, '')}`
}

export interface DateParts {
  day: string
  month: string
  year: string
}

/** The three fields of a GOV.UK date input named `name` (`name-day`, `name-month`, `name-year`). */
export function dateParts(body: unknown, name: string): DateParts {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const field = (part: string) => {
    const v = b[`${name}-${part}`]
    return typeof v === 'string' ? v.trim() : ''
  }
  return { day: field('day'), month: field('month'), year: field('year') }
}

/** Parts back to the form, to keep what was typed. */
export function partsOf(date: string | null | undefined): DateParts {
  if (!date) return { day: '', month: '', year: '' }
  const [year = '', month = '', day = ''] = date.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year }
}

/** Checks a date's parts: null when empty, the ISO date, or the GOV.UK pattern's message. */
export function checkDate(parts: DateParts, label: string): { date: string | null } | { error: string } {
  const { day, month, year } = parts
  if (!day && !month && !year) return { date: null }
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p])
  const Label = label.charAt(0).toUpperCase() + label.slice(1)
  if (missing.length) return { error: `${Label} must include a ${missing.join(' and ')}` }
  if (![day, month, year].every((p) => /^\d+$/.test(p)) || year.length !== 4) return { error: `${Label} must be a real date` }
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const probe = new Date(Date.UTC(y, m - 1, d))
  if (m < 1 || m > 12 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return { error: `${Label} must be a real date` }
  }
  return { date: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` }
}

/**
 * A zod field for a date input's parts (give it `dateParts(body, name)`): the ISO date, or null when
 * optional and empty. `label` names the date in messages, e.g. "the date of the meeting".
 */
export function dateField(label: string, options: { required: true }): z.ZodType<string, DateParts>
export function dateField(label: string, options: { required: false }): z.ZodType<string | null, DateParts>
export function dateField(label: string, options: { required: boolean }): z.ZodType<string | null, DateParts> {
  return z
    .object({ day: z.string(), month: z.string(), year: z.string() })
    .transform((parts, ctx) => {
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
export function londonMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  const utc = Date.UTC(y!, m! - 1, d!)
  const p = Object.fromEntries(londonClock.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]))
  const londonAsUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
  return new Date(utc - (londonAsUtc - utc))
}

/** The day after a calendar date. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10)
}
