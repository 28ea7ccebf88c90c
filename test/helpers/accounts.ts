/**
 * Signed-in users for tests: a user of each role made through the real service, signed in through
 * the real form, so tests exercise sessions and CSRF exactly as a browser does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import { needsOrganisation, type Role } from '../../src/modules/accounts/access.js'
import { addUser } from '../../src/modules/accounts/users.service.js'

export const TEST_PASSWORD = 'correct horse battery staple'

export interface TestUser {
  id: string
  email: string
  role: Role
  organisationId: string | null
  /** The session cookie header value, for inject({ headers: { cookie } }). */
  cookie: string
  /** The session's form token, to post as `_csrf`. */
  csrf: string
}

/** Shipped organisation ids the tests use as "organisation A" and "organisation B". */
export const ORG_A = 'lbbd'
export const ORG_B = 'nelft'

export async function createUser(
  db: Kysely<Database>,
  role: Role,
  organisationId: string | null,
  email = `${role}-${organisationId ?? 'none'}-${Math.random().toString(36).slice(2, 8)}@example.org`,
) {
  return addUser(
    db,
    { email, displayName: `Test ${role.replace('_', ' ')}`, role, organisationId, password: TEST_PASSWORD },
    'test',
  )
}

/**
 * An account made before every owner and board member had to belong to an organisation: made
 * through the service with one, then stripped of it as an older database may hold it.
 */
export async function createUserWithoutOrganisation(db: Kysely<Database>, role: Role) {
  const user = await createUser(db, role, ORG_A)
  await db.updateTable('users').set({ organisation_id: null }).where('id', '=', user.id).execute()
  return { ...user, organisationId: null }
}

/** Signs a user in through POST /sign-in and returns what later requests need. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; csrf: string }> {
  const form = await app.inject({ method: 'GET', url: '/sign-in' })
  const anonymous = cookieHeader(form)
  const formToken = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1]
  if (!formToken) throw new Error('the sign-in page has no form token')
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: anonymous },
    payload: { _csrf: formToken, email, password },
  })
  if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode}`)
  const cookie = cookieHeader(res)
  const page = await app.inject({ method: 'GET', url: '/sign-in?next=/', headers: { cookie } })
  if (page.statusCode !== 303) throw new Error('the new session was not recognised')
  const csrf = await sessionCsrf(app, cookie)
  return { cookie, csrf }
}

export async function signInAs(
  app: FastifyInstance,
  db: Kysely<Database>,
  role: Role,
  organisationId: string | null = needsOrganisation(role) ? ORG_A : null,
): Promise<TestUser> {
  const user =
    organisationId === null && needsOrganisation(role)
      ? await createUserWithoutOrganisation(db, role)
      : await createUser(db, role, organisationId)
  const session = await signIn(app, user.email)
  return { id: user.id, email: user.email, role, organisationId, ...session }
}

/** The form token of a session, read from any page's sign-out form. */
async function sessionCsrf(app: FastifyInstance, cookie: string): Promise<string> {
  const page = await app.inject({ method: 'GET', url: '/', headers: { cookie } })
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  if (!token) throw new Error('no form token on the signed-in page')
  return token
}

function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
}
