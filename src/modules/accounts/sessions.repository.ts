/**
 * The sessions table, by the SHA-256 of the cookie's token: a live session with its user, a new
 * one, its last use moved forward, and sessions ended (one, or all of a user's).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Role, SessionUser } from './access.js'

type Db = Kysely<Database>

export interface LiveSession {
  tokenHash: string
  csrfToken: string
  lastSeenAt: Date
  user: SessionUser
}

/** The session, if it has not ended or expired and its user is not disabled. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<LiveSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.token_hash',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.organisation_id',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    lastSeenAt: new Date(row.last_seen_at),
    user: {
      id: String(row.id),
      email: row.email,
      displayName: row.display_name,
      role: row.role as Role,
      organisationId: row.organisation_id,
    },
  }
}

export async function insertSession(
  db: Db,
  session: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute()
}

/** A session used again: its last use now, and its end moved forward. */
export async function touchSession(db: Db, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .execute()
}

export async function endSessionByToken(db: Db, tokenHash: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .execute()
}

/** Ends every session of a user: on disable and on password reset. */
export async function endSessionsOf(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute()
}
