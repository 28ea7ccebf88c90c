/**
 * The audit trail: who changed what, when, with before and after. Append-only. The read side for
 * the trail's pages. Events are written only through withChange (src/db/changes/).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

/** One event as the trail's pages read it: who (the key, and the name kept as data), what, when. */
export interface AuditRecord {
  id: string
  occurredAt: Date
  /** The stable actor key: `user:<id> <email>`, `import:<file>`, `cli:<name>`. */
  actor: string
  /** A name to show (a person's display name, a file's name); null for events older than migration 0010. */
  actorName: string | null
  actorChannel: string | null
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
}

type AuditRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number]

const selectEvents = (db: Kysely<Database>) =>
  db
    .selectFrom('audit_events')
    .select([
      'id',
      'occurred_at',
      'actor',
      'actor_name',
      'actor_channel',
      'action',
      'entity_type',
      'entity_id',
      'before',
      'after',
    ])

const toRecord = (e: AuditRow): AuditRecord => ({
  id: String(e.id),
  occurredAt: new Date(e.occurred_at),
  actor: e.actor,
  actorName: e.actor_name,
  actorChannel: e.actor_channel,
  action: e.action,
  entityType: e.entity_type,
  entityId: e.entity_id,
  before: e.before,
  after: e.after,
})

/** Every event of one record, oldest first. */
export async function findAuditTrail(
  db: Kysely<Database>,
  entityType: string,
  entityId: string,
): Promise<AuditRecord[]> {
  const rows = await selectEvents(db)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

export interface AuditFilter {
  entityType?: string
  /** Part of the actor's key (an email, `cli`) or of their name, any case. */
  actor?: string
  /** Instants: events at or after `from` and before `until`. */
  from?: Date
  until?: Date
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let q = db.selectFrom('audit_events')
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType)
  if (filter.actor) {
    const pattern = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => eb.or([eb('actor', 'ilike', pattern), eb('actor_name', 'ilike', pattern)]))
  }
  if (filter.from) q = q.where('occurred_at', '>=', filter.from)
  if (filter.until) q = q.where('occurred_at', '<', filter.until)
  return q
}

/** The most recent events first, a page at a time, with how many match in all. */
export async function searchAuditEvents(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRecord[]; total: number }> {
  const [rows, total] = await Promise.all([
    filtered(db, filter)
      .select([
        'id',
        'occurred_at',
        'actor',
        'actor_name',
        'actor_channel',
        'action',
        'entity_type',
        'entity_id',
        'before',
        'after',
      ])
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, filter)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows: rows.map(toRecord), total: Number(total.n) }
}

/** Every kind of record the trail has events for, for the filter. */
export async function auditEntityTypes(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('entity_type').distinct().orderBy('entity_type').execute()
  return rows.map((r) => r.entity_type)
}
