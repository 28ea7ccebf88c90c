/**
 * GOV.UK date inputs in forms: a body's day, month and year fields gathered into one value per
 * date (for lib/dates.ts `dateField`), and each date's error linked from the summary to its day
 * field, the first of its three, as the pattern asks.
 */
import type { z } from 'zod'
import { dateInputParts } from '../lib/dates.js'
import { formErrors, type FormErrors } from './forms.js'

/** The body with each named date input's three fields gathered into one value. */
export function withDateInputs(body: unknown, names: readonly string[]): Record<string, unknown> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  return { ...b, ...Object.fromEntries(names.map((n) => [n, dateInputParts(b, n)])) }
}

/** The summary's links to date inputs pointed at their day fields. */
export function linkDateErrors(errors: FormErrors, names: readonly string[]): FormErrors {
  return {
    ...errors,
    summary: errors.summary.map((s) => (names.includes(s.href.slice(1)) ? { ...s, href: `${s.href}-day` } : s)),
  }
}

/** formErrors, with each date input's error linked to its day field. */
export function formErrorsWithDates(error: z.ZodError, names: readonly string[]): FormErrors {
  return linkDateErrors(formErrors(error), names)
}
