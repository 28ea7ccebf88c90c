/** Action plans on the web and from files: owners change only their own organisation's actions; everything audited, nothing deleted. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { findAuditTrail } from '../../src/modules/audit/audit.repository.js'
import { partsOf as dateParts, todayInLondon } from '../../src/lib/dates.js'
import {
  actionsForIndicator,
  actionsForOrganisation,
  addProgressUpdate,
  createAction,
} from '../../src/modules/delivery/delivery.service.js'
import { parseImportArgs, runImportActions } from '../../src/modules/delivery/delivery.cli.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-actions-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The form's fields for a good action; dates as a GOV.UK date input posts them. */
function actionForm(over: Record<string, unknown> = {}) {
  return {
    title: 'Open two more family hubs',
    description: 'In Thames and Abbey wards.\nWith health visiting on site.',
    leadRole: 'Head of Early Help',
    intentionId: 'best-start-1',
    priorityId: 'first-1001-days',
    deliveryPlan: 'best-start',
    'startDate-day': '1',
    'startDate-month': '4',
    'startDate-year': '2025',
    'dueDate-day': '31',
    'dueDate-month': '3',
    'dueDate-year': '2027',
    status: 'on_track',
    interventionLevel: 'service',
    indicatorIds: ['two-year-check', 'breastfeeding-initiation'],
    ...over,
  }
}

