/**
 * Whether an error means the database cannot be reached just now (down, restarting, failing over,
 * refusing connections), as opposed to a bug or a bad query. The web answers the first with a 503
 * and Retry-After, since trying again later will work, and the second with a 500. Pure, so the
 * list is tested without a server.
 */

/** SQLSTATEs: 57P01-03 shutdown, crash, starting up or shutting down; 53300 too many connections. */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300'])
/** Node's socket and DNS errors on the way to the server. */
const unavailableSystemCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
/** pg's own errors, which carry no code: a lost connection, a connect timeout, a dead client. */
const unavailableMessages = [/^Connection terminated/, /timeout exceeded when trying to connect/, /is not queryable/]

type Inspectable = { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }

function byItself(error: Inspectable): boolean {
  const code = typeof error.code === 'string' ? error.code : ''
  // Class 08 is "connection exception" (08000, 08001, 08003, 08006, …); 08P01 is a protocol bug.
  if ((code.startsWith('08') && code !== '08P01') || unavailableSqlStates.has(code) || unavailableSystemCodes.has(code))
    return true
  const message = typeof error.message === 'string' ? error.message : ''
  return unavailableMessages.some((pattern) => pattern.test(message))
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false
  const e = error as Inspectable
  if (byItself(e)) return true
  // A connect that tried several addresses fails with an AggregateError; wrappers keep a cause.
  const inner = [...(Array.isArray(e.errors) ? e.errors : []), e.cause]
  return inner.some((cause) => isDatabaseUnavailable(cause, depth + 1))
}

/** An error in one log line: its code and message, without the stack or line breaks. */
export function oneLineError(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    code?: unknown
    message?: unknown
  }
  const message = String(e.message ?? '')
    .replace(/\s+/g, ' ')
    .trim()
  return `${typeof e.code === 'string' ? e.code : 'no code'}: ${message}`
}
