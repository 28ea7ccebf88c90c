/**
 * The users table: accounts found by email (any case), added, given a new password, disabled, and
 * the sign-in tries that lock an account. Rows leave here as camelCase accounts.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Role, SessionUser } from './access.js'

type Db = Kysely<Database>

/** An account as stored, with what sign-in and the administrator's changes need. */
export interface StoredUser extends SessionUser {
  passwordHash: string | null
  lockedUntil: Date | null
  disabledAt: Date | null
}

/** An account as the administrator's list shows it. */
export interface UserListing {
  id: string
  email: string
  displayName: string
  role: string
  organisationId: string | null
  organisationName: string | null
  disabledAt: Date | null
  lockedUntil: Date | null
  lastSignedInAt: Date | null
}

type UserRow = { id: string; email: string; display_name: string; role: string; organisation_id: string | null }

const sessionUser = (row: UserRow): SessionUser => ({
  id: String(row.id),
  email: row.email,
  displayName: row.display_name,
  role: row.role as Role,
  organisationId: row.organisation_id,
})

const asDate = (v: Date | string | null) => (v === null ? null : new Date(v))

export async function findUserByEmail(db: Db, email: string): Promise<StoredUser | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst()
  if (!row) return undefined
  return {
    ...sessionUser(row),
    passwordHash: row.password_hash,
    lockedUntil: asDate(row.locked_until),
    disabledAt: asDate(row.disabled_at),
  }
}

export async function findUserById(db: Db, id: string): Promise<{ id: string; email: string } | undefined> {
  const row = await db.selectFrom('users').select(['id', 'email']).where('id', '=', id).executeTakeFirst()
  return row ? { id: String(row.id), email: row.email } : undefined
}

export async function insertUser(
  db: Db,
  user: { email: string; displayName: string; role: Role; organisationId: string | null; passwordHash: string | null },
): Promise<SessionUser> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      organisation_id: user.organisationId,
      password_hash: user.passwordHash,
    })
    .returning(['id', 'email', 'display_name', 'role', 'organisation_id'])
    .executeTakeFirstOrThrow()
  return sessionUser(row)
}

/** A new password hash, with the account unlocked and its tries given back. */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', userId)
    .execute()
}

export async function markDisabled(db: Db, userId: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ disabled_at: at, updated_at: at }).where('id', '=', userId).execute()
}

/** A successful sign-in: the tries given back and the time kept. */
export async function recordSignIn(db: Db, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null, last_signed_in_at: at })
    .where('id', '=', userId)
    .execute()
}

/**
 * Claims a sign-in try in one UPDATE ... RETURNING, which PostgreSQL runs one at a time per row (a
 * second request waits for the first's row lock, then re-reads the row), so no two requests can
 * read the same count. Returns the tries used including this one, or null when the account is
 * locked. A lock that has ended starts the count again.
 */
export async function claimSignInTry(
  db: Db,
  userId: string,
  now: Date,
  limits: { maxTries: number; lockedUntil: Date },
): Promise<number | null> {
  const tries = sql`(case when locked_until is null then failed_sign_ins + 1 else 1 end)`
  const { rows } = await sql<{ failed_sign_ins: number }>`
    update users
    set failed_sign_ins = ${tries},
        locked_until = case when ${tries} >= ${limits.maxTries} then ${limits.lockedUntil}::timestamptz else null end
    where id = ${userId}
      and ((locked_until is null and failed_sign_ins < ${limits.maxTries}) or locked_until <= ${now}::timestamptz)
    returning failed_sign_ins`.execute(db)
  return rows[0] ? Number(rows[0].failed_sign_ins) : null
}

/** Every account, by email, with its organisation's name. */
export async function listUsers(db: Db): Promise<UserListing[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.organisation_id',
      'organisations.name as organisation_name',
      'users.disabled_at',
      'users.locked_until',
      'users.last_signed_in_at',
    ])
    .orderBy('users.email')
    .execute()
  return rows.map((u) => ({
    id: String(u.id),
    email: u.email,
    displayName: u.display_name,
    role: u.role,
    organisationId: u.organisation_id,
    organisationName: u.organisation_name,
    disabledAt: asDate(u.disabled_at),
    lockedUntil: asDate(u.locked_until),
    lastSignedInAt: asDate(u.last_signed_in_at),
  }))
}

/** An account by id, as stored, for the administrator's changes. */
export async function findStoredUserById(db: Db, id: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirst()
  return row ? findUserByEmail(db, row.email) : undefined
}

/** The name, role and organisation an administrator gives an account. */
export async function updateUserDetails(
  db: Db,
  userId: string,
  details: { displayName: string; role: Role; organisationId: string | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      display_name: details.displayName,
      role: details.role,
      organisation_id: details.organisationId,
      updated_at: new Date(),
    })
    .where('id', '=', userId)
    .execute()
}

/** A disabled account in use again, its tries given back. */
export async function markEnabled(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled_at: null, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', userId)
    .execute()
}
