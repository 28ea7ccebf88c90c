/**
 * Meetings as boards run them (issue 15, item 6), on both engines: attendance by seat with a named
 * substitute and others in attendance, the quorum against the board's setting or its default;
 * correcting and withdrawing an agenda item, paper and decision with a reason (audited, kept, struck
 * through on the meeting's page, left out of the pack's reads and the forward plan); a confirmation
 * after each change; and refusals in words for those who do not record the board's meetings.
 * Test data is SYNTHETIC: seats are roles in organisations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { decisionsFor } from '../../src/modules/boards/boards.repository.js'

const BOARD = 'best-chance-partnership'
const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! }
}

describe.each(engines)('meeting records: attendance, quorum, corrections (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  let member: TestUser
  let outsider: TestUser
  let analyst: TestUser
  let meetingId = ''
  const seats: string[] = []
  const nextYear = new Date().getUTCFullYear() + 1

  const get = (url: string, user: TestUser) => t.app.inject({ url, headers: { cookie: user.cookie } })
  const post = (url: string, user: TestUser, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: user.cookie }, payload: { _csrf: user.csrf, ...payload } })
  const expectSaved = async (
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    words: string,
  ) => {
    expect(res.statusCode, res.body).toBe(303)
    const page = await get(String(res.headers.location), member)
    expect(page.body).toContain('govuk-notification-banner--success')
    expect(page.body).toContain(words)
    return page
  }
  const auditOf = () =>
    t.database.db
      .selectFrom('audit_events')
      .select(['action', 'before', 'after', 'actor'])
      .where('entity_type', '=', 'meeting')
      .where('entity_id', '=', meetingId)
      .orderBy('id')
      .execute()

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    admin = await signInAs(t.app, db, 'administrator')
    member = await signInAs(t.app, db, 'board_member', ORG_A)
    outsider = await signInAs(t.app, db, 'board_member', ORG_B)
    analyst = await signInAs(t.app, db, 'analyst')
    for (const [roleTitle, organisationId, memberKind] of [
      ['Director of Public Health', ORG_A, 'chair'],
      ['Chief Operating Officer', 'nel-icb', 'member'],
      ['Head of Early Help', ORG_A, 'member'],
      ['Headteacher representative', 'nel-icb', 'representative'],
      ['Youth Justice Service Manager', ORG_A, 'member'],
    ]) {
      const res = await post(`/boards/${BOARD}/memberships`, admin, {
        roleTitle: roleTitle!,
        organisationId: organisationId!,
        memberKind: memberKind!,
        ...date('fromDate', '2022-04-01'),
      })
      expect(res.statusCode, res.body).toBe(303)
    }
    const rows = await db
      .selectFrom('board_memberships')
      .select('id')
      .where('board_id', '=', BOARD)
      .orderBy('id')
      .execute()
    seats.push(...rows.map((r) => String(r.id)))
    const created = await post(`/boards/${BOARD}/meetings/new`, member, {
      title: 'Partnership Board, March',
      ...date('meetsOn', '2025-03-12'),
      location: 'Barking Town Hall',
      status: 'held',
      public: 'yes',
    })
    meetingId = /\/meetings\/(\d+)/.exec(String(created.headers.location))![1]!
    for (const [agendaTitle, purpose] of [
      ['Performance report', 'discussion'],
      ['Family hubs update', 'information'],
    ])
      expect(
        (await post(`/meetings/${meetingId}/agenda`, member, { agendaTitle: agendaTitle!, purpose: purpose! }))
          .statusCode,
      ).toBe(303)
  }, 240_000)
  afterAll(async () => t?.close())

  it('records attendance by seat, a substitute and others in attendance, and shows the quorum', async () => {
    const before = await get(`/meetings/${meetingId}`, member)
    expect(before.body).toContain('Quorate: not known, attendance not recorded yet (quorum is 2 of 5)')
    const bad = await post(`/meetings/${meetingId}/attendance`, member, { [`attendance-${seats[1]}`]: 'substitute' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(`href="#substitute-${seats[1]}"`)
    const res = await post(`/meetings/${meetingId}/attendance`, member, {
      [`attendance-${seats[0]}`]: 'present',
      [`attendance-${seats[1]}`]: 'substitute',
      [`substitute-${seats[1]}`]: 'Deputy Chief Operating Officer',
      [`attendance-${seats[2]}`]: 'apologies',
      [`attendance-${seats[3]}`]: 'absent',
      [`attendance-${seats[4]}`]: 'apologies',
    })
    const page = await expectSaved(res, 'Attendance recorded')
    expect(page.body).toContain('Quorate: yes (2 of 5 members present; quorum is 2)')
    expect(page.body).toContain('Deputy Chief Operating Officer attended in this seat')
    expect(page.body).toContain('one quarter of the board’s members, rounded up')

    const attendee = await post(`/meetings/${meetingId}/attendees`, member, {
      attendeeRole: 'Head of Performance and Intelligence',
      attendeeOrganisationId: ORG_A,
    })
    const withAttendee = await expectSaved(attendee, 'Attendee added')
    expect(withAttendee.body).toContain('Head of Performance and Intelligence, ')
    // Others in attendance never count towards the quorum.
    expect(withAttendee.body).toContain('2 of 5 members present')
    expect(
      (
        await post(`/meetings/${meetingId}/attendees`, member, {
          attendeeRole: 'a@b.org',
          attendeeOrganisationId: ORG_A,
        })
      ).statusCode,
    ).toBe(400)

    const quorum = await post(`/meetings/${meetingId}/quorum`, member, { quorum: '3' })
    const requorum = await expectSaved(quorum, 'The board’s quorum is saved')
    expect(requorum.body).toContain('Quorate: no (2 of 5 members present; quorum is 3)')
    expect(requorum.body).toContain('The quorum is set by the board.')
    expect((await post(`/meetings/${meetingId}/quorum`, member, { quorum: 'lots' })).statusCode).toBe(400)

    // A changed answer keeps the earlier one in the audit trail.
    await post(`/meetings/${meetingId}/attendance`, member, { [`attendance-${seats[2]}`]: 'present' })
    const trail = (await auditOf()).filter((e) => e.action === 'meeting.attendance.record')
    expect(trail).toHaveLength(2)
    expect(JSON.stringify(trail[1]!.before)).toContain('apologies')
    expect(JSON.stringify(trail[1]!.after)).toContain('present')
    expect((await get(`/meetings/${meetingId}`, analyst)).body).toContain(
      'Quorate: yes (3 of 5 members present; quorum is 3)',
    )
  })

  it('corrects an agenda item, paper and decision with a reason, keeping the earlier version in the audit trail', async () => {
    const db = t.database.db
    await post(`/meetings/${meetingId}/papers`, member, {
      paperTitle: 'Performance report, quarter 3',
      url: 'https://example.org/papers/q3.pdf',
      restricted: 'no',
    })
    await post(`/meetings/${meetingId}/decisions`, member, {
      decisionText: 'The board agreed the report',
      ...date('decidedOn', '2025-03-12'),
    })
    const item = await db
      .selectFrom('agenda_items')
      .select('id')
      .where('title', '=', 'Performance report')
      .executeTakeFirstOrThrow()
    const decision = await db
      .selectFrom('decisions')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow()
    const paper = await db
      .selectFrom('papers')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow()

    const form = await get(`/meetings/${meetingId}/records/agenda/${item.id}`, member)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('value="Performance report"')
    const noReason = await post(`/meetings/${meetingId}/records/agenda/${item.id}/correct`, member, {
      agendaTitle: 'Performance report, quarter 3',
      purpose: 'decision',
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Enter the reason for the correction')
    const corrected = await post(`/meetings/${meetingId}/records/agenda/${item.id}/correct`, member, {
      agendaTitle: 'Performance report, quarter 3',
      purpose: 'decision',
      presenterRole: 'Head of Performance',
      reason: 'The agenda named the wrong quarter',
    })
    const page = await expectSaved(corrected, 'Correction saved')
    expect(page.body).toContain('Performance report, quarter 3')
    expect(page.body).toMatch(/Corrected on \d+ \w+ \d{4}: The agenda named the wrong quarter/)

    await expectSaved(
      await post(`/meetings/${meetingId}/records/decisions/${decision.id}/correct`, member, {
        decisionText: 'The board agreed the report and its three exceptions',
        ...date('decidedOn', '2025-03-12'),
        decisionAgendaItemId: String(item.id),
        reason: 'The minutes left out the exceptions',
      }),
      'Correction saved',
    )
    await expectSaved(
      await post(`/meetings/${meetingId}/records/papers/${paper.id}/correct`, member, {
        paperTitle: 'Performance report, quarter 3 (revised)',
        url: 'https://example.org/papers/q3-revised.pdf',
        restricted: 'no',
        reason: 'The revised paper replaced the first',
      }),
      'Correction saved',
    )
    const trail = await auditOf()
    const agenda = trail.find((e) => e.action === 'meeting.agenda-item.correct')!
    expect(agenda.before).toMatchObject({ title: 'Performance report', purpose: 'discussion' })
    expect(agenda.after).toMatchObject({
      title: 'Performance report, quarter 3',
      reason: 'The agenda named the wrong quarter',
    })
    expect(trail.find((e) => e.action === 'meeting.decision.correct')!.before).toMatchObject({
      text: 'The board agreed the report',
    })
    expect(trail.find((e) => e.action === 'meeting.paper.correct')!.before).toMatchObject({
      url: 'https://example.org/papers/q3.pdf',
    })
    expect((await decisionsFor(db, meetingId))[0]!.text).toBe('The board agreed the report and its three exceptions')
  })

  it('withdraws with a reason: kept and audited, struck through on the page, left out everywhere else', async () => {
    const db = t.database.db
    const planned = await post(`/boards/${BOARD}/meetings/new`, member, {
      title: 'Partnership Board, next year',
      ...date('meetsOn', `${nextYear}-02-10`),
      status: 'planned',
      public: 'yes',
    })
    const plannedId = /\/meetings\/(\d+)/.exec(String(planned.headers.location))![1]!
    await post(`/meetings/${plannedId}/agenda`, member, {
      agendaTitle: 'Synthetic item to withdraw',
      purpose: 'information',
    })
    const item = await db
      .selectFrom('agenda_items')
      .select('id')
      .where('title', '=', 'Synthetic item to withdraw')
      .executeTakeFirstOrThrow()
    expect((await get('/boards/forward-plan', analyst)).body).toContain('Synthetic item to withdraw')

    const noReason = await post(`/meetings/${plannedId}/records/agenda/${item.id}/withdraw`, member, {
      withdrawReason: ' ',
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Enter the reason for withdrawing it')
    const withdrawn = await post(`/meetings/${plannedId}/records/agenda/${item.id}/withdraw`, member, {
      withdrawReason: 'Deferred to the next meeting',
    })
    expect(withdrawn.statusCode).toBe(303)
    const page = await get(String(withdrawn.headers.location), member)
    expect(page.body).toContain('govuk-notification-banner--success')
    expect(page.body).toContain('<del>Synthetic item to withdraw</del>')
    expect(page.body).toMatch(/Withdrawn on \d+ \w+ \d{4}: Deferred to the next meeting/)
    expect((await get('/boards/forward-plan', analyst)).body).not.toContain('Synthetic item to withdraw')
    // Kept, never deleted; a withdrawn item is not changed again.
    const row = await db
      .selectFrom('agenda_items')
      .select(['withdrawn_reason', 'archived_at'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ withdrawn_reason: 'Deferred to the next meeting', archived_at: null })
    expect(
      (await post(`/meetings/${plannedId}/records/agenda/${item.id}/withdraw`, member, { withdrawReason: 'again' }))
        .statusCode,
    ).toBe(404)

    // A withdrawn decision leaves the reads the pack and the public use.
    const decision = await db
      .selectFrom('decisions')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow()
    await post(`/meetings/${meetingId}/records/decisions/${decision.id}/withdraw`, member, {
      withdrawReason: 'Recorded at the wrong meeting',
    })
    expect(await decisionsFor(db, meetingId)).toEqual([])
    const kept = await db
      .selectFrom('decisions')
      .select(['withdrawn_at', 'withdrawn_reason'])
      .where('id', '=', decision.id)
      .executeTakeFirstOrThrow()
    expect(kept.withdrawn_at).not.toBeNull()
    const trail = await auditOf()
    const event = trail.find((e) => e.action === 'meeting.decision.withdraw')!
    expect(event.before).toMatchObject({ withdrawn: false })
    expect(event.after).toMatchObject({ withdrawn: true, reason: 'Recorded at the wrong meeting' })
    expect(event.actor).toMatch(/^user:/)
  })

  it('says on the meeting page that e-mail is not set up, and sends nothing', async () => {
    const planned = await post(`/boards/${BOARD}/meetings/new`, member, {
      title: 'Partnership Board, reminders',
      ...date('meetsOn', `${nextYear}-03-10`),
      status: 'planned',
      public: 'yes',
    })
    const id = /\/meetings\/(\d+)/.exec(String(planned.headers.location))![1]!
    expect((await get(`/meetings/${id}`, member)).body).toContain('Reminders before this meeting')
    const res = await post(`/meetings/${id}/reminders`, member, {})
    expect(res.headers.location).toBe(`/meetings/${id}?mail=off#reminders`)
    const page = await get(String(res.headers.location), member)
    expect(page.body).toContain('govuk-notification-banner--success')
    expect(page.body).toContain(
      'E-mail is not set up for this service (SMTP_URL and SMTP_FROM): no reminders were sent',
    )
    const sent = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'meeting.reminders.send')
      .execute()
    expect(sent).toEqual([])
  })

  it('refuses those who do not record the board’s meetings, in words', async () => {
    const item = await t.database.db
      .selectFrom('agenda_items')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow()
    const posts: [string, Record<string, string>][] = [
      [`/meetings/${meetingId}/attendance`, { [`attendance-${seats[0]}`]: 'absent' }],
      [`/meetings/${meetingId}/attendees`, { attendeeRole: 'Guest', attendeeOrganisationId: ORG_A }],
      [`/meetings/${meetingId}/quorum`, { quorum: '1' }],
      [
        `/meetings/${meetingId}/records/agenda/${item.id}/correct`,
        { agendaTitle: 'x', purpose: 'information', reason: 'x' },
      ],
      [`/meetings/${meetingId}/records/agenda/${item.id}/withdraw`, { withdrawReason: 'x' }],
    ]
    for (const user of [outsider, analyst]) {
      for (const [url, body] of posts) {
        const res = await post(url, user, body)
        expect(res.statusCode, url).toBe(403)
        expect(res.body).toMatch(/You cannot (record meetings for the Best Chance 0-25 Partnership|use this page)/)
      }
      expect((await get(`/meetings/${meetingId}/records/agenda/${item.id}`, user)).statusCode).toBe(403)
    }
    const page = await get(`/meetings/${meetingId}`, outsider)
    expect(page.body).not.toContain('Record attendance')
    expect(page.body).not.toContain('Correct or withdraw')
    // Nothing the refused requests asked for was written.
    expect(
      (await t.database.db.selectFrom('meeting_attendees').select('role_title').execute()).map((r) => r.role_title),
    ).not.toContain('Guest')
  })
})
