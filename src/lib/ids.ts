/**
 * Record ids are PostgreSQL bigserials, given as text in addresses and forms. An id is checked
 * before it reaches a query, so a lookup of "99999999999999999999" is simply not found instead of
 * the database refusing a number too big for bigint. Pure.
 */
const MAX_BIGINT = 9223372036854775807n

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT
}
