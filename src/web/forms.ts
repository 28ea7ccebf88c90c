/**
 * GOV.UK form errors from zod: an error summary whose links go to the fields, and each field's own
 * message. Forms post, and on error re-render with 400; on success they redirect (Post/Redirect/Get).
 */
import type { z } from 'zod'

export interface FormErrors {
  /** For govukErrorSummary's errorList: each links to its field's id. */
  summary: { text: string; href: string }[]
  /** For each field macro's errorMessage, by field name. */
  fields: Record<string, { text: string }>
}

export const noErrors: FormErrors = { summary: [], fields: {} }

/** The first message for each field, in the form's order; the field id is `#field-name`. */
export function formErrors(error: z.ZodError): FormErrors {
  const fields: Record<string, { text: string }> = {}
  for (const issue of error.issues) {
    const name = issue.path.map(String).join('.') || 'form'
    fields[name] ??= { text: issue.message }
  }
  return {
    summary: Object.entries(fields).map(([name, { text }]) => ({ text, href: `#${name}` })),
    fields,
  }
}

/** One error on one field, for checks zod does not make (for example, a clash found in the database). */
export function fieldError(name: string, text: string): FormErrors {
  return { summary: [{ text, href: `#${name}` }], fields: { [name]: { text } } }
}

/** A form body as plain strings (urlencoded bodies arrive as strings or arrays of them). */
export function formBody(body: unknown): Record<string, string | string[]> {
  return body && typeof body === 'object' ? (body as Record<string, string | string[]>) : {}
}
