import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { ORG_A, signInAs, type TestUser } from '../helpers/accounts.js'
import { appendAuditEvent } from '../../src/db/changes/audit-log.js'
import { actorFromKey } from '../../src/db/changes/actor.js'
import { todayInLondon as londonToday } from '../../src/lib/dates.js'
import { addAgendaItem, addDecision, addPaper } from '../../src/modules/boards/boards.service.js'

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! }
}

describe.each(engines)('the audit trail (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  let analyst: TestUser
  let member: TestUser
  let meetingId: string

  const get = (url: string, user?: TestUser) => t.app.inject({ url, headers: user ? { cookie: user.cookie } : {} })
  const post = (url: string, user: TestUser, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: user.cookie }, payload: { _csrf: user.csrf, ...payload } })

  beforeAll(async () => {
    t = await createTestApp(engine)
    admin = await signInAs(t.app, t.database.db, 'administrator')
    analyst = await signInAs(t.app, t.database.db, 'analyst')
    member = await signInAs(t.app, t.database.db, 'board_member', ORG_A)
    await post('/boards/best-chance-partnership/memberships', admin, {
      roleTitle: 'Director of Public Health',
      organisationId: ORG_A,
      memberKind: 'member',
      ...date('fromDate', '2022-01-01'),
    })
    const created = await post('/boards/best-chance-partnership/meetings/new', member, {
      title: 'Audited meeting',
      ...date('meetsOn', '2023-10-10'),
      location: 'Barking Town Hall',
      status: 'planned',
      public: 'yes',
    })
    meetingId = /\/meetings\/(\d+)/.exec(created.headers.location as string)![1]!
    const edited = await post(`/meetings/${meetingId}/edit`, member, {
      title: 'Audited meeting',
      ...date('meetsOn', '2023-10-10'),
      location: 'Online',
      status: 'held',
      public: 'yes',
    })
    expect(edited.statusCode).toBe(303)
  }, 180_000) // a fresh app loads every strategy and seed figure: slow on a busy machine
  afterAll(async () => t?.close())

  it('shows an administrator who changed a record, when, and each changed field before and after', async () => {
    const res = await get(`/audit/meeting/${meetingId}`, admin)
    expect(res.statusCode).toBe(200)
    const events = res.body.split('data-qa="audit-event"').slice(1)
    expect(events).toHaveLength(2)
    expect(events[0]).toContain('meeting.create')
    expect(events[0]).toContain(member.email)
    const update = events[1]!
    expect(update).toContain('meeting.update')
    const row = (field: string) =>
      update.slice(update.indexOf(`<th scope="row" class="govuk-table__header">${field}</th>`)).split('</tr>')[0]!
    expect(row('location')).toMatch(/Barking Town Hall<\/td>\s*<td[^>]*>Online<\/td>/)
    expect(row('status')).toMatch(/planned<\/td>\s*<td[^>]*>held<\/td>/)
    // Fields that did not change are not listed.
    expect(update).not.toContain('<th scope="row" class="govuk-table__header">title</th>')
    expect(res.body).toContain(`href="/meetings/${meetingId}"`)
    // The meeting's page links administrators to its trail.
    expect((await get(`/meetings/${meetingId}`, admin)).body).toContain(`href="/audit/meeting/${meetingId}"`)
    expect((await get(`/meetings/${meetingId}`, member)).body).not.toContain(`href="/audit/meeting/${meetingId}"`)
  })

  it('names the meeting, by its board and day, in the sentence of every change to it', async () => {
    const agendaItemId = await addAgendaItem(
      t.database.db,
      meetingId,
      { title: 'Synthetic budget item', purpose: 'decision', presenterRole: null },
      'test',
    )
    await addPaper(
      t.database.db,
      meetingId,
      { title: 'Synthetic budget paper', url: 'https://example.org/budget', restricted: false, agendaItemId },
      'test',
    )
    await addDecision(
      t.database.db,
      meetingId,
      { text: 'Synthetic decision: the budget is agreed', decidedOn: '2023-10-10', agendaItemId },
      'test',
    )
    const meeting = 'the Best Chance 0-25 Partnership meeting of 10 October 2023'
    for (const url of [`/audit/meeting/${meetingId}`, '/audit?type=meeting']) {
      const body = (await get(url, admin)).body
      expect(body, url).toContain(`added agenda item 1 (“Synthetic budget item”) to ${meeting}.`)
      expect(body, url).toContain(`added a paper (“Synthetic budget paper”) to ${meeting}.`)
      expect(body, url).toContain(`recorded a decision at ${meeting}.`)
      expect(body, url).toMatch(new RegExp(`changed ${meeting}\\.`))
    }
  })

  it('lists recent changes, filtered by kind of record, who and when', async () => {
    const all = await get('/audit', admin)
    expect(all.statusCode).toBe(200)
    expect(all.body).toContain(`href="/audit/meeting/${meetingId}"`)
    expect(all.body).toContain('href="/audit/strategy/best-chance-2022-25"')

    const meetings = await get('/audit?type=meeting', admin)
    const rows = meetings.body.slice(meetings.body.indexOf('data-qa="audit-events"')).split('</table>')[0]!
    expect(rows).toContain(`href="/audit/meeting/${meetingId}"`)
    expect(rows).not.toContain('href="/audit/strategy/')
    // The fields the edit changed, in the order the database keeps them.
    expect(rows).toMatch(/<td class="govuk-table__cell">(location, status|status, location)<\/td>/)

    const byActor = await get(`/audit?actor=${encodeURIComponent(member.email.toUpperCase())}`, admin)
    const actorRows = byActor.body.slice(byActor.body.indexOf('data-qa="audit-events"')).split('</table>')[0]!
    expect(actorRows.match(/<tr class="govuk-table__row">/g)?.length).toBe(3) // header row + create + update
    expect(actorRows).not.toContain('board_membership')

    const today = londonToday()
    const [y, m, d] = today.split('-').map(Number)
    const todays = await get(
      `/audit?type=meeting&from-day=${d}&from-month=${m}&from-year=${y}&to-day=${d}&to-month=${m}&to-year=${y}`,
      admin,
    )
    expect(todays.body).toContain(`href="/audit/meeting/${meetingId}"`)
    const old = await get('/audit?from-day=1&from-month=1&from-year=2001&to-day=31&to-month=12&to-year=2001', admin)
    expect(old.statusCode).toBe(200)
    expect(old.body).toContain('No changes match.')
  })

  it('refuses a bad filter with an error summary and the values kept', async () => {
    const res = await get(
      '/audit?actor=cli&from-day=31&from-month=2&from-year=2024&to-day=1&to-month=1&to-year=',
      admin,
    )
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#from-day"')
    expect(res.body).toContain('The first date must be a real date')
    expect(res.body).toContain('href="#to-day"')
    expect(res.body).toContain('The last date must include a year')
    expect(res.body).toContain('value="cli"')
    const backwards = await get('/audit?from-day=2&from-month=1&from-year=2024&to-day=1&to-month=1&to-year=2024', admin)
    expect(backwards.statusCode).toBe(400)
    expect(backwards.body).toContain('The last date must be the same as or after the first date')
  })

  it('pages the trail fifty changes at a time, keeping the filter', async () => {
    await t.database.db.transaction().execute(async (trx) => {
      for (let i = 1; i <= 60; i++)
        await appendAuditEvent(trx, actorFromKey('test'), {
          action: 'synthetic.change',
          entityType: 'synthetic_record',
          entityId: String(i),
          before: { n: i - 1 },
          after: { n: i },
        })
    })
    const first = await get('/audit?type=synthetic_record', admin)
    const rows = (body: string) =>
      (
        body
          .slice(body.indexOf('data-qa="audit-events"'))
          .split('</table>')[0]!
          .match(/href="\/audit\/synthetic_record\//g) ?? []
      ).length
    expect(rows(first.body)).toBe(50)
    expect(first.body).toContain('Changes 1 to 50 of 60')
    expect(first.body).toContain('href="/audit?type=synthetic_record&amp;page=2"')
    expect(first.body).toContain('href="/audit/synthetic_record/60"') // most recent first
    const second = await get('/audit?type=synthetic_record&page=2', admin)
    expect(rows(second.body)).toBe(10)
    expect(second.body).toContain('Changes 51 to 60 of 60')
    expect(second.body).toContain('href="/audit/synthetic_record/1"')
  })

  it('is for administrators only', async () => {
    for (const url of ['/audit', `/audit/meeting/${meetingId}`]) {
      expect((await get(url, analyst)).statusCode).toBe(403)
      expect((await get(url, member)).statusCode).toBe(403)
      const anonymous = await get(url)
      expect(anonymous.statusCode).toBe(302)
      expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`)
    }
  })

  it('says when a record has no changes, and refuses a malformed kind of record', async () => {
    const none = await get('/audit/meeting/999999', admin)
    expect(none.statusCode).toBe(200)
    expect(none.body).toContain('No changes have been recorded for this record.')
    expect((await get('/audit/Not%20a%20type/1', admin)).statusCode).toBe(404)
  })
})
