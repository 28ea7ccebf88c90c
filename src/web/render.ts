/** Rendering and the errors routes throw; the error handler turns them into GOV.UK pages. */
export type Render = (template: string, context: Record<string, unknown>) => string

export class NotFound extends Error {
  readonly statusCode = 404
  constructor(message = 'Page not found') {
    super(message)
  }
}

/** The user is signed in but may not do this (for example, another organisation's action). */
export class Forbidden extends Error {
  readonly statusCode = 403
  constructor(message = 'You do not have permission to do this') {
    super(message)
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Renders a page as HTML with what every page needs from the request: the signed-in user, the
     * form token (`csrfToken`) and the current path.
     */
    page(template: string, context?: Record<string, unknown>): FastifyReply
  }
}
