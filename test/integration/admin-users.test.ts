/**
 * The administrator's account pages end to end: changing a user's name, role and organisation (and
 * reading the change, in words, in the audit trail), the rule that owners and board members name an
 * organisation, disabling after a confirmation page, re-enabling, and 403 pages that say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { createUser, signIn, signInAs, type TestUser } from '../helpers/accounts.js'

describe.each(engines)('administering accounts (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  beforeAll(async () => {
    t = await createTestApp(engine)
    admin = await signInAs(t.app, t.database.db, 'administrator')
  })
  afterAll(async () => t?.close())

  const get = (url: string, who: { cookie: string } = admin) => t.app.inject({ url, headers: { cookie: who.cookie } })
  const post = (url: string, payload: Record<string, string>, who: { cookie: string; csrf: string } = admin) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload: { _csrf: who.csrf, ...payload } })
  const organisationName = async (id: string) =>
    (await t.database.db.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name

  it('changes a user’s role and organisation, and the audit trail says so in words', async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    const form = await get(`/admin/users/${user.id}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Change name, role or organisation')
    const refused = await post(`/admin/users/${user.id}`, {
      displayName: 'Head of Service',
      role: 'board_member',
      organisationId: '',
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('govuk-error-summary')
    expect(refused.body).toContain('href="#organisationId"')
    expect(refused.body).toContain('owners and board members must belong to one')
    const saved = await post(`/admin/users/${user.id}`, {
      displayName: 'Head of Service',
      role: 'board_member',
      organisationId: 'nelft',
    })
    expect(saved.statusCode).toBe(303)
    expect((await get(saved.headers.location as string)).body).toContain('Account changed')
    const stored = await t.database.db
      .selectFrom('users')
      .select(['display_name', 'role', 'organisation_id'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ display_name: 'Head of Service', role: 'board_member', organisation_id: 'nelft' })

    const trail = await get('/audit?type=user')
    const nelft = await organisationName('nelft')
    expect(trail.body).toContain(
      `changed the account of Head of Service, changing its name from Test analyst to Head of Service, its role from analyst to board member, its organisation from none to ${nelft}.`,
    )
    expect(trail.body).toContain('<option value="user" selected>User account</option>')
  })

  it('offers the statistics approver role, and makes an analyst one, in words in the audit trail', async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    const form = await get(`/admin/users/${user.id}`)
    expect(form.body).toContain('value="approver"')
    expect(form.body).toContain('Statistics approver')
    const saved = await post(`/admin/users/${user.id}`, {
      displayName: 'Head of Profession for Statistics',
      role: 'approver',
      organisationId: '',
    })
    expect(saved.statusCode).toBe(303)
    const stored = await t.database.db.selectFrom('users').select('role').where('id', '=', user.id).executeTakeFirst()
    expect(stored?.role).toBe('approver')
    expect((await get('/audit?type=user')).body).toContain('its role from analyst to statistics approver')
  })

  it('refuses to add a board member without an organisation', async () => {
    const res = await post('/admin/users/new', {
      email: 'member@example.org',
      displayName: 'Member',
      role: 'board_member',
      organisationId: '',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#organisationId"')
  })

  it('disables only after a confirmation page, and re-enables a disabled address with a new password', async () => {
    const user = await createUser(t.database.db, 'analyst', null)
    const confirm = await get(`/admin/users/${user.id}/disable`)
    expect(confirm.body).toContain(`Are you sure you want to disable ${user.email}?`)
    expect(confirm.body).toContain(`action="/admin/users/${user.id}/disable"`)
    expect((await post(`/admin/users/${user.id}/disable`, {})).headers.location).toBe('/admin/users?saved=disabled')

    const again = await post('/admin/users/new', {
      email: user.email,
      displayName: 'Again',
      role: 'analyst',
      organisationId: '',
    })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain(`The account for ${user.email} is disabled`)
    expect(again.body).toContain(`action="/admin/users/${user.id}/enable"`)

    const enabled = await post(`/admin/users/${user.id}/enable`, {})
    expect(enabled.body).toContain('Account re-enabled')
    const password = /app-password">([^<]+)</.exec(enabled.body)![1]!
    await expect(signIn(t.app, user.email, password)).resolves.toHaveProperty('cookie')
    const actions = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', user.id)
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual(['create', 'disable', 'enable', 'reset-password'])
  })

  it('says on a 403 page what was refused, why and whom to ask', async () => {
    const analyst = await signInAs(t.app, t.database.db, 'analyst')
    const page = await get('/admin/users', analyst)
    expect(page.statusCode).toBe(403)
    expect(page.body).toContain('You cannot use this page: it is for administrators')
    expect(page.body).toContain('Ask an administrator')

    const stranger = await signInAs(t.app, t.database.db, 'board_member', 'lbbd')
    const meeting = await get('/boards/best-chance-partnership/meetings/new', stranger)
    if (meeting.statusCode === 403)
      expect(meeting.body).toMatch(
        /You cannot record meetings for the [^:]+: your organisation does not hold a current seat on it/,
      )
    const noOrganisation = await signInAs(t.app, t.database.db, 'board_member', null)
    const refused = await get('/boards/best-chance-partnership/meetings/new', noOrganisation)
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('your account does not say which organisation you belong to')
  })
})
