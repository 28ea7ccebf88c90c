/**
 * The sign-in holes a probe found, closed: parallel wrong passwords cannot check more than the
 * lockout allows; a refusal reads the same whether or not the account exists or is locked; signing
 * in ends the browser's earlier session; and `next` never leads off the site. The password hash
 * library is wrapped so the test counts the checks actually made against an account's hash.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { createUser, signIn, signInAs, TEST_PASSWORD } from '../helpers/accounts.js'
import {
  checkPassword,
  disableUser,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
} from '../../src/modules/accounts/users.service.js'

/** Every hash a password was checked against, in order. */
const checked = vi.hoisted(() => [] as string[])
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>()
  return {
    ...real,
    verify: async (...args: Parameters<typeof real.verify>) => {
      checked.push(String(args[0]))
      return real.verify(...args)
    },
  }
})

const cookieOf = (res: LightMyRequestResponse) => res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')

describe.each(engines)('sign-in hardening (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let form: { cookie: string; token: string }
  beforeAll(async () => {
    t = await createTestApp(engine)
    const page = await t.app.inject({ url: '/sign-in' })
    form = { cookie: cookieOf(page), token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! }
  }, 180_000)
  afterAll(async () => t?.close())
  beforeEach(() => {
    checked.length = 0
  })

  const attempt = (email: string, password: string, next?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: form.cookie },
      payload: { _csrf: form.token, email, password, ...(next ? { next } : {}) },
    })
  const hashOf = async (id: string) =>
    (await t.database.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow())
      .password_hash!
  const lockState = async (id: string) =>
    t.database.db
      .selectFrom('users')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  it(`locks after exactly ${MAX_FAILED_SIGN_INS} checked passwords when 40 wrong ones arrive at once, and refuses the right one until the lock ends`, async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    const hash = await hashOf(user.id)
    const before = Date.now()
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(user.email, `wrong password ${i}`)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(40).fill(400))
    expect(checked.filter((h) => h === hash)).toHaveLength(MAX_FAILED_SIGN_INS)
    expect(checked).toHaveLength(40) // the other 35 cost a check against the dummy hash, as an unknown email does
    const state = await lockState(user.id)
    expect(state.failed_sign_ins).toBe(MAX_FAILED_SIGN_INS)
    const lockedUntil = new Date(state.locked_until!).getTime()
    expect(lockedUntil).toBeGreaterThanOrEqual(before + LOCKOUT_MINUTES * 60_000 - 1000)
    expect(lockedUntil).toBeLessThanOrEqual(Date.now() + LOCKOUT_MINUTES * 60_000 + 1000)

    // The right password, on the web and at the service, is refused while the lock lasts and is
    // never checked against the hash.
    const right = await attempt(user.email, TEST_PASSWORD)
    expect(right.statusCode).toBe(400)
    expect(right.headers['set-cookie']).toBeUndefined()
    expect(await checkPassword(t.database.db, user.email, TEST_PASSWORD, new Date(lockedUntil - 1000))).toEqual({
      ok: false,
      reason: 'locked',
    })
    expect(checked.filter((h) => h === hash)).toHaveLength(MAX_FAILED_SIGN_INS)

    // Once the lock has ended, the right password works and the count starts again.
    expect(await checkPassword(t.database.db, user.email, TEST_PASSWORD, new Date(lockedUntil + 1000))).toMatchObject({
      ok: true,
    })
    expect(await lockState(user.id)).toEqual({ failed_sign_ins: 0, locked_until: null })
    await expect(signIn(t.app, user.email)).resolves.toHaveProperty('cookie')
  }, 120_000)

  it('counts wrong passwords one after another too, and the right one gives the tries back', async () => {
    const user = await createUser(t.database.db, 'owner', 'lbbd')
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++)
      expect((await attempt(user.email, 'not the password')).statusCode).toBe(400)
    expect((await lockState(user.id)).failed_sign_ins).toBe(MAX_FAILED_SIGN_INS - 1)
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303)
    expect(await lockState(user.id)).toEqual({ failed_sign_ins: 0, locked_until: null })
  })

  it('answers an unknown email exactly as a known one: wrong password, locked or disabled, in words, status and work', async () => {
    const known = await createUser(t.database.db, 'analyst', null)
    const locked = await createUser(t.database.db, 'analyst', null)
    const disabled = await createUser(t.database.db, 'analyst', null)
    await disableUser(t.database.db, disabled.email, 'test')
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await attempt(locked.email, 'not the password')
    expect((await lockState(locked.id)).locked_until).not.toBeNull()

    const answers: Record<string, { status: number; body: string }> = {}
    for (const [name, email, password] of [
      ['wrong password', known.email, 'not the password'],
      ['locked, wrong password', locked.email, 'not the password'],
      ['locked, right password', locked.email, TEST_PASSWORD],
      ['disabled', disabled.email, TEST_PASSWORD],
      ['unknown', 'no.such.person@example.org', 'not the password'],
    ] as const) {
      checked.length = 0
      const res = await attempt(email, password)
      // The form shows back the email typed; everything else must match to the byte.
      answers[name] = { status: res.statusCode, body: res.body.replaceAll(email, 'EMAIL') }
      expect(checked, name).toHaveLength(1) // one hash check each, so timing tells nothing either
    }
    const unknown = answers.unknown!
    expect(unknown.status).toBe(400)
    expect(unknown.body).toContain('Enter a correct email address and password')
    expect(unknown.body).not.toMatch(/account is locked after|This account is locked/)
    for (const [name, answer] of Object.entries(answers)) expect(answer, name).toEqual(unknown)
  })

  it('ends the earlier session when someone else signs in on the same browser', async () => {
    const first = await signInAs(t.app, t.database.db, 'board_member', 'lbbd')
    const second = await createUser(t.database.db, 'analyst', null)
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: first.cookie },
      payload: { _csrf: first.csrf, email: second.email, password: TEST_PASSWORD },
    })
    expect(res.statusCode).toBe(303)
    const rotated = cookieOf(res)
    expect(rotated).toMatch(/bc_session=/)
    expect(rotated).not.toBe(first.cookie)
    const old = await t.database.db.selectFrom('sessions').select('ended_at').where('user_id', '=', first.id).execute()
    expect(old).toHaveLength(1)
    expect(old[0]!.ended_at).not.toBeNull()
    expect((await t.app.inject({ url: '/my-work', headers: { cookie: first.cookie } })).statusCode).toBe(302) // back to sign in
    const now = await t.app.inject({ url: '/my-work', headers: { cookie: rotated } })
    expect(now.statusCode).toBe(200)
    expect(now.body).toContain('Signed in as Test analyst')
  })

  it('ends the earlier session when the same person signs in again', async () => {
    const user = await signInAs(t.app, t.database.db, 'analyst')
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: user.cookie },
      payload: { _csrf: user.csrf, email: user.email, password: TEST_PASSWORD },
    })
    expect(res.statusCode).toBe(303)
    const sessions = await t.database.db
      .selectFrom('sessions')
      .select('ended_at')
      .where('user_id', '=', user.id)
      .orderBy('created_at')
      .execute()
    expect(sessions.map((s) => s.ended_at === null)).toEqual([false, true])
    expect((await t.app.inject({ url: '/my-work', headers: { cookie: user.cookie } })).statusCode).toBe(302)
  })

  it('never redirects a signed-in visitor off the site, nor answers a hostile next with a server error', async () => {
    const user = await signInAs(t.app, t.database.db, 'analyst')
    const hostile = [
      '%2F%09%2Fevil.example',
      '%2F%0A%2Fevil.example',
      '%2F%0D%0A%2Fevil.example',
      '%2F%5Cevil.example',
      '%2F%2Fevil.example',
      'https%3A%2F%2Fevil.example',
      '%2F%252F%252Fevil.example',
      '%2F%C4%80',
      '%2F%00',
    ]
    for (const value of hostile) {
      const res = await t.app.inject({ url: `/sign-in?next=${value}`, headers: { cookie: user.cookie } })
      expect(res.statusCode, value).toBeLessThan(500)
      if (res.statusCode === 303) expect(res.headers.location, value).toBe('/my-work')
      else expect(res.statusCode, value).toBe(400)
    }
    const twice = await t.app.inject({ url: '/sign-in?next=/a&next=/b', headers: { cookie: user.cookie } })
    expect(twice.headers.location).toBe('/my-work')
    const fine = await t.app.inject({
      url: `/sign-in?next=${encodeURIComponent('/risks?status=open')}`,
      headers: { cookie: user.cookie },
    })
    expect(fine.headers.location).toBe('/risks?status=open')
    // And after signing in through the form.
    const other = await createUser(t.database.db, 'analyst', null)
    const posted = await attempt(other.email, TEST_PASSWORD, '/\t/evil.example')
    expect(posted.statusCode).toBe(303)
    expect(posted.headers.location).toBe('/my-work')
  })

  it('keeps a hostile next out of the sign-in form', async () => {
    const page = await t.app.inject({ url: '/sign-in?next=%2F%09%2Fevil.example' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/name="next" value=""/)
    const kept = await t.app.inject({ url: `/sign-in?next=${encodeURIComponent('/risks?status=open')}` })
    expect(kept.body).toContain('name="next" value="/risks?status=open"')
  })
})
