/**
 * A bad parameter is the sender's mistake: it gets a 400, never a 500 from deep inside a module.
 * One guard for every route refuses, before any handler runs, a NUL byte or other control character
 * in the path, the query or a form field (PostgreSQL refuses NUL in text, and nothing a person types
 * holds the others, apart from the tab and line breaks of a text area), and percent-encoding that
 * does not decode to UTF-8. The database's own refusals of a value (a number out of range, text
 * that is not a number or a date) are mapped to 400 as well, for any id or number a module passes
 * on without checking its size.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

export class BadRequest extends Error {
  readonly statusCode = 400
}

export const BAD_PARAMETER_MESSAGE = 'Check the address or the form: part of it is not valid.'

/** C0 controls apart from tab, line feed and carriage return; and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
/** A form nests no deeper than a few levels; deeper is not a form. */
const MAX_DEPTH = 8

/** Why a request line's path or query is refused, or null when it is fine. */
export function urlProblem(url: string): string | null {
  const mark = url.indexOf('?')
  const path = mark === -1 ? url : url.slice(0, mark)
  const query = mark === -1 ? '' : url.slice(mark + 1)
  const pieces = [
    path,
    ...query
      .split('&')
      .flatMap((pair) => pair.split('='))
      .map((s) => s.replace(/\+/g, ' ')),
  ]
  for (const piece of pieces) {
    const decoded = decode(piece)
    if (decoded === null) return 'malformed percent-encoding'
    if (CONTROL.test(decoded)) return 'a control character'
  }
  return null
}

/** True when a parsed body (or any value in it, keys included) holds a control character. */
export function hasControlCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return CONTROL.test(value)
  if (value === null || typeof value !== 'object') return false
  if (depth > MAX_DEPTH) return true
  if (Array.isArray(value)) return value.some((v) => hasControlCharacter(v, depth + 1))
  return Object.entries(value).some(([k, v]) => CONTROL.test(k) || hasControlCharacter(v, depth + 1))
}

/**
 * PostgreSQL's refusals of a value it was given: invalid text representation, numeric value out
 * of range, untranslatable character, character not in repertoire, invalid datetime format,
 * datetime field overflow, value too long.
 */
const BAD_VALUE_CODES = new Set(['22P02', '22003', '22P05', '22021', '22007', '22008', '22001'])

export function isBadValueError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && BAD_VALUE_CODES.has(code)
}

/** Registers the guard: the request line when it arrives, the body once parsed. */
export function refuseBadParameters(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const problem = urlProblem(req.raw.url ?? req.url)
    if (problem) {
      req.log.info({ problem }, 'bad parameter refused')
      throw new BadRequest(BAD_PARAMETER_MESSAGE)
    }
  })
  app.addHook('preValidation', async (req) => {
    if (hasControlCharacter(req.body)) {
      req.log.info({ problem: 'a control character in the body' }, 'bad parameter refused')
      throw new BadRequest(BAD_PARAMETER_MESSAGE)
    }
  })
}

/**
 * The router's own refusals, before any hook runs: a path parameter that does not decode
 * (FST_ERR_BAD_URL, 400) or is too long (FST_ERR_MAX_PARAM_LENGTH, 414). Fastify would answer in
 * JSON, repeating the path; this answers in words, and never to be stored, as the session (if
 * any) has not been read.
 */
export function refuseUnroutableUrl(
  error: Error & { statusCode?: number },
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  req.log.info({ code: (error as { code?: string }).code }, 'bad address refused')
  void reply
    .code(error.statusCode ?? 400)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .type('text/plain; charset=utf-8')
    .send(BAD_PARAMETER_MESSAGE)
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}
