/**
 * Local accounts: argon2id hashes, lockout after repeated failures, and the administrator's
 * add / reset / disable. Every change is audited (through withChange); no account is ever deleted.
 * Sign-in tries and times are bookkeeping of the account, not changes the audit trail keeps.
 */
import { hash, verify } from '@node-rs/argon2'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../db/database.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import { withChange } from '../../db/changes/with-change.js'
import { needsOrganisation, roles, type Role, type SessionUser } from './access.js'
import { isActiveOrganisation } from './organisations.repository.js'
import { endSessionsOf } from './sessions.repository.js'
import {
  claimSignInTry,
  findUserByEmail,
  insertUser,
  listUsers as listUserAccounts,
  findStoredUserById,
  markDisabled,
  markEnabled,
  recordSignIn,
  updateUserDetails,
  setPasswordHash,
  type StoredUser,
  type UserListing,
} from './users.repository.js'

/** Who changes an account: a signed-in administrator, the command line ('cli:<name>') or a test. */
type Who = Actor | ActingUser | string

export const MAX_FAILED_SIGN_INS = 5
export const LOCKOUT_MINUTES = 15
export const MIN_PASSWORD_LENGTH = 12

export const newUserSchema = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.org' })),
    displayName: z
      .string()
      .trim()
      .min(1, 'Enter a display name')
      .max(200, 'Display name must be 200 characters or fewer'),
    role: z.enum(roles, { message: `Role must be one of: ${roles.join(', ')}` }),
    organisationId: z.string().trim().min(1).nullable(),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
      .nullable(),
  })
  .refine((u) => !needsOrganisation(u.role) || u.organisationId !== null, {
    message: 'An owner or board member must belong to an organisation',
    path: ['organisationId'],
  })
export type NewUser = z.input<typeof newUserSchema>

/** An account as the audit trail keeps it: never its password hash. */
const publicFields = (u: SessionUser, disabledAt: Date | null) => ({
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  organisationId: u.organisationId,
  disabled: Boolean(disabledAt),
})

/** Accounts are audited as 'user' records; no public page shows them, so cached pages stay. */
const accountChange = { entityType: 'user', bumpsDataVersion: false }

export async function addUser(db: Kysely<Database>, input: NewUser, actor: Who): Promise<SessionUser> {
  const user = newUserSchema.parse(input)
  const target = {
    ...accountChange,
    action: 'create',
    idOf: (u: SessionUser) => u.id,
    detail: (u: SessionUser) => ({ before: null, after: publicFields(u, null) }),
  }
  return withChange(db, actor, target, async (tx) => {
    if (user.organisationId && !(await isActiveOrganisation(tx, user.organisationId)))
      throw new Error(`there is no organisation "${user.organisationId}"`)
    if (await findUserByEmail(tx, user.email)) throw new Error(`there is already an account for ${user.email}`)
    const passwordHash = user.password ? await hash(user.password) : null
    return insertUser(tx, {
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      organisationId: user.organisationId,
      passwordHash,
    })
  })
}

/** The account, or an error naming the email. */
async function existing(db: Kysely<Database>, email: string): Promise<StoredUser> {
  const user = await findUserByEmail(db, email)
  if (!user) throw new Error(`there is no account for ${email}`)
  return user
}

export async function resetPassword(db: Kysely<Database>, email: string, password: string, actor: Who): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`the password must be ${MIN_PASSWORD_LENGTH} characters or more`)
  const passwordHash = await hash(password)
  const target = {
    ...accountChange,
    action: 'reset-password',
    idOf: (u: StoredUser) => u.id,
    detail: (u: StoredUser) => ({ before: { locked: Boolean(u.lockedUntil) }, after: { locked: false } }),
  }
  await withChange(db, actor, target, async (tx) => {
    const user = await existing(tx, email)
    await setPasswordHash(tx, user.id, passwordHash)
    await endSessionsOf(tx, user.id)
    return user
  })
}

export async function disableUser(db: Kysely<Database>, email: string, actor: Who): Promise<void> {
  const disabledAt = new Date()
  const target = {
    ...accountChange,
    action: 'disable',
    idOf: (u: StoredUser) => u.id,
    detail: (u: StoredUser) => ({ before: publicFields(u, null), after: publicFields(u, disabledAt) }),
  }
  await withChange(db, actor, target, async (tx, change) => {
    const user = await existing(tx, email)
    if (user.disabledAt) change.unchanged()
    else {
      await markDisabled(tx, user.id, disabledAt)
      await endSessionsOf(tx, user.id)
    }
    return user
  })
}

