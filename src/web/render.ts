/** Rendering and the errors routes throw; the error handler turns them into GOV.UK pages. */
export type Render = (template: string, context: Record<string, unknown>) => string

export class NotFound extends Error {
  readonly statusCode = 404
  constructor(message = 'Page not found') {
    super(message)
  }
}
