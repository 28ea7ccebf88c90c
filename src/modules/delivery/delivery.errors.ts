/**
 * How the delivery module refuses a change: the input (one message per field, in the form's
 * words), no such action or milestone, or an archived action. Each carries its HTTP status.
 */
import type { z } from 'zod'
import type { ActionField } from './delivery.domain.js'
import type { FieldProblem } from './delivery.references.js'

/** The input was refused: one message per field, in the form's words. */
export class ActionInputError extends Error {
  readonly statusCode = 400
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join('; '))
  }
}

export class ActionNotFound extends Error {
  readonly statusCode = 404
  constructor(what = 'action') {
    super(`There is no such ${what}`)
  }
}

/** Archived actions keep their history but change no more. */
export class ActionArchived extends Error {
  readonly statusCode = 409
  constructor() {
    super('This action is archived, so it can no longer be changed')
  }
}

export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  const seen = new Set<string>()
  return error.issues
    .map((issue) => ({ field: String(issue.path[0] ?? 'title') as ActionField, message: issue.message }))
    .filter((p) => !seen.has(p.field) && seen.add(p.field))
}

/** The schema's output, or the input refused with every field's problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw new ActionInputError(problemsFromZod(parsed.error))
  return parsed.data
}
