import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { startMockIdp } from '../helpers/mock-idp.js'
import { createUser, ORG_A } from '../helpers/accounts.js'
import { disableUser } from '../../src/modules/accounts/users.service.js'

describe.each(engines)('sign-in through the organisation’s identity provider (%s)', (engine) => {
  let idp: Awaited<ReturnType<typeof startMockIdp>>
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    idp = await startMockIdp('best-chance', 'test-secret')
    t = await createTestApp(engine, {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'best-chance',
      OIDC_CLIENT_SECRET: 'test-secret',
      BASE_URL: 'http://best-chance.test',
      OIDC_DISPLAY_NAME: 'Microsoft Entra ID',
      OIDC_ALLOW_INSECURE: 'true',
    })
  })
  afterAll(async () => {
    await t?.close()
    await idp?.close()
  })

  /** Starts sign-in, lets `email` sign in at the provider, and follows the callback. */
  async function signInThroughProvider(email: string, tamper?: (q: URLSearchParams) => void) {
    const start = await t.app.inject({ url: '/sign-in/oidc?next=/indicators' })
    expect(start.statusCode).toBe(303)
    const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const { code, state } = idp.issueCode(start.headers.location as string, email)
    const query = new URLSearchParams({ code, state, iss: idp.issuer })
    tamper?.(query)
    return t.app.inject({ url: `/sign-in/oidc/callback?${query}`, headers: { cookie } })
  }

  it('offers the provider on the sign-in page', async () => {
    const page = await t.app.inject({ url: '/sign-in' })
    expect(page.body).toContain('Sign in with Microsoft Entra ID')
  })

  it('signs in a registered account and returns to where the user was going', async () => {
    const user = await createUser(t.database.db, 'board_member', ORG_A)
    const callback = await signInThroughProvider(user.email)
    expect(callback.statusCode).toBe(303)
    expect(callback.headers.location).toBe('/indicators')
    const cookie = callback.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const home = await t.app.inject({ url: '/', headers: { cookie } })
    expect(home.body).toContain('Signed in as Test board member')
  })

  it('refuses an account nobody has registered, a disabled one, and a forged state', async () => {
    expect((await signInThroughProvider('stranger@example.org')).statusCode).toBe(403)
    const user = await createUser(t.database.db, 'analyst', null)
    await disableUser(t.database.db, user.email, 'test')
    expect((await signInThroughProvider(user.email)).statusCode).toBe(403)
    const other = await createUser(t.database.db, 'analyst', null)
    const forged = await signInThroughProvider(other.email, (q) => q.set('state', 'forged'))
    expect(forged.statusCode).toBe(403)
    expect(forged.cookies.find((c) => c.name === 'bc_session')).toBeUndefined()
  })
})
