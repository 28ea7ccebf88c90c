/**
 * Local accounts: argon2id hashes, lockout after repeated failures, and the administrator's
 * add / reset / disable. Every change is audited; no account is ever deleted.
 */
import { hash, verify } from '@node-rs/argon2'
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../db/database.js'
import { recordAudit } from '../audit/audit.repository.js'
import { roles, type Role, type SessionUser } from './access.js'
import { endSessionsOf } from './sessions.js'

export const MAX_FAILED_SIGN_INS = 5
export const LOCKOUT_MINUTES = 15
export const MIN_PASSWORD_LENGTH = 12

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.org' })),
    displayName: z.string().trim().min(1, 'Enter a display name').max(200, 'Display name must be 200 characters or fewer'),
    role: z.enum(roles, { message: `Role must be one of: ${roles.join(', ')}` }),
    organisationId: z.string().trim().min(1).nullable(),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`).nullable(),
  })
  .refine((u) => u.role !== 'owner' || u.organisationId !== null, { message: 'An owner must belong to an organisation', path: ['organisationId'] })
export type NewUser = z.input<typeof newUserSchema>

const toSessionUser = (row: { id: string; email: string; display_name: string; role: string; organisation_id: string | null }): SessionUser => ({
  id: String(row.id),
  email: row.email,
  displayName: row.display_name,
  role: row.role as Role,
  organisationId: row.organisation_id,
})

const publicFields = (u: { email: string; display_name: string; role: string; organisation_id: string | null; disabled_at?: Date | null }) => ({
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  organisationId: u.organisation_id,
  disabled: Boolean(u.disabled_at),
})

export async function addUser(db: Kysely<Database>, input: NewUser, actor: string): Promise<SessionUser> {
  const user = newUserSchema.parse(input)
  return db.transaction().execute(async (tx) => {
    if (user.organisationId) {
      const org = await tx.selectFrom('organisations').select('id').where('id', '=', user.organisationId).where('archived_at', 'is', null).executeTakeFirst()
      if (!org) throw new Error(`there is no organisation "${user.organisationId}"`)
    }
    const clash = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', user.email).executeTakeFirst()
    if (clash) throw new Error(`there is already an account for ${user.email}`)
    const row = await tx
      .insertInto('users')
      .values({
        email: user.email,
        display_name: user.displayName,
        role: user.role,
        organisation_id: user.organisationId,
        password_hash: user.password ? await hash(user.password) : null,
      })
      .returning(['id', 'email', 'display_name', 'role', 'organisation_id'])
      .executeTakeFirstOrThrow()
    await recordAudit(tx, { actor, action: 'create', entityType: 'user', entityId: String(row.id), before: null, after: publicFields(row) })
    return toSessionUser(row)
  })
}

export async function resetPassword(db: Kysely<Database>, email: string, password: string, actor: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`the password must be ${MIN_PASSWORD_LENGTH} characters or more`)
  await db.transaction().execute(async (tx) => {
    const user = await findByEmail(tx, email)
    if (!user) throw new Error(`there is no account for ${email}`)
    await tx.updateTable('users').set({ password_hash: await hash(password), failed_sign_ins: 0, locked_until: null, updated_at: new Date() }).where('id', '=', user.id).execute()
    await endSessionsOf(tx, user.id)
    await recordAudit(tx, { actor, action: 'reset-password', entityType: 'user', entityId: user.id, before: { locked: Boolean(user.locked_until) }, after: { locked: false } })
  })
}

export async function disableUser(db: Kysely<Database>, email: string, actor: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const user = await findByEmail(tx, email)
    if (!user) throw new Error(`there is no account for ${email}`)
    if (user.disabled_at) return
    const disabledAt = new Date()
    await tx.updateTable('users').set({ disabled_at: disabledAt, updated_at: disabledAt }).where('id', '=', user.id).execute()
    await endSessionsOf(tx, user.id)
    await recordAudit(tx, { actor, action: 'disable', entityType: 'user', entityId: user.id, before: publicFields(user), after: publicFields({ ...user, disabled_at: disabledAt }) })
  })
}

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; reason: 'invalid' | 'locked' }

/**
 * Checks an email and password. Each attempt on an account first claims one of its
 * MAX_FAILED_SIGN_INS tries in the database, and only a claimed try is checked against the hash, so
 * parallel requests cannot check more passwords than the limit. The try that reaches the limit
 * locks the account; a locked account is refused even with the right password until the lock ends
 * or an administrator resets it. The right password gives the tries back. Every refusal costs one
 * hash check, whether or not the account exists or is locked, so timing reveals neither.
 */
export async function checkPassword(db: Kysely<Database>, email: string, password: string, now = new Date()): Promise<SignInResult> {
  const user = await findByEmail(db, email)
  if (!user || user.disabled_at || !user.password_hash) return refuse('invalid', password)
  const tries = await claimSignInTry(db, user.id, now)
  if (tries === null) return refuse('locked', password)
  if (!(await verify(user.password_hash, password))) return { ok: false, reason: tries >= MAX_FAILED_SIGN_INS ? 'locked' : 'invalid' }
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null, last_signed_in_at: now }).where('id', '=', user.id).execute()
  return { ok: true, user: toSessionUser(user) }
}

/**
 * Claims a try in one UPDATE ... RETURNING, which PostgreSQL runs one at a time per row (a second
 * request waits for the first's row lock, then re-reads the row), so no two requests can read the
 * same count. Returns the tries used including this one, or null when the account is locked. A
 * lock that has ended starts the count again.
 */
async function claimSignInTry(db: Kysely<Database>, userId: string, now: Date): Promise<number | null> {
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)
  const tries = sql`(case when locked_until is null then failed_sign_ins + 1 else 1 end)`
  const { rows } = await sql<{ failed_sign_ins: number }>`
    update users
    set failed_sign_ins = ${tries},
        locked_until = case when ${tries} >= ${MAX_FAILED_SIGN_INS} then ${lockedUntil}::timestamptz else null end
    where id = ${userId}
      and ((locked_until is null and failed_sign_ins < ${MAX_FAILED_SIGN_INS}) or locked_until <= ${now}::timestamptz)
    returning failed_sign_ins`.execute(db)
  return rows[0] ? Number(rows[0].failed_sign_ins) : null
}

async function refuse(reason: 'invalid' | 'locked', password: string): Promise<SignInResult> {
  await verify(DUMMY_HASH, password).catch(() => false) // the same work as a real check
  return { ok: false, reason }
}

/** An active account by email, for sign-in through the identity provider. */
export async function findActiveUserByEmail(db: Kysely<Database>, email: string): Promise<SessionUser | null> {
  const user = await findByEmail(db, email)
  return user && !user.disabled_at ? toSessionUser(user) : null
}

export async function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.role', 'users.organisation_id', 'organisations.name as organisation_name', 'users.disabled_at', 'users.locked_until', 'users.last_signed_in_at'])
    .orderBy('users.email')
    .execute()
}

function findByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst()
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xo2c7fGkqX9bC6mJqkz7oWlA8y4m8zU4mJw9bKq5cQ4'