describe.each(engines)('actions (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let ownerA: TestUser
  let ownerB: TestUser
  let admin: TestUser
  const db = () => t.database.db
  const get = (url: string, user?: TestUser) => t.app.inject({ url, headers: user ? { cookie: user.cookie } : {} })
  const post = (url: string, user: TestUser, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: user.cookie }, payload: { _csrf: user.csrf, ...payload } })
  const idFrom = (location: string | undefined) => /^\/actions\/(\d+)/.exec(location ?? '')![1]!
  const trail = async (id: string) => findAuditTrail(db(), 'action', id)
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>

  /** Adds an action through the form as owner A; returns its id. */
  async function addAction(over: Record<string, unknown> = {}, user = ownerA) {
    const res = await post('/actions/new', user, actionForm(over))
    expect(res.statusCode, res.body).toBe(303)
    return idFrom(res.headers.location as string)
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    ownerA = await signInAs(t.app, db(), 'owner', ORG_A)
    ownerB = await signInAs(t.app, db(), 'owner', ORG_B)
    admin = await signInAs(t.app, db(), 'administrator')
  })
  afterAll(async () => t?.close())

  it('lets an owner add an action for their own organisation, shown on the list and its own page', async () => {
    const res = await post('/actions/new', ownerA, actionForm({ organisationId: ORG_B })) // an owner cannot choose another organisation
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toMatch(/^\/actions\/\d+\?saved=created$/)
    const id = idFrom(res.headers.location as string)

    const stored = await db().selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({
      organisation_id: ORG_A,
      status: 'on_track',
      intention_id: 'best-start-1',
      strategy_id: 'best-chance-2022-25',
      delivery_plan: 'best-start',
    })
    expect(stored.reference).toMatch(/^ACT-\d{4,}$/)

    const page = await get(`/actions/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Open two more family hubs')
    expect(page.body).toContain(stored.reference)
    expect(page.body).toContain('<strong class="govuk-tag govuk-tag--green">On track</strong>')
    expect(page.body).toContain('Head of Early Help')
    expect(page.body).toContain('31 March 2027')
    expect(page.body).toContain('href="/indicators/two-year-check"')
    expect(page.body).toContain('href="/indicators/breastfeeding-initiation"')
    expect(page.body).toContain('href="/intentions/best-start-1"')
    expect(page.body).toContain('href="/priorities/first-1001-days"')
    expect(page.body).toContain('With health visiting on site.') // the second line of the description, as its own paragraph

    const list = await get('/actions')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`href="/actions/${id}"`)
    expect(list.body).toContain('Best Start delivery plan')

    const [created] = await trail(id)
    expect(created).toMatchObject({ action: 'create', actor: `user:${ownerA.id} ${ownerA.email}`, before: null })
    expect(json(created!.after)).toMatchObject({
      title: 'Open two more family hubs',
      organisationId: ORG_A,
      indicatorIds: ['breastfeeding-initiation', 'two-year-check'],
    })
  })

  it('takes a progress update: the action takes its status, and it joins the dated history', async () => {
    const id = await addAction({ title: 'Progress update test' })
    const form = await get(`/actions/${id}/updates/new`, ownerA)
    expect(form.statusCode).toBe(200)
    const today = dateParts(todayInLondon())
    expect(form.body).toContain(`name="updateDate-day" type="text" value="${today.day}"`)

    const res = await post(`/actions/${id}/updates/new`, ownerA, {
      'updateDate-day': today.day,
      'updateDate-month': today.month,
      'updateDate-year': today.year,
      status: 'at_risk',
      commentary: 'Two health visitor posts are vacant.',
    })
    expect(res.statusCode).toBe(303)
    const page = await get(`/actions/${id}`)
    expect(page.body).toContain('<strong class="govuk-tag govuk-tag--yellow">At risk</strong>')
    expect(page.body).toContain('Two health visitor posts are vacant.')
    expect(page.body).toContain('By Barking and Dagenham Council') // the public sees the organisation, not the account
    const signedIn = await get(`/actions/${id}`, ownerB)
    expect(signedIn.body).toContain('By Test owner, Barking and Dagenham Council')

    const stored = await db().selectFrom('actions').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored.status).toBe('at_risk')
    const updates = await db().selectFrom('progress_updates').selectAll().where('action_id', '=', id).execute()
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({
      status_at_update: 'at_risk',
      author_user_id: ownerA.id,
      author_organisation_id: ORG_A,
    })

    const event = (await trail(id)).find((e) => e.action === 'progress-update.add')!
    expect(json(event.before)).toMatchObject({ status: 'on_track' })
    expect(json(event.after)).toMatchObject({
      status: 'at_risk',
      progressUpdate: { status: 'at_risk', commentary: 'Two health visitor posts are vacant.' },
    })
  })

  it('refuses another organisation’s owner every change, and changes nothing', async () => {
    const id = await addAction({ title: 'Owner A only' })
    const milestone = await post(`/actions/${id}/milestones`, ownerA, { 'milestone-title': 'Site agreed' })
    expect(milestone.statusCode).toBe(303)
    const milestoneId = (
      await db().selectFrom('milestones').select('id').where('action_id', '=', id).executeTakeFirstOrThrow()
    ).id
    const before = (await trail(id)).length

    expect((await get(`/actions/${id}/edit`, ownerB)).statusCode).toBe(403)
    expect((await get(`/actions/${id}/updates/new`, ownerB)).statusCode).toBe(403)
    expect((await post(`/actions/${id}/edit`, ownerB, actionForm({ title: 'Taken over' }))).statusCode).toBe(403)
    expect(
      (await post(`/actions/${id}/updates/new`, ownerB, { status: 'complete', commentary: 'Done' })).statusCode,
    ).toBe(403)
    expect((await post(`/actions/${id}/milestones`, ownerB, { 'milestone-title': 'Not mine' })).statusCode).toBe(403)
    expect((await post(`/actions/${id}/milestones/${milestoneId}/complete`, ownerB, {})).statusCode).toBe(403)
    expect((await post(`/actions/${id}/milestones/${milestoneId}/archive`, ownerB, {})).statusCode).toBe(403)
    expect((await post(`/actions/${id}/archive`, ownerB, {})).statusCode).toBe(403)

    expect(await trail(id)).toHaveLength(before)
    const stored = await db()
      .selectFrom('actions')
      .select(['title', 'status', 'archived_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ title: 'Owner A only', status: 'on_track', archived_at: null })
    // Owner B sees it, without the buttons to change it.
    const page = await get(`/actions/${id}`, ownerB)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain(`/actions/${id}/edit`)
    // An administrator may change any organisation's action.
    expect((await get(`/actions/${id}/edit`, admin)).statusCode).toBe(200)
  })

  it('sends the public to sign in to add an action, and refuses roles that do not own actions', async () => {
    const res = await get('/actions/new')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in?next=%2Factions%2Fnew')
    expect((await t.app.inject({ method: 'POST', url: '/actions/new', payload: actionForm() })).statusCode).toBe(401)
    const analyst = await signInAs(t.app, db(), 'analyst')
    expect((await get('/actions/new', analyst)).statusCode).toBe(403)
    // Reading is public.
    expect((await get('/actions')).statusCode).toBe(200)
  })

  it('shows every problem with the form at once, linked to its field, keeping what was typed', async () => {
    const count = async () =>
      (
        await db()
          .selectFrom('actions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    const before = await count()
    const res = await post(
      '/actions/new',
      ownerA,
      actionForm({
        title: ' ',
        leadRole: 'Senior Practitioner, Early Help',
        'dueDate-month': '',
        interventionLevel: 'national',
      }),
    )
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('<title>Error: Add an action')
    expect(res.body).toContain('<a href="#title">Enter a title for the action</a>')
    expect(res.body).toContain('<a href="#dueDate-day">Due date must include a month</a>')
    expect(res.body).toContain(
      '<a href="#interventionLevel">Intervention level must be civic, service or community</a>',
    )
    expect(res.body).toContain('value="Senior Practitioner, Early Help"')
    expect(res.body).toContain('name="dueDate-day" type="text" value="31"')
    expect(res.body).toMatch(/value="two-year-check" checked/)
    expect(res.body).toContain('name="_csrf"')

    const order = await post('/actions/new', ownerA, actionForm({ 'startDate-year': '2028' }))
    expect(order.statusCode).toBe(400)
    expect(order.body).toContain('<a href="#dueDate-day">Due date must be the same as or after the start date</a>')

    const workstream = await post('/actions/new', ownerA, actionForm({ deliveryPlan: '_workstream', workstream: '' }))
    expect(workstream.statusCode).toBe(400)
    expect(workstream.body).toContain('<a href="#workstream">Enter the name of the workstream</a>')

    const unknown = await post('/actions/new', admin, actionForm({ organisationId: 'nowhere' }))
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('<a href="#organisationId">There is no organisation &quot;nowhere&quot;</a>')
    expect(await count()).toBe(before)

    const id = await addAction({ title: 'Errors on the other forms' })
    const update = await post(`/actions/${id}/updates/new`, ownerA, { status: 'on_track', commentary: '' })
    expect(update.statusCode).toBe(400)
    expect(update.body).toContain('<a href="#updateDate-day">Enter the date of the update</a>')
    expect(update.body).toContain('<a href="#commentary">Enter a commentary on progress</a>')
    const milestone = await post(`/actions/${id}/milestones`, ownerA, {
      'milestone-title': '',
      'milestone-dueDate-day': '40',
      'milestone-dueDate-month': '1',
      'milestone-dueDate-year': '2026',
    })
    expect(milestone.statusCode).toBe(400)
    expect(milestone.body).toContain('<a href="#milestone-title">Enter the milestone</a>')
    expect(milestone.body).toContain('<a href="#milestone-dueDate-day">Milestone due date must be a real date</a>')
  })

  it('edits an action, audits before and after, and archives an unlinked indicator rather than deleting it', async () => {
    const id = await addAction({ title: 'To be edited' })
    const form = await get(`/actions/${id}/edit`, ownerA)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('value="To be edited"')
    expect(form.body).toMatch(/value="best-start" checked/)

    const res = await post(
      `/actions/${id}/edit`,
      ownerA,
      actionForm({
        title: 'Edited',
        deliveryPlan: '_workstream',
        workstream: 'Family hubs programme',
        indicatorIds: 'two-year-check',
        status: 'complete',
      }),
    )
    expect(res.statusCode).toBe(303)
    const stored = await db()
      .selectFrom('actions')
      .select(['title', 'delivery_plan', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    // The edit form does not change status: a progress update does, with its commentary.
    expect(stored).toEqual({ title: 'Edited', delivery_plan: 'Family hubs programme', status: 'on_track' })
    const links = await db()
      .selectFrom('action_indicators')
      .select(['indicator_id', 'archived_at'])
      .where('action_id', '=', id)
      .orderBy('indicator_id')
      .execute()
    expect(links.map((l) => [l.indicator_id, l.archived_at === null])).toEqual([
      ['breastfeeding-initiation', false],
      ['two-year-check', true],
    ])
    const edit = (await trail(id)).find((e) => e.action === 'update')!
    expect(json(edit.before)).toMatchObject({
      title: 'To be edited',
      deliveryPlan: 'best-start',
      indicatorIds: ['breastfeeding-initiation', 'two-year-check'],
    })
    expect(json(edit.after)).toMatchObject({
      title: 'Edited',
      deliveryPlan: 'Family hubs programme',
      indicatorIds: ['two-year-check'],
    })
    expect((await get('/actions')).body).toContain('Family hubs programme')

    // Saving with nothing changed records nothing.
    const events = (await trail(id)).length
    expect(
      (
        await post(
          `/actions/${id}/edit`,
          ownerA,
          actionForm({
            title: 'Edited',
            deliveryPlan: '_workstream',
            workstream: 'Family hubs programme',
            indicatorIds: 'two-year-check',
          }),
        )
      ).statusCode,
    ).toBe(303)
    expect(await trail(id)).toHaveLength(events)
  })

  it('adds and completes milestones, each change on the action’s audit trail', async () => {
    const id = await addAction({ title: 'With milestones' })
    const added = await post(`/actions/${id}/milestones`, ownerA, {
      'milestone-title': 'Lease signed',
      'milestone-dueDate-day': '1',
      'milestone-dueDate-month': '9',
      'milestone-dueDate-year': '2026',
    })
    expect(added.statusCode).toBe(303)
    const milestone = await db()
      .selectFrom('milestones')
      .select('id')
      .where('action_id', '=', id)
      .executeTakeFirstOrThrow()
    expect((await get(`/actions/${id}`)).body).toContain('Lease signed')
    expect((await post(`/actions/${id}/milestones/${milestone.id}/complete`, ownerA, {})).statusCode).toBe(303)
    const page = await get(`/actions/${id}`)
    expect(page.body).toMatch(/Completed on \d{1,2} \w+ \d{4}/)
    const events = (await trail(id)).filter((e) => e.action.startsWith('milestone.'))
    expect(events.map((e) => e.action)).toEqual(['milestone.add', 'milestone.complete'])
    expect(json(events[1]!.before)).toMatchObject({ milestone: { title: 'Lease signed', completedOn: null } })
    expect(json(events[1]!.after)).toMatchObject({ milestone: { title: 'Lease signed', completedOn: todayInLondon() } })
  })

  it('archives: off every list, still on its own page, nothing deleted, no more changes', async () => {
    const id = await addAction({ title: 'To be archived' })
    await post(`/actions/${id}/milestones`, ownerA, { 'milestone-title': 'Kept milestone' })
    const res = await post(`/actions/${id}/archive`, ownerA, {})
    expect(res.statusCode).toBe(303)

    expect((await get('/actions')).body).not.toContain('To be archived')
    expect((await actionsForOrganisation(db(), ORG_A)).map((a) => a.id)).not.toContain(id)
    expect((await actionsForIndicator(db(), 'two-year-check')).map((a) => a.id)).not.toContain(id)
    const page = await get(`/actions/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('This action was archived on')
    expect(page.body).toContain('Kept milestone')
    expect(page.body).not.toContain('Archive action')

    const row = await db().selectFrom('actions').select('archived_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.archived_at).not.toBeNull()
    expect(await db().selectFrom('milestones').select('id').where('action_id', '=', id).execute()).toHaveLength(1)
    const archived = (await trail(id)).find((e) => e.action === 'archive')!
    expect(json(archived.before)).toMatchObject({ archived: false })
    expect(json(archived.after)).toMatchObject({ archived: true })
    expect((await post(`/actions/${id}/edit`, ownerA, actionForm())).statusCode).toBe(409)
  })

  it('derives overdue and "no update for N weeks", shows them in words, and filters on overdue', async () => {
    const overdue = await createAction(
      db(),
      {
        title: 'Long overdue action',
        organisationId: ORG_B,
        leadRole: 'Service Manager',
        dueDate: '2020-01-31',
        status: 'off_track',
      },
      'test',
    )
    await addProgressUpdate(
      db(),
      overdue.id,
      { updateDate: '2020-01-01', status: 'off_track', commentary: 'Stalled' },
      'test',
    )
    const onTime = await createAction(
      db(),
      { title: 'Due far ahead', organisationId: ORG_B, leadRole: 'Service Manager', dueDate: '2099-01-01' },
      'test',
    )
    const done = await createAction(
      db(),
      {
        title: 'Finished late',
        organisationId: ORG_B,
        leadRole: 'Service Manager',
        dueDate: '2020-01-31',
        status: 'complete',
      },
      'test',
    )

    const summaries = await actionsForOrganisation(db(), ORG_B)
    const byId = new Map(summaries.map((s) => [s.id, s]))
    expect(byId.get(overdue.id)).toMatchObject({
      overdue: true,
      stale: true,
      statusLabel: 'Off track',
      dueDate: '2020-01-31',
      href: `/actions/${overdue.id}`,
    })
    expect(byId.get(onTime.id)).toMatchObject({ overdue: false, stale: false })
    expect(byId.get(done.id)).toMatchObject({ overdue: false, stale: false })

    const page = await get(`/actions/${overdue.id}`)
    expect(page.body).toContain('<strong class="govuk-!-margin-left-2">Overdue</strong>')
    expect(page.body).toMatch(/No update for \d+ weeks/)
    const filtered = await get(`/actions?organisation=${ORG_B}&overdue=yes`)
    expect(filtered.body).toContain('Long overdue action')
    expect(filtered.body).not.toContain('Due far ahead')
    expect(filtered.body).not.toContain('Finished late')
    expect(filtered.headers.etag).toContain(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()),
    ) // "overdue" changes with the date: the cache keys on it
  })

  it('lists an indicator’s actions for its page', async () => {
    const { id } = await createAction(
      db(),
      {
        title: 'Raise GLD',
        organisationId: 'schools',
        leadRole: 'Head of School Improvement',
        indicatorIds: ['gld-eyfs'],
        origin: 'meeting:12',
      },
      'import:test.csv',
    )
    const linked = await actionsForIndicator(db(), 'gld-eyfs')
    expect(linked).toEqual([
      expect.objectContaining({
        id,
        title: 'Raise GLD',
        organisationName: 'Barking and Dagenham schools',
        status: 'not_started',
        statusLabel: 'Not started',
      }),
    ])
    expect(await actionsForIndicator(db(), 'year-r-obesity')).not.toContainEqual(expect.objectContaining({ id }))
    const [created] = await trail(id)
    expect(created).toMatchObject({ actor: 'import:test.csv', action: 'create' })
    expect(json(created!.after)).toMatchObject({ origin: 'meeting:12' })
  })

  it('creates an action inside a caller’s transaction (an action arising at a meeting), so it rolls back with it', async () => {
    const input = {
      title: 'Arising at a meeting',
      organisationId: ORG_A,
      leadRole: 'Chair of the Partnership',
      origin: 'meeting:7',
    }
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          await createAction(tx, input, admin.email)
          throw new Error('the meeting was not saved')
        }),
    ).rejects.toThrow('the meeting was not saved')
    expect(await db().selectFrom('actions').select('id').where('title', '=', input.title).execute()).toEqual([])
    const { id } = await db()
      .transaction()
      .execute((tx) => createAction(tx, input, admin.email))
    expect(
      (await db().selectFrom('actions').select('origin').where('id', '=', id).executeTakeFirstOrThrow()).origin,
    ).toBe('meeting:7')
  })

  it('publishes the actions as CSV and JSON', async () => {
    const id = await addAction({ title: 'In the open data' })
    const csv = await get('/actions.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\r\n')[0]).toMatch(/^reference,title,description,intention,priority,delivery_plan,/)
    expect(csv.body).toContain('In the open data')
    const data = JSON.parse((await get('/actions.json')).body) as {
      rows: Record<string, unknown>[]
      licence: { name: string }
    }
    expect(data.licence.name).toContain('Open Government Licence')
    expect(data.rows.find((r) => r.url === `/actions/${id}`)).toMatchObject({
      organisation: ORG_A,
      status: 'on_track',
      indicators: 'breastfeeding-initiation; two-year-check',
      overdue: false,
    })
  })

  describe('import-actions', () => {
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('actions')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    async function run(file: string, ...flags: string[]) {
      const out: string[] = []
      const err: string[] = []
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }
      const request = await parseImportArgs([file, ...flags], io)
      const code =
        typeof request === 'number'
          ? request
          : await runImportActions(db(), request, { strategyId: 'best-chance-2022-25', io })
      return { code, out: out.join('\n'), err: err.join('\n') }
    }
    const write = (name: string, text: string) => {
      const file = path.join(scratch, `${engine}-${name}`)
      writeFileSync(file, text)
      return file
    }

    it('stores every row of a good CSV in one go, and updates by reference', async () => {
      const existing = await createAction(
        db(),
        { title: 'Already here', organisationId: ORG_A, leadRole: 'Head of Service' },
        'test',
      )
      const file = write(
        'good.csv',
        [
          'Title,Organisation,Lead role,Intention,Due date,Status,Intervention level,Indicators,Reference',
          'Perinatal mental health pathway,NELFT (community health and mental health services),Clinical Lead for Perinatal Mental Health,best-start-1,31/03/2026,On track,service,perinatal-mental-health; breastfeeding-initiation,',
          '"Healthy early years, settings award",lbbd,Public Health Principal,,2026-07-31,not started,community,,',
          `,,,,2026-12-31,at risk,,,${existing.reference}`,
        ].join('\r\n'),
      )
      const before = await count()
      const result = await run(file)
      expect(result).toMatchObject({ code: 0, err: '' })
      expect(result.out).toBe(`${engine}-good.csv: 3 rows: 2 added, 1 updated, 0 unchanged`)
      expect(await count()).toBe(before + 2)
      const added = await db()
        .selectFrom('actions')
        .selectAll()
        .where('title', '=', 'Perinatal mental health pathway')
        .executeTakeFirstOrThrow()
      expect(added).toMatchObject({
        organisation_id: ORG_B,
        status: 'on_track',
        delivery_plan: 'best-start',
        created_by: `import:${engine}-good.csv`,
      })
      expect((await actionsForIndicator(db(), 'perinatal-mental-health')).map((a) => a.title)).toContain(
        'Perinatal mental health pathway',
      )
      // The update changed only the columns it gave a value for.
      const updated = await db()
        .selectFrom('actions')
        .select(['title', 'status', 'lead_role'])
        .where('id', '=', existing.id)
        .executeTakeFirstOrThrow()
      expect(updated).toEqual({ title: 'Already here', status: 'at_risk', lead_role: 'Head of Service' })
      const event = (await trail(existing.id)).find((e) => e.action === 'update')!
      expect(event.actor).toBe(`import:${engine}-good.csv`)
      expect(json(event.before)).toMatchObject({ status: 'not_started', dueDate: null })
      expect(json(event.after)).toMatchObject({ status: 'at_risk', dueDate: '2026-12-31' })
      // Loading the same file again adds two more (no reference) but leaves the updated one as it is.
      expect((await run(file)).out).toBe(`${engine}-good.csv: 3 rows: 2 added, 0 updated, 1 unchanged`)
    })

    it('reports every bad row with its line and column, and stores nothing', async () => {
      const file = write(
        'bad.csv',
        [
          'title,organisation,lead_role,due_date,status,indicators',
          'A good row,lbbd,Head of Service,2026-03-31,on track,',
          ',lbbd,Head of Service,2026-02-30,on track,',
          'Another good row,lbbd,Head of Service,,,',
          '"Bad references, too",nowhere,Head of Service,,finished,gld-eyfs; no-such-indicator',
        ].join('\n'),
      )
      const before = await count()
      const version = await db().selectFrom('data_version').select('version').executeTakeFirstOrThrow()
      const result = await run(file)
      expect(result.code).toBe(1)
      expect(result.err.split('\n')).toEqual([
        `${engine}-bad.csv:3: title: Enter a title for the action`,
        `${engine}-bad.csv:3: due_date: Due date must be a real date`,
        `${engine}-bad.csv:5: status: Status must be one of: not started, on track, at risk, off track, complete, cancelled`,
        `${engine}-bad.csv:5: organisation: There is no organisation "nowhere"`,
        `${engine}-bad.csv:5: indicators: There is no indicator "no-such-indicator"`,
        '5 problem(s): nothing was stored',
      ])
      expect(await count()).toBe(before)
      expect(await db().selectFrom('data_version').select('version').executeTakeFirstOrThrow()).toEqual(version)
    })

    it('refuses unknown columns and unknown references, and a dry run stores nothing', async () => {
      const header = write('header.csv', 'title,organisation,lead_role,owner_name\nX,lbbd,Head of Service,Someone\n')
      const bad = await run(header)
      expect(bad.code).toBe(1)
      expect(bad.err).toContain(`${engine}-header.csv:1: owner_name: unknown column: the columns are reference, title,`)
      const missing = await run(write('ref.csv', 'reference,status\nACT-99999,complete\n'))
      expect(missing.err).toContain(
        `${engine}-ref.csv:2: reference: there is no action ACT-99999: leave the reference blank to add a new action`,
      )

      const before = await count()
      const dry = await run(
        write('dry.csv', 'title,organisation,lead_role\nDry run row,lbbd,Head of Service\n'),
        '--dry-run',
      )
      expect(dry).toMatchObject({
        code: 0,
        out: `${engine}-dry.csv: 1 rows are valid; if imported: 1 added, 0 updated, 0 unchanged. Dry run: nothing was stored`,
      })
      expect(await count()).toBe(before)
      expect((await run(path.join(scratch, 'absent.csv'))).code).toBe(2)
    })

    it('refuses a file it cannot read with its line (or the whole file) and stores nothing; reads UTF-16', async () => {
      const before = await count()
      const nul = await run(
        write(
          'nul.csv',
          'title,organisation,lead_role\nFine,lbbd,Head of Service\nNot \u0000 fine,lbbd,Head of Service\n',
        ),
      )
      expect(nul).toMatchObject({
        code: 1,
        err: expect.stringMatching(new RegExp(`^${engine}-nul\\.csv:3: file: the file holds a NUL character`)),
      })
      const latin1 = path.join(scratch, `${engine}-latin1.csv`)
      writeFileSync(latin1, Buffer.from('title,organisation,lead_role\nCaf\xe9 plan,lbbd,Head of Service\n', 'latin1'))
      expect((await run(latin1)).err.split('\n')).toEqual([
        `${engine}-latin1.csv:2: file: the file is not UTF-8: save it as 'CSV UTF-8'`,
        '1 problem(s): nothing was stored',
      ])
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('Actions')
      sheet.addRow(['title', 'organisation', 'lead_role'])
      for (let i = 0; i < 40; i++) sheet.addRow([`Cut short ${i}`, 'lbbd', 'Head of Service'])
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
      const cut = path.join(scratch, `${engine}-cut.xlsx`)
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
      const started = Date.now()
      expect((await run(cut)).err.split('\n')).toEqual([
        `${engine}-cut.xlsx: file: the workbook is incomplete: its end is missing, as when a file is cut short while it is copied, downloaded or saved: copy or save it again`,
        '1 problem(s): nothing was stored',
      ])
      expect(Date.now() - started).toBeLessThan(5000)
      expect(await count()).toBe(before)
      const utf16 = write('utf16.csv', '')
      writeFileSync(
        utf16,
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from('title,organisation,lead_role\nRead from “UTF-16”,lbbd,Head of Service\n', 'utf16le'),
        ]),
      )
      expect(await run(utf16, '--dry-run')).toMatchObject({
        code: 0,
        out: `${engine}-utf16.csv: 1 rows are valid; if imported: 1 added, 0 updated, 0 unchanged. Dry run: nothing was stored`,
      })
      expect(await count()).toBe(before)
    })

    it('reads an Excel workbook the same way, dates typed as dates included', async () => {
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('Actions')
      sheet.addRow(['title', 'organisation', 'lead_role', 'start_date', 'due_date', 'status', 'indicators'])
      sheet.addRow([
        'School readiness campaign',
        'schools',
        'Early Years Lead',
        new Date(Date.UTC(2025, 8, 1)),
        new Date(Date.UTC(2026, 6, 31)),
        'On track',
        'gld-eyfs',
      ])
      sheet.addRow(['Attendance support', 'schools', 'Attendance Lead', '', '', 'at risk', ''])
      const file = path.join(scratch, `${engine}-actions.xlsx`)
      await workbook.xlsx.writeFile(file)
      const result = await run(file)
      expect(result).toMatchObject({ code: 0, out: `${engine}-actions.xlsx: 2 rows: 2 added, 0 updated, 0 unchanged` })
      const row = await db()
        .selectFrom('actions')
        .select((eb) => [eb.fn<string>('to_char', [eb.ref('due_date'), eb.val('YYYY-MM-DD')]).as('due'), 'status'])
        .where('title', '=', 'School readiness campaign')
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ due: '2026-07-31', status: 'on_track' })

      const badBook = new ExcelJS.Workbook()
      const badSheet = badBook.addWorksheet('Actions')
      badSheet.addRow(['title', 'organisation', 'lead_role', 'due_date'])
      badSheet.addRow(['Fine', 'schools', 'Lead', ''])
      badSheet.addRow(['No lead', 'schools', '', 'soon'])
      const badFile = path.join(scratch, `${engine}-bad.xlsx`)
      await badBook.xlsx.writeFile(badFile)
      const before = await count()
      const bad = await run(badFile)
      expect(bad.code).toBe(1)
      expect(bad.err).toContain(`${engine}-bad.xlsx:3: lead_role: Enter the lead role, for example Head of Early Help`)
      expect(bad.err).toContain(
        `${engine}-bad.xlsx:3: due_date: Due date must be a real date, written like 2025-03-31 or 31/03/2025`,
      )
      expect(await count()).toBe(before)
    })
  })
})