/** The refusal when an account's role needs an organisation and it has none. */
export const ORGANISATION_NEEDED =
  'Select the organisation this person works for: owners and board members must belong to one'

export interface UserDetails {
  displayName: string
  role: Role
  organisationId: string | null
}

/**
 * An administrator's change to an account's name, role and organisation. Owners and board members
 * must belong to an organisation: an owner changes only their organisation's records, and a board
 * member records meetings of the boards their organisation sits on. Returns false when nothing changed.
 */
export async function changeUser(db: Kysely<Database>, id: string, details: UserDetails, actor: Who): Promise<boolean> {
  if (needsOrganisation(details.role) && !details.organisationId) throw new Error(ORGANISATION_NEEDED)
  let changed = true
  const target = {
    ...accountChange,
    action: 'update',
    entityId: id,
    detail: ({ before, after }: { before: StoredUser; after: StoredUser }) => ({
      before: publicFields(before, before.disabledAt),
      after: publicFields(after, after.disabledAt),
    }),
  }
  await withChange(db, actor, target, async (tx, change) => {
    const before = await findStoredUserById(tx, id)
    if (!before) throw new Error('there is no such account')
    if (
      details.organisationId &&
      details.organisationId !== before.organisationId &&
      !(await isActiveOrganisation(tx, details.organisationId))
    )
      throw new Error(`there is no organisation "${details.organisationId}"`)
    const after = { ...before, ...details }
    if (
      before.displayName === after.displayName &&
      before.role === after.role &&
      before.organisationId === after.organisationId
    ) {
      changed = false
      change.unchanged()
    } else await updateUserDetails(tx, id, details)
    return { before, after }
  })
  return changed
}

/** A disabled account brought back into use; it signs in with a new password the administrator gives. */
export async function enableUser(db: Kysely<Database>, email: string, actor: Who): Promise<void> {
  const target = {
    ...accountChange,
    action: 'enable',
    idOf: (u: StoredUser) => u.id,
    detail: (u: StoredUser) => ({ before: publicFields(u, u.disabledAt), after: publicFields(u, null) }),
  }
  await withChange(db, actor, target, async (tx, change) => {
    const user = await existing(tx, email)
    if (!user.disabledAt) change.unchanged()
    else await markEnabled(tx, user.id)
    return user
  })
}

/** Whether an email belongs to a disabled account (an add with it offers to re-enable it instead). */
export async function isDisabledAccount(db: Kysely<Database>, email: string): Promise<boolean> {
  const user = await findUserByEmail(db, email)
  return Boolean(user?.disabledAt)
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
export async function checkPassword(
  db: Kysely<Database>,
  email: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const user = await findUserByEmail(db, email)
  if (!user || user.disabledAt || !user.passwordHash) return refuse('invalid', password)
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)
  const tries = await claimSignInTry(db, user.id, now, { maxTries: MAX_FAILED_SIGN_INS, lockedUntil })
  if (tries === null) return refuse('locked', password)
  if (!(await verify(user.passwordHash, password)))
    return { ok: false, reason: tries >= MAX_FAILED_SIGN_INS ? 'locked' : 'invalid' }
  await recordSignIn(db, user.id, now)
  return { ok: true, user: sessionUserOf(user) }
}

async function refuse(reason: 'invalid' | 'locked', password: string): Promise<SignInResult> {
  await verify(DUMMY_HASH, password).catch(() => false) // the same work as a real check
  return { ok: false, reason }
}

/** An active account by email, for sign-in through the identity provider. */
export async function findActiveUserByEmail(db: Kysely<Database>, email: string): Promise<SessionUser | null> {
  const user = await findUserByEmail(db, email)
  return user && !user.disabledAt ? sessionUserOf(user) : null
}

export async function listUsers(db: Kysely<Database>): Promise<UserListing[]> {
  return listUserAccounts(db)
}

const sessionUserOf = (u: StoredUser): SessionUser => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  organisationId: u.organisationId,
})

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xo2c7fGkqX9bC6mJqkz7oWlA8y4m8zU4mJw9bKq5cQ4'
