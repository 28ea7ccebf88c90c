/** The audit trail: who changed what, when, with before and after. Append-only. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface AuditEntry {
  actor: string
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute()
}

export async function findAuditTrail(db: Kysely<Database>, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute()
}

export interface AuditFilter {
  entityType?: string
  /** Part of the actor's name, any case. */
  actor?: string
  /** Instants: events at or after `from` and before `until`. */
  from?: Date
  until?: Date
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let q = db.selectFrom('audit_events')
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType)
  if (filter.actor) q = q.where('actor', 'ilike', `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  if (filter.from) q = q.where('occurred_at', '>=', filter.from)
  if (filter.until) q = q.where('occurred_at', '<', filter.until)
  return q
}

/** The most recent events first, a page at a time, with how many match in all. */
export async function searchAuditEvents(db: Kysely<Database>, filter: AuditFilter, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(total.n) }
}

/** Every kind of record the trail has events for, for the filter. */
export async function auditEntityTypes(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('entity_type').distinct().orderBy('entity_type').execute()
  return rows.map((r) => r.entity_type)
}
