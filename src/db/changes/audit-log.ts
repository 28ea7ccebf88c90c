/**
 * The audit trail's one writer: an append-only event with who (key and structured actor), what,
 * which record, and its state before and after. Called only by `withChange`, which owns the
 * transaction the event belongs to.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { Actor } from './actor.js'

export interface AuditEvent {
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
}

const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value))

export async function appendAuditEvent(db: Kysely<Database>, actor: Actor, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor: actor.key,
      actor_channel: actor.channel,
      actor_user_id: actor.userId,
      actor_organisation_id: actor.organisationId,
      actor_name: actor.name,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      before: asJson(event.before),
      after: asJson(event.after),
    })
    .execute()
}
