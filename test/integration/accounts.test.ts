import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { createUser, signIn, signInAs, TEST_PASSWORD } from '../helpers/accounts.js'
import { disableUser, MAX_FAILED_SIGN_INS, resetPassword } from '../../src/modules/accounts/users.service.js'

describe.each(engines)('accounts and sessions (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => t?.close())

  it('signs in with the right password, keeps the session in the database, and signs out', async () => {
    const user = await signInAs(t.app, t.database.db, 'analyst')
    const home = await t.app.inject({ url: '/', headers: { cookie: user.cookie } })
    expect(home.body).toContain('Signed in as Test analyst')
    const stored = await t.database.db
      .selectFrom('sessions')
      .select(['token_hash', 'ended_at'])
      .where('user_id', '=', user.id)
      .execute()
    expect(stored).toHaveLength(1)
    expect(user.cookie).not.toContain(stored[0]!.token_hash) // only the hash is stored
    const out = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: user.cookie },
      payload: { _csrf: user.csrf },
    })
    expect(out.statusCode).toBe(303)
    const after = await t.app.inject({ url: '/', headers: { cookie: user.cookie } })
    expect(after.body).not.toContain('Signed in as')
  })

  it('refuses a wrong password with a GOV.UK error summary linked to the field', async () => {
    const user = await createUser(t.database.db, 'owner', 'lbbd')
    const form = await t.app.inject({ url: '/sign-in' })
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
    const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: token, email: user.email, password: 'wrong password!' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#email"')
    expect(res.body).toContain('Enter a correct email address and password')
  })

  it('refuses a form posted without its token', async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: { email: user.email, password: TEST_PASSWORD },
    })
    expect(res.statusCode).toBe(403)
    const signedIn = await signInAs(t.app, t.database.db, 'analyst')
    const out = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: signedIn.cookie },
      payload: { _csrf: 'forged' },
    })
    expect(out.statusCode).toBe(403)
  })

  it(`locks an account after ${MAX_FAILED_SIGN_INS} failures, even against the right password, until reset`, async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      await expect(signIn(t.app, user.email, 'not the password')).rejects.toThrow(/400/)
    await expect(signIn(t.app, user.email)).rejects.toThrow(/400/)
    await resetPassword(t.database.db, user.email, 'a brand new password', 'test')
    await expect(signIn(t.app, user.email, 'a brand new password')).resolves.toHaveProperty('cookie')
  })

  it('ends the sessions of a disabled user', async () => {
    const user = await signInAs(t.app, t.database.db, 'board_member')
    await disableUser(t.database.db, user.email, 'test')
    const home = await t.app.inject({ url: '/', headers: { cookie: user.cookie } })
    expect(home.body).not.toContain('Signed in as')
    await expect(signIn(t.app, user.email)).rejects.toThrow(/400/)
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', user.id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'disable'])
  })

  it('never redirects off the site after sign-in', async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    const form = await t.app.inject({ url: '/sign-in' })
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
    const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: token, email: user.email, password: TEST_PASSWORD, next: '//evil.example' },
    })
    expect(res.headers.location).toBe('/my-work')
  })
  it('lets an administrator add a user on the web, with the password shown once, and no one else', async () => {
    const admin = await signInAs(t.app, t.database.db, 'administrator')
    const bad = await t.app.inject({
      method: 'POST',
      url: '/admin/users/new',
      headers: { cookie: admin.cookie },
      payload: { _csrf: admin.csrf, email: '', displayName: '', role: '' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#email"')
    expect(bad.body).toContain('href="#role"')
    const added = await t.app.inject({
      method: 'POST',
      url: '/admin/users/new',
      headers: { cookie: admin.cookie },
      payload: {
        _csrf: admin.csrf,
        email: 'new.owner@example.org',
        displayName: 'Head of Service',
        role: 'owner',
        organisationId: 'nelft',
      },
    })
    expect(added.statusCode).toBe(200)
    expect(added.headers['cache-control']).toBe('no-store')
    const password = /app-password">([^<]+)</.exec(added.body)![1]!
    await expect(signIn(t.app, 'new.owner@example.org', password)).resolves.toHaveProperty('cookie')
    const list = await t.app.inject({ url: '/admin/users', headers: { cookie: admin.cookie } })
    expect(list.body).toContain('new.owner@example.org')
    const analyst = await signInAs(t.app, t.database.db, 'analyst')
    expect((await t.app.inject({ url: '/admin/users', headers: { cookie: analyst.cookie } })).statusCode).toBe(403)
    expect((await t.app.inject({ url: '/admin/users' })).statusCode).toBe(302)
  })
})
