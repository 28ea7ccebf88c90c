/**
 * One way to record a change. `withChange` opens the transaction (or joins the caller's), takes the
 * record's state before, runs the change, takes its state after, appends the audit event with a
 * structured actor and bumps the data version, so caches refresh (unless the record is one no
 * cached page shows). A change that turns out to change nothing (`change.unchanged()`) records
 * nothing and bumps nothing. Further events in the same transaction (an import's rows, a child
 * record) go through `change.record`.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../database.js'
import { bumpDataVersion } from '../data-version.js'
import { asActor, type ActingUser, type Actor } from './actor.js'
import { appendAuditEvent, type AuditEvent } from './audit-log.js'

type Db = Kysely<Database>
type Tx = Transaction<Database>

export interface ChangeTarget<T> {
  /** The kind of record, as the audit trail names it: 'action', 'risk', 'user'. */
  entityType: string
  action: string
  /** The record's id when it exists before the change; for a new record, `idOf` the result. */
  entityId?: string
  idOf?: (result: T) => string
  /** The record as the audit trail keeps it, read inside the transaction before and after. */
  snapshot?: (tx: Db, entityId: string) => Promise<unknown>
  /** Before and after given by the change itself, when a snapshot does not describe it. */
  detail?: (result: T) => { before?: unknown; after?: unknown }
  /**
   * False for a record no cached public page shows (an account): the change is audited, but the
   * data version, and so every cached page, stays as it was. True unless said.
   */
  bumpsDataVersion?: boolean
}

export interface ChangeScope {
  readonly actor: Actor
  /** Another event in this change's transaction, by the same actor. */
  record(event: AuditEvent): Promise<void>
  /** Nothing changed after all: no audit event, no new data version. */
  unchanged(): void
}

export async function withChange<T>(
  db: Db,
  who: Actor | ActingUser | string,
  target: ChangeTarget<T>,
  fn: (tx: Tx, change: ChangeScope) => Promise<T>,
): Promise<T> {
  const actor = asActor(who)
  const run = async (tx: Tx): Promise<T> => {
    const before =
      target.entityId !== undefined && target.snapshot ? await target.snapshot(tx, target.entityId) : undefined
    let changed = true
    const scope: ChangeScope = {
      actor,
      record: (event) => appendAuditEvent(tx, actor, event),
      unchanged: () => {
        changed = false
      },
    }
    const result = await fn(tx, scope)
    if (!changed) return result
    const entityId = target.entityId ?? target.idOf?.(result)
    if (entityId === undefined)
      throw new Error(`withChange: no id for the ${target.entityType} changed by ${target.action}`)
    const after = target.snapshot ? await target.snapshot(tx, entityId) : undefined
    const detail = target.detail?.(result) ?? {}
    await appendAuditEvent(tx, actor, {
      action: target.action,
      entityType: target.entityType,
      entityId,
      before: 'before' in detail ? detail.before : target.snapshot ? (before ?? null) : undefined,
      after: 'after' in detail ? detail.after : after,
    })
    if (target.bumpsDataVersion !== false) await bumpDataVersion(tx)
    return result
  }
  // A caller's transaction is joined: Kysely cannot nest one in another.
  return db.isTransaction ? run(db as Tx) : db.transaction().execute(run)
}

/**
 * A change made of events the caller records itself (an import: one batch, many rows): the
 * transaction, the actor and the data version, with no single record's snapshot.
 */
export async function withChanges<T>(
  db: Db,
  who: Actor | ActingUser | string,
  fn: (tx: Tx, change: ChangeScope) => Promise<T>,
): Promise<T> {
  const actor = asActor(who)
  const run = async (tx: Tx): Promise<T> => {
    let changed = true
    const scope: ChangeScope = {
      actor,
      record: (event) => appendAuditEvent(tx, actor, event),
      unchanged: () => {
        changed = false
      },
    }
    const result = await fn(tx, scope)
    if (changed) await bumpDataVersion(tx)
    return result
  }
  // A caller's transaction is joined: Kysely cannot nest one in another.
  return db.isTransaction ? run(db as Tx) : db.transaction().execute(run)
}
