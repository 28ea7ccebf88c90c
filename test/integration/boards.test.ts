import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { todayInLondon as londonToday } from '../../src/lib/dates.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createRisk, escalateRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'

const BOARD = 'best-chance-partnership'
/** Neither organisation A nor B: its seat is added and ended without giving B's board member a seat. */
const OTHER_ORG = 'nel-icb'

/** A GOV.UK date input's three fields. */
const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! }
}

describe.each(engines)('boards and meetings (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  let member: TestUser
  let outsider: TestUser
  let analyst: TestUser
  let owner: TestUser
  const nextYear = Number(londonToday().slice(0, 4)) + 1

  const get = (url: string, user?: TestUser) => t.app.inject({ url, headers: user ? { cookie: user.cookie } : {} })
  const post = (url: string, user: TestUser, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: user.cookie }, payload: { _csrf: user.csrf, ...payload } })
  const meetingIdFrom = (location: string | undefined) => /^\/meetings\/(\d+)$/.exec(location ?? '')?.[1] ?? ''
  const addMeeting = async (user: TestUser, title: string, meetsOn: string, status = 'held', board = BOARD) => {
    const res = await post(`/boards/${board}/meetings/new`, user, {
      title,
      ...date('meetsOn', meetsOn),
      location: 'Barking Town Hall',
      status,
      public: 'yes',
    })
    expect(res.statusCode, res.body).toBe(303)
    return meetingIdFrom(res.headers.location as string)
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    admin = await signInAs(t.app, db, 'administrator')
    member = await signInAs(t.app, db, 'board_member', ORG_A)
    outsider = await signInAs(t.app, db, 'board_member', ORG_B)
    analyst = await signInAs(t.app, db, 'analyst')
    owner = await signInAs(t.app, db, 'owner', ORG_A)
    // Organisation A sits on the partnership (so its board member records the partnership's meetings).
    const seat = await post(`/boards/${BOARD}/memberships`, admin, {
      roleTitle: 'Director of Public Health',
      organisationId: ORG_A,
      memberKind: 'chair',
      ...date('fromDate', '2022-04-01'),
    })
    expect(seat.statusCode, seat.body).toBe(303)
  }, 180_000) // a fresh app loads every strategy and seed figure: slow on a busy machine
  afterAll(async () => t?.close())

  it('sends the public to sign in', async () => {
    for (const url of [
      '/boards',
      `/boards/${BOARD}`,
      '/boards/forward-plan',
      `/boards/${BOARD}/compliance`,
      '/meetings/1',
    ]) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(302)
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`)
    }
  })

  it('lists every board with its reporting lines and this year’s meetings against the minimum', async () => {
    const res = await get('/boards', analyst)
    expect(res.statusCode).toBe(200)
    const row = res.body
      .slice(
        res.body.indexOf(`<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/boards/${BOARD}">`),
      )
      .split('</tr>')[0]!
    expect(row).toContain(
      'Reports to: <a class="govuk-link" href="/boards/health-and-wellbeing-board">Health and Wellbeing Board</a>',
    )
    expect(row).toContain('Works closely with')
    expect(row).toMatch(/<td class="govuk-table__cell govuk-table__cell--numeric">6<\/td>/)
    expect(row).toMatch(/govuk-tag[^"]*">\s*(Met|On track|Not met)\s*</)
    // A body with no minimum says so in words.
    const hwb = res.body
      .slice(
        res.body.indexOf(
          '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/boards/health-and-wellbeing-board">',
        ),
      )
      .split('</tr>')[0]!
    expect(hwb).toContain('No minimum set')
    expect(hwb).toContain('Not set')
  })

  it('lets an administrator add and end memberships, refusing a bad form with its values kept', async () => {
    const bad = await post(`/boards/${BOARD}/memberships`, admin, {
      roleTitle: 'Chief Operating Officer',
      organisationId: '',
      memberKind: '',
      ...date('fromDate', '2024-02-30'),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('href="#organisationId"')
    expect(bad.body).toContain('href="#memberKind"')
    expect(bad.body).toContain('href="#fromDate-day"')
    expect(bad.body).toContain('The date the membership starts must be a real date')
    expect(bad.body).toContain('value="Chief Operating Officer"')
    expect(bad.body).toContain('name="_csrf"')

    const backwards = await post(`/boards/${BOARD}/memberships`, admin, {
      roleTitle: 'Chief Operating Officer',
      organisationId: OTHER_ORG,
      memberKind: 'member',
      ...date('fromDate', '2024-02-01'),
      ...date('toDate', '2023-01-01'),
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.body).toContain('href="#toDate-day"')

    const added = await post(`/boards/${BOARD}/memberships`, admin, {
      roleTitle: 'Chief Operating Officer',
      organisationId: OTHER_ORG,
      memberKind: 'representative',
      ...date('fromDate', '2023-01-01'),
    })
    expect(added.statusCode).toBe(303)
    expect(added.headers.location).toBe(`/boards/${BOARD}/memberships`)
    const row = await t.database.db
      .selectFrom('board_memberships')
      .select(['id', 'strategy_id'])
      .where('role_title', '=', 'Chief Operating Officer')
      .executeTakeFirstOrThrow()
    expect(row.strategy_id).toBe('best-chance-2022-25')

    const board = await get(`/boards/${BOARD}`, analyst)
    const members = board.body.slice(board.body.indexOf('data-qa="members"')).split('</table>')[0]!
    expect(members).toContain('Chief Operating Officer')
    expect(members).toContain('NHS North East London Integrated Care Board')
    expect(members).toContain('Director of Public Health')
    expect(board.body).toContain('data-qa="by-organisation"')

    const ended = await post(`/boards/${BOARD}/memberships/${row.id}/end`, admin, {})
    expect(ended.statusCode).toBe(303)
    const stored = await t.database.db
      .selectFrom('board_memberships')
      .select(['to_date', 'archived_at'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(stored.to_date).not.toBeNull() // ended, not deleted
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'board_membership')
      .where('entity_id', '=', row.id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['board-membership.add', 'board-membership.end'])
  })

  it('refuses meeting and membership administration to owners and analysts, and meetings to other boards’ members', async () => {
    const meetingId = await addMeeting(admin, 'Refusals meeting', '2023-02-01')
    for (const user of [owner, analyst]) {
      expect((await get(`/boards/${BOARD}/memberships`, user)).statusCode).toBe(403)
      expect((await post(`/boards/${BOARD}/memberships`, user, { roleTitle: 'x' })).statusCode).toBe(403)
      expect((await get(`/boards/${BOARD}/meetings/new`, user)).statusCode).toBe(403)
      expect((await post(`/boards/${BOARD}/meetings/new`, user, { title: 'x' })).statusCode).toBe(403)
      expect((await get(`/meetings/${meetingId}/edit`, user)).statusCode).toBe(403)
      for (const part of ['agenda', 'papers', 'decisions', 'actions'])
        expect((await post(`/meetings/${meetingId}/${part}`, user, {})).statusCode).toBe(403)
    }
    // Board members do not manage memberships, and record only their own boards' meetings.
    expect((await get(`/boards/${BOARD}/memberships`, member)).statusCode).toBe(403)
    expect((await get(`/boards/${BOARD}/meetings/new`, member)).statusCode).toBe(200)
    expect((await get(`/boards/${BOARD}/meetings/new`, outsider)).statusCode).toBe(403)
    expect(
      (await post(`/meetings/${meetingId}/agenda`, outsider, { agendaTitle: 'x', purpose: 'information' })).statusCode,
    ).toBe(403)
    expect((await get('/boards/health-and-wellbeing-board/meetings/new', member)).statusCode).toBe(403)
  })

  it('records a meeting: validation, agenda, papers, decisions and edits, all audited', async () => {
    const bad = await post(`/boards/${BOARD}/meetings/new`, member, {
      title: '',
      'meetsOn-day': '12',
      'meetsOn-month': '',
      'meetsOn-year': '2023',
      status: 'held',
      public: 'yes',
      location: 'Dagenham Library',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#title"')
    expect(bad.body).toContain('href="#meetsOn-day"')
    expect(bad.body).toContain('The date of the meeting must include a month')
    expect(bad.body).toContain('value="Dagenham Library"')
    expect(bad.body).toContain('value="12"')

    const future = await post(`/boards/${BOARD}/meetings/new`, member, {
      title: 'Too soon',
      ...date('meetsOn', `${nextYear}-01-10`),
      status: 'held',
      public: 'yes',
    })
    expect(future.statusCode).toBe(400)
    expect(future.body).toContain('href="#status"')

    const id = await addMeeting(member, 'Spring partnership meeting', '2023-03-14')
    expect((await post(`/meetings/${id}/agenda`, member, { agendaTitle: '', purpose: '' })).statusCode).toBe(400)
    expect(
      (
        await post(`/meetings/${id}/agenda`, member, {
          agendaTitle: 'Outcomes framework report',
          purpose: 'discussion',
          presenterRole: 'Head of Insight',
        })
      ).statusCode,
    ).toBe(303)
    expect(
      (await post(`/meetings/${id}/agenda`, member, { agendaTitle: 'Early help strategy', purpose: 'decision' }))
        .statusCode,
    ).toBe(303)
    const badPaper = await post(`/meetings/${id}/papers`, member, {
      paperTitle: 'Report',
      url: 'http://example.org/report.pdf',
      restricted: 'no',
    })
    expect(badPaper.statusCode).toBe(400)
    expect(badPaper.body).toContain('href="#url"')
    expect(badPaper.body).toContain('value="http://example.org/report.pdf"')
    expect(
      (
        await post(`/meetings/${id}/papers`, member, {
          paperTitle: 'Outcomes framework report (synthetic)',
          url: 'https://example.org/papers/outcomes.pdf',
          restricted: 'no',
        })
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await post(`/meetings/${id}/papers`, member, {
          paperTitle: 'Commissioning options (synthetic, restricted)',
          url: 'https://example.org/papers/options.pdf',
          restricted: 'yes',
        })
      ).statusCode,
    ).toBe(303)
    const badDecision = await post(`/meetings/${id}/decisions`, member, {
      decisionText: 'Agree it',
      ...date('decidedOn', '2023-02-31'),
    })
    expect(badDecision.statusCode).toBe(400)
    expect(badDecision.body).toContain('href="#decidedOn-day"')
    expect(
      (
        await post(`/meetings/${id}/decisions`, member, {
          decisionText: 'The early help strategy is agreed.',
          ...date('decidedOn', '2023-03-14'),
        })
      ).statusCode,
    ).toBe(303)
    const edit = await post(`/meetings/${id}/edit`, member, {
      title: 'Spring partnership meeting',
      ...date('meetsOn', '2023-03-14'),
      location: 'Online',
      status: 'held',
      public: 'no',
    })
    expect(edit.statusCode).toBe(303)

    const page = await get(`/meetings/${id}`, member)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Outcomes framework report')
    expect(page.body).toContain('Head of Insight')
    expect(page.body).toContain('The early help strategy is agreed.')
    expect(page.body).toContain('Online')
    expect(page.body).toContain('No, held in private')
    const actions = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'meeting')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'meeting.create',
      'meeting.agenda-item.add',
      'meeting.agenda-item.add',
      'meeting.paper.add',
      'meeting.paper.add',
      'meeting.decision.add',
      'meeting.update',
    ])
  })

  it('lists restricted papers only for the board’s own members and administrators', async () => {
    const id = await addMeeting(admin, 'Papers meeting', '2023-05-09')
    await post(`/meetings/${id}/papers`, admin, {
      paperTitle: 'Open paper (synthetic)',
      url: 'https://example.org/open.pdf',
      restricted: 'no',
    })
    await post(`/meetings/${id}/papers`, admin, {
      paperTitle: 'Closed paper (synthetic)',
      url: 'https://example.org/closed.pdf',
      restricted: 'yes',
    })
    for (const user of [analyst, owner]) {
      const page = await get(`/meetings/${id}`, user)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Open paper (synthetic)')
      expect(page.body).not.toContain('Closed paper')
      expect(page.body).not.toContain('https://example.org/closed.pdf')
      expect(page.body).toContain('1 restricted paper is available to board members.')
    }
    for (const user of [member, admin]) {
      const page = await get(`/meetings/${id}`, user)
      expect(page.body).toContain('Closed paper (synthetic)')
      expect(page.body).toContain('https://example.org/closed.pdf')
      expect(page.body).not.toContain('restricted paper is available')
    }
    // A board member whose organisation has no seat on this board, nor on one it reports to.
    const page = await get(`/meetings/${id}`, outsider)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Open paper (synthetic)')
    expect(page.body).not.toContain('Closed paper')
    expect(page.body).not.toContain('https://example.org/closed.pdf')
    expect(page.body).toContain('1 restricted paper is available to board members.')
  })

  it('shows restricted papers up the reporting line, never down it or sideways, and only to current seats', async () => {
    // The partnership reports to the Health and Wellbeing Board, works closely with the
    // safeguarding board, and has subgroups of its own (strategy file, governance).
    const seat = async (board: string, organisationId: string, toDate?: string) => {
      const res = await post(`/boards/${board}/memberships`, admin, {
        roleTitle: `Seat of ${organisationId}`,
        organisationId,
        memberKind: 'member',
        ...date('fromDate', '2020-01-01'),
        ...(toDate ? date('toDate', toDate) : {}),
      })
      expect(res.statusCode, res.body).toBe(303)
    }
    const yesterday = new Date(Date.parse(`${londonToday()}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    await seat('health-and-wellbeing-board', 'met-police')
    await seat('health-and-wellbeing-board', 'primary-care', yesterday) // a seat that has ended
    await seat('safeguarding-board', 'vcs')
    await seat('partnership-subgroups', 'schools')
    const above = await signInAs(t.app, t.database.db, 'board_member', 'met-police')
    const formerlyAbove = await signInAs(t.app, t.database.db, 'board_member', 'primary-care')
    const sideways = await signInAs(t.app, t.database.db, 'board_member', 'vcs')
    const below = await signInAs(t.app, t.database.db, 'board_member', 'schools')
    const ownerAbove = await signInAs(t.app, t.database.db, 'owner', 'met-police')

    const restrictedMeeting = async (board: string, title: string) => {
      const id = await addMeeting(admin, `${title} meeting`, '2023-06-13', 'held', board)
      const res = await post(`/meetings/${id}/papers`, admin, {
        paperTitle: `${title} (synthetic, restricted)`,
        url: 'https://example.org/restricted.pdf',
        restricted: 'yes',
      })
      expect(res.statusCode).toBe(303)
      return id
    }
    const sees = async (meetingId: string, user: TestUser, title: string) => {
      const page = await get(`/meetings/${meetingId}`, user)
      expect(page.statusCode).toBe(200)
      return page.body.includes(`${title} (synthetic, restricted)`)
    }

    const partnershipPaper = await restrictedMeeting(BOARD, 'Partnership paper')
    expect(await sees(partnershipPaper, member, 'Partnership paper')).toBe(true) // its own board
    expect(await sees(partnershipPaper, above, 'Partnership paper')).toBe(true) // the board it reports to
    expect(await sees(partnershipPaper, formerlyAbove, 'Partnership paper')).toBe(false)
    expect(await sees(partnershipPaper, sideways, 'Partnership paper')).toBe(false) // works closely with
    expect(await sees(partnershipPaper, below, 'Partnership paper')).toBe(false) // its subgroup
    expect(await sees(partnershipPaper, ownerAbove, 'Partnership paper')).toBe(false) // not a board member

    const subgroupPaper = await restrictedMeeting('partnership-subgroups', 'Subgroup paper')
    expect(await sees(subgroupPaper, below, 'Subgroup paper')).toBe(true)
    expect(await sees(subgroupPaper, member, 'Subgroup paper')).toBe(true) // the partnership is one step up
    expect(await sees(subgroupPaper, above, 'Subgroup paper')).toBe(false) // two steps up: hears it through the partnership

    const boardAbovePaper = await restrictedMeeting('health-and-wellbeing-board', 'Wellbeing board paper')
    expect(await sees(boardAbovePaper, above, 'Wellbeing board paper')).toBe(true)
    expect(await sees(boardAbovePaper, member, 'Wellbeing board paper')).toBe(false) // down the line
  })

  it('turns an action arising into a tracked action, linked from the meeting', async () => {
    const id = await addMeeting(member, 'Actions meeting', '2023-07-11')
    const bad = await post(`/meetings/${id}/actions`, member, {
      actionTitle: '',
      organisationId: '',
      leadRole: 'Head of Early Help',
      ...date('dueDate', ''),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#actionTitle"')
    expect(bad.body).toContain('href="#organisationId"')
    expect(bad.body).toContain('href="#dueDate-day"')
    expect(bad.body).toContain('value="Head of Early Help"')

    const res = await post(`/meetings/${id}/actions`, member, {
      actionTitle: 'Map early help provision by locality',
      organisationId: ORG_A,
      leadRole: 'Head of Early Help',
      ...date('dueDate', '2023-12-31'),
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/meetings/${id}?saved=actions#actions`)
    const action = await t.database.db
      .selectFrom('actions')
      .select(['id', 'reference', 'origin', 'organisation_id', 'lead_role'])
      .where('title', '=', 'Map early help provision by locality')
      .executeTakeFirstOrThrow()
    expect(action).toMatchObject({ origin: `meeting:${id}`, organisation_id: ORG_A, lead_role: 'Head of Early Help' })
    const link = await t.database.db.selectFrom('meeting_actions').selectAll().where('meeting_id', '=', id).execute()
    expect(link.map((l) => String(l.action_id))).toEqual([String(action.id)])
    const page = await get(`/meetings/${id}`, analyst)
    expect(page.body).toContain(`href="/actions/${action.id}"`)
    expect(page.body).toContain(`${action.reference}: Map early help provision by locality`)
    expect(page.body).toContain('(overdue)') // due 31 December 2023 and not started
  })

  it('shows meetings held and planned, the forward plan and compliance year by year', async () => {
    const board = 'schools-forum'
    const seat = await post(`/boards/${board}/memberships`, admin, {
      roleTitle: 'Head of School Improvement',
      organisationId: ORG_A,
      memberKind: 'member',
      ...date('fromDate', '2020-01-01'),
    })
    expect(seat.statusCode).toBe(303)
    for (const d of ['2021-01-12', '2021-03-09', '2021-05-11', '2021-07-13', '2021-09-14', '2021-11-09'])
      await addMeeting(member, `Forum ${d}`, d, 'held', board)
    for (const d of ['2020-02-11', '2020-06-09', '2020-10-13', '2020-12-08'])
      await addMeeting(member, `Forum ${d}`, d, 'held', board)
    const coming = await addMeeting(member, 'Forum planning meeting', `${nextYear}-02-10`, 'planned', board)
    await post(`/meetings/${coming}/agenda`, member, {
      agendaTitle: 'School place sufficiency',
      purpose: 'information',
    })

    const compliance = await get(`/boards/${board}/compliance`, analyst)
    expect(compliance.statusCode).toBe(200)
    const row = (year: number) =>
      compliance.body
        .slice(compliance.body.indexOf(`<th scope="row" class="govuk-table__header">${year}</th>`))
        .split('</tr>')[0]!
    expect(row(2021)).toContain('No minimum set') // the Schools Forum's terms give no minimum
    expect(row(2021)).toContain('6 meetings held in 2021')
    expect(row(2020)).toContain('4 meetings held in 2020')

    const page = await get(`/boards/${board}`, analyst)
    expect(page.body).toContain('Forum 2021-11-09')
    expect(page.body).toContain('Forum planning meeting')
    expect(page.body).toContain('School place sufficiency')
    expect(page.body).toContain('Head of School Improvement')
    expect(page.body).not.toContain('Add a meeting') // analysts do not record meetings

    const plan = await get('/boards/forward-plan', owner)
    expect(plan.statusCode).toBe(200)
    expect(plan.body).toContain('Forum planning meeting')
    expect(plan.body).toContain('School place sufficiency')
    expect(plan.body).toContain('href="/boards/schools-forum"')
    expect(plan.body).not.toContain('Forum 2021-11-09')
  })

  it('counts the partnership’s meetings against its minimum of six a year', async () => {
    for (const d of ['2019-01-15', '2019-03-12', '2019-05-14', '2019-07-09', '2019-09-10', '2019-11-12'])
      await addMeeting(member, `Partnership ${d}`, d)
    for (const d of ['2018-03-13', '2018-06-12', '2018-09-11', '2018-12-11'])
      await addMeeting(member, `Partnership ${d}`, d)
    const res = await get(`/boards/${BOARD}/compliance`, analyst)
    const row = (year: number) =>
      res.body.slice(res.body.indexOf(`<th scope="row" class="govuk-table__header">${year}</th>`)).split('</tr>')[0]!
    expect(row(2019)).toMatch(/>\s*Met\s*</)
    expect(row(2019)).toContain('6 of the minimum 6 held in 2019.')
    expect(row(2018)).toMatch(/>\s*Not met\s*</)
    expect(row(2018)).toContain('4 of the minimum 6 held in 2018.')
  })

  it('shows a risk escalated to a board on that board’s page, with its history', async () => {
    const db = t.database.db
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const input = riskSchema.parse({
      kind: 'risk',
      title: 'Early help capacity falls short of demand (synthetic)',
      cause: 'Referrals rising faster than staffing',
      effect: 'Families wait longer for help',
      organisationId: ORG_A,
      ownerRole: 'Head of Early Help',
      inherentLikelihood: '4',
      inherentImpact: '4',
      residualLikelihood: '3',
      residualImpact: '4',
      reviewDate: `${nextYear}-01-31`,
      status: 'open',
      currentBoardId: BOARD,
    })
    const risk = await createRisk(db, model, input, 'test')
    const user = {
      id: member.id,
      email: member.email,
      displayName: 'Test board member',
      role: 'board_member' as const,
      organisationId: ORG_A,
    }
    await escalateRisk(
      db,
      model,
      risk.id,
      {
        target: 'board:health-and-wellbeing-board',
        organisationId: null,
        representativeRole: null,
        reason: 'Needs system-wide capacity decision',
      },
      user,
    )

    const page = await get('/boards/health-and-wellbeing-board', analyst)
    const section = page.body.slice(page.body.indexOf('id="escalated-risks"'))
    expect(section).toContain(`${risk.reference}: Early help capacity falls short of demand (synthetic)`)
    const history = section.slice(section.indexOf('data-qa="escalations"')).split('</table>')[0]!
    expect(history).toContain('Best Chance 0-25 Partnership')
    expect(history).toContain('Health and Wellbeing Board')
    expect(history).toContain('Needs system-wide capacity decision')
    expect(history).toContain('Test board member')
    const elsewhere = await get('/boards/schools-forum', analyst)
    expect(elsewhere.body).not.toContain(risk.reference)
  })

  it('answers 404 for a board or meeting that does not exist', async () => {
    expect((await get('/boards/no-such-board', analyst)).statusCode).toBe(404)
    expect((await get('/meetings/999999', analyst)).statusCode).toBe(404)
    expect((await get('/meetings/abc', analyst)).statusCode).toBe(404)
  })
})
