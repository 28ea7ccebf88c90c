/**
 * What an audit event changed, field by field, for the trail's before-and-after table. Pure.
 * A record is compared by its top-level fields; a nested object or list is one field, shown as
 * JSON. A value that is not an object (or a list) is compared as one field called "value".
 */
import { stableStringify } from '../../lib/stable-json.js'

export interface FieldChange {
  field: string
  /** The value as text; null where the field had no value (a record created, or a field added). */
  before: string | null
  after: string | null
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function fields(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return {}
  return isRecord(v) ? v : { value: v }
}

function show(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v)
}

const same = (a: unknown, b: unknown) =>
  (a ?? null) === (b ?? null) || stableStringify(a ?? null) === stableStringify(b ?? null)

/** The fields whose values differ, in the order the record gives them (before's fields, then new ones). */
export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const b = fields(before)
  const a = fields(after)
  const names = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))]
  return names.filter((k) => !same(b[k], a[k])).map((k) => ({ field: k, before: show(b[k]), after: show(a[k]) }))
}
