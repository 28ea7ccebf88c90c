/**
 * The SQL of e-mail follows and their outbox. A follow names its target (an indicator, an outcome,
 * the dashboard); who follows what a change touches is read here, the outcomes an indicator sits in
 * from the strategy's links. The outbox is leased row by row with a conditional update, so two
 * senders (two server processes) never take the same row.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

type Db = Kysely<Database>

export type FollowKind = 'indicator' | 'outcome' | 'dashboard'

export interface FollowTarget {
  kind: FollowKind
  /** The item's strategy, '' for the dashboard. */
  strategyId: string
  /** The item's id, '' for the dashboard. */
  id: string
}

export interface Follow extends FollowTarget {
  followId: string
  userId: string
  createdAt: Date
}

export interface OutboxRow {
  id: string
  userId: string
  email: string
  displayName: string
  indicatorIds: string[]
  publishedAt: Date
  attempts: number
  claimToken: string
}

export async function openFollows(db: Db, userId: string): Promise<Follow[]> {
  const rows = await db
    .selectFrom('follows')
    .selectAll()
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    followId: r.id,
    userId: r.user_id,
    kind: r.target_kind,
    strategyId: r.target_strategy_id,
    id: r.target_id,
    createdAt: r.created_at,
  }))
}

export async function findOpenFollow(db: Db, userId: string, target: FollowTarget): Promise<string | null> {
  const row = await db
    .selectFrom('follows')
    .select('id')
    .where('user_id', '=', userId)
    .where('target_kind', '=', target.kind)
    .where('target_strategy_id', '=', target.strategyId)
    .where('target_id', '=', target.id)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return row?.id ?? null
}

export async function insertFollow(db: Db, userId: string, target: FollowTarget): Promise<string> {
  const row = await db
    .insertInto('follows')
    .values({ user_id: userId, target_kind: target.kind, target_strategy_id: target.strategyId, target_id: target.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Ends a user's own open follow; false when there is none. */
export async function endFollow(db: Db, userId: string, followId: string): Promise<boolean> {
  const ended = await db
    .updateTable('follows')
    .set({ ended_at: sql`now()` })
    .where('id', '=', followId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return ended !== undefined
}

export async function followSnapshot(db: Db, followId: string) {
  return (await db.selectFrom('follows').selectAll().where('id', '=', followId).executeTakeFirst()) ?? null
}

/**
 * Each active user following any of these indicators (directly, through an outcome whose column
 * holds one, or the dashboard), with the indicators of theirs that changed.
 */
export async function followersOf(
  db: Db,
  indicatorIds: string[],
): Promise<{ userId: string; indicatorIds: string[] }[]> {
  if (indicatorIds.length === 0) return []
  const { rows } = await sql<{ user_id: string; indicator_id: string }>`
    with changed as (select unnest(${sql.val(indicatorIds)}::text[]) as indicator_id)
    select distinct f.user_id, c.indicator_id
    from follows f
    join users u on u.id = f.user_id and u.disabled_at is null
    join changed c on f.target_kind = 'dashboard'
      or (f.target_kind = 'indicator' and f.target_id = c.indicator_id)
      or (f.target_kind = 'outcome' and exists (
        select 1 from strategy_links l
        where l.relation = 'in_column' and l.from_id = c.indicator_id
          and l.to_strategy_id = f.target_strategy_id and l.to_id = f.target_id))
    where f.ended_at is null
    order by f.user_id, c.indicator_id`.execute(db)
  const byUser = new Map<string, string[]>()
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.indicator_id])
  return [...byUser].map(([userId, ids]) => ({ userId, indicatorIds: ids }))
}

export async function insertOutbox(
  db: Db,
  rows: { userId: string; indicatorIds: string[]; publishedAt: Date }[],
): Promise<string[]> {
  if (rows.length === 0) return []
  const inserted = await db
    .insertInto('notification_outbox')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        indicator_ids: JSON.stringify(r.indicatorIds),
        published_at: r.publishedAt,
      })),
    )
    .returning('id')
    .execute()
  return inserted.map((r) => r.id)
}

/** Rows due now, oldest first: candidates only; `claimOutbox` decides who takes each. */
export async function dueOutbox(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('notification_outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Takes one row for `leaseSeconds`, only if it is still unsent and unclaimed (or its lease ran
 * out): on PostgreSQL a second sender's update waits for the first's and then finds the condition
 * false, so exactly one gets the row back.
 */
export async function claimOutbox(db: Db, id: string, token: string, leaseSeconds: number): Promise<OutboxRow | null> {
  const { rows } = await sql<{
    id: string
    user_id: string
    indicator_ids: string
    published_at: Date
    attempts: number
    email: string
    display_name: string
  }>`
    with claimed as (
      update notification_outbox set claimed_until = now() + make_interval(secs => ${leaseSeconds}),
        claim_token = ${token}, attempts = attempts + 1
      where id = ${id} and sent_at is null and (claimed_until is null or claimed_until < now())
      returning id, user_id, indicator_ids, published_at, attempts)
    select c.*, u.email, u.display_name from claimed c join users u on u.id = c.user_id`.execute(db)
  const r = rows[0]
  if (!r) return null
  return {
    id: String(r.id),
    userId: String(r.user_id),
    email: r.email,
    displayName: r.display_name,
    indicatorIds: JSON.parse(r.indicator_ids) as string[],
    publishedAt: new Date(r.published_at),
    attempts: r.attempts,
    claimToken: token,
  }
}

/** Marks a leased row sent; false if the lease was lost meanwhile. */
export async function markOutboxSent(db: Db, row: OutboxRow): Promise<boolean> {
  const done = await db
    .updateTable('notification_outbox')
    .set({ sent_at: sql`now()`, claimed_until: null, last_error: null })
    .where('id', '=', row.id)
    .where('claim_token', '=', row.claimToken)
    .where('sent_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return done !== undefined
}

/** Gives a leased row back after a failed attempt, to be tried again after `retrySeconds`. */
export async function releaseOutbox(db: Db, row: OutboxRow, error: string, retrySeconds: number): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      claimed_until: null,
      last_error: error.slice(0, 1000),
      next_attempt_at: sql`now() + make_interval(secs => ${retrySeconds})`,
    })
    .where('id', '=', row.id)
    .where('claim_token', '=', row.claimToken)
    .execute()
}

export async function indicatorNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('indicators').select(['id', 'name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** What the outbox holds, for tests and the follows page: sent and waiting, by user. */
export async function outboxFor(db: Db, userId: string) {
  return db
    .selectFrom('notification_outbox')
    .select(['id', 'indicator_ids', 'sent_at', 'attempts', 'last_error'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute()
}
