/**
 * The answer while the database cannot be reached: 503 with Retry-After (trying again will work,
 * unlike after a 500), GOV.UK's "Sorry, the service is unavailable" page or, under /api/, a JSON
 * error in the API's own shape; never a stack, and one warning line in the log, not a stack trace
 * per request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable, oneLineError } from '../db/unavailable.js'

/** A PostgreSQL restart takes seconds; a longer outage just means the client asks again. */
export const RETRY_AFTER_SECONDS = 10

/** A database outage, and not a client's error that happens to carry a socket code (an aborted upload). */
export function isServiceUnavailable(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  return !(typeof status === 'number' && status < 500) && isDatabaseUnavailable(error)
}

export function answerServiceUnavailable(error: unknown, req: FastifyRequest, reply: FastifyReply) {
  req.log.warn(`503 for ${req.method} ${req.url}: the database is unavailable (${oneLineError(error)})`)
  reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store')
  if (req.url.startsWith('/api/')) {
    const message = 'The service is unavailable just now. Try again in a few seconds.'
    return reply.type('application/json; charset=utf-8').send({ error: { status: 503, message } })
  }
  const formLost = req.method !== 'GET' && req.method !== 'HEAD'
  return reply.page('pages/service-unavailable.njk', { formLost })
}
