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
