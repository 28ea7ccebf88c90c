/**
 * Every registered route × every kind of user: the public, an owner in organisation A, an owner in
 * organisation B, an analyst, a statistics approver, a board member and an administrator. The table below says, route by
 * route, who may use it; the test asks the real app as each of them and checks the answer is
 * "refused" (sign-in redirect, 401 or 403) exactly for the others, and never a server error. It
 * enumerates the app's registered routes, so a new route missing from the table fails the test.
 * Record routes use records of organisation A, so owner B is refused by the record rule; the
 * release fixture is of an indicator organisation A owns (a test fixture: owner_organisation).
 */
import { prepareReport } from '../../src/modules/reports/report.service.js'
import { saveReportDraft } from '../../src/modules/reports/report-records.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { createUser, ORG_A, ORG_B, signIn, signInAs, type TestUser } from '../helpers/accounts.js'
import { addMilestone, createAction } from '../../src/modules/delivery/delivery.service.js'
import { addMitigation, createRisk } from '../../src/modules/risks/risks.service.js'
import { mitigationSchema, riskSchema } from '../../src/modules/risks/risks.domain.js'
import { addAgendaItem, addMembership, createMeeting } from '../../src/modules/boards/boards.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { saveDraft } from '../../src/modules/reports/packs.service.js'
import { publishPack } from '../helpers/pack-fixtures.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { findIndicator } from '../../src/modules/indicators/indicators.repository.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'

/** A draft release of one synthetic figure, of an indicator organisation A owns, for the release routes. */
async function draftRelease(db: Kysely<Database>): Promise<string> {
  const record = await findIndicator(db, 'year-6-obesity')
  await db
    .updateTable('indicators')
    .set({ metadata: JSON.stringify({ ...record!.metadata, owner_organisation: ORG_A }) })
    .where('id', '=', 'year-6-obesity')
    .execute()
  const csv =
    'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote\n' +
    'year-6-obesity,E09000002,2022/23,,,,,38.7,,,,,,,,Synthetic route matrix figure (not real data),\n'
  const report = await importData(db, [csv], {
    sourceName: 'matrix.csv',
    format: 'template',
    actor: 'test',
    draft: true,
  })
  return report.releaseId!
}

const personas = ['public', 'ownerA', 'ownerB', 'analyst', 'approver', 'boardMember', 'administrator'] as const
type Persona = (typeof personas)[number]

const everyone: Persona[] = [...personas]
const signedIn: Persona[] = ['ownerA', 'ownerB', 'analyst', 'approver', 'boardMember', 'administrator']
const owners: Persona[] = ['ownerA', 'ownerB', 'administrator']
const ownerOfA: Persona[] = ['ownerA', 'administrator']
const boardMembers: Persona[] = ['boardMember', 'administrator']
const analysts: Persona[] = ['analyst', 'administrator']
const approvers: Persona[] = ['approver', 'administrator']
const administrators: Persona[] = ['administrator']

/** Who may use each route. Keys are "METHOD pattern" exactly as registered. */
const allowed: Record<string, Persona[]> = {
  'GET /health': everyone,
  'GET /': everyone,
  'GET /outcomes/:id': everyone,
  'GET /outcomes/:id/indicators.csv': everyone,
  'GET /outcomes/:id/indicators.json': everyone,
  'GET /intentions/:id': everyone,
  'GET /priorities/:id': everyone,
  'GET /priorities/:id/indicators.csv': everyone,
  'GET /priorities/:id/indicators.json': everyone,
  'GET /pledges': everyone,
  'GET /childrens-outcomes': everyone,
  'GET /childrens-outcomes/:id': everyone,
  'GET /indicators': everyone,
  'GET /area-profile': everyone,
  'GET /indicators/by-outcome': everyone,
  'GET /indicators/:id': everyone,
  'GET /indicators/:id/data/:file': everyone,
  'GET /indicators/:id/commentary': analysts,
  'POST /indicators/:id/commentary': analysts,
  'GET /coverage/new-indicator': analysts,
  'POST /coverage/new-indicator': analysts,
  'GET /governance': everyone,
  'GET /governance/:id': everyone,
  // Meetings held in public: anyone reads them (a private meeting is 404 to everyone).
  'GET /governance/meetings': everyone,
  'GET /governance/meetings/:id': everyone,
  'GET /strategies': everyone,
  'GET /strategies/:strategyId': everyone,
  'GET /strategies/:strategyId/life-course.csv': everyone,
  'GET /strategies/:strategyId/life-course.json': everyone,
  'GET /strategies/:strategyId/themes/:id': everyone,
  'GET /case-for-change': everyone,
  'GET /search': everyone,
  'GET /open-data': everyone,
  'GET /coverage': everyone,
  'GET /coverage.csv': everyone,
  'GET /coverage.json': everyone,
  'GET /api-docs': everyone,
  'GET /api/openapi.json': everyone,
  'GET /api/v1/strategies': everyone,
  'GET /api/v1/strategies/:strategyId': everyone,
  'GET /api/v1/outcomes': everyone,
  'GET /api/v1/outcomes/:id': everyone,
  'GET /api/v1/indicators': everyone,
  'GET /api/v1/indicators/:id': everyone,
  'GET /api/v1/indicators/:id/summaries': everyone,
  'GET /api/v1/indicators/:id/data': everyone,
  'GET /api/v1/data': everyone,
  'GET /api/v1/areas': everyone,
  'GET /downloads/latest/data.csv': everyone,
  'GET /downloads/latest/data.json': everyone,
  'GET /downloads/latest/fingertips.csv': everyone,
  'GET /sign-in': everyone,
  'POST /sign-in': everyone,
  'POST /sign-out': signedIn,
  'GET /signed-out': everyone,
  'GET /my-work': signedIn,
  'GET /admin/users': administrators,
  'GET /admin/users/new': administrators,
  'POST /admin/users/new': administrators,
  'POST /admin/users/:id/reset': administrators,
  'POST /admin/users/:id/disable': administrators,
  'GET /admin/users/:id': administrators,
  'POST /admin/users/:id': administrators,
  'GET /admin/users/:id/disable': administrators,
  'POST /admin/users/:id/enable': administrators,
  // Action plans are open reporting: anyone reads them; owners change their own organisation's.
  'GET /actions': everyone,
  'GET /actions.csv': everyone,
  'GET /actions.json': everyone,
  'GET /actions/:id': everyone,
  'GET /actions/new': owners,
  'POST /actions/new': owners,
  'GET /actions/:id/edit': ownerOfA,
  'POST /actions/:id/edit': ownerOfA,
  'POST /actions/:id/archive': ownerOfA,
  'POST /actions/:id/milestones': ownerOfA,
  'POST /actions/:id/milestones/:milestoneId/complete': ownerOfA,
  'POST /actions/:id/milestones/:milestoneId/archive': ownerOfA,
  'GET /actions/:id/updates/new': ownerOfA,
  'POST /actions/:id/updates/new': ownerOfA,
  // The risk log is for partners only.
  'GET /risks': signedIn,
  'GET /risks/heat-map': signedIn,
  'GET /risks/:id': signedIn,
  'GET /risks/new': owners,
  'POST /risks/new': owners,
  'GET /risks/:id/edit': ownerOfA,
  'POST /risks/:id/edit': ownerOfA,
  'POST /risks/:id/mitigations': ownerOfA,
  'POST /risks/:id/mitigations/:mitigationId/status': ownerOfA,
  'GET /risks/:id/escalate': ownerOfA,
  'POST /risks/:id/escalate': ownerOfA,
  'POST /risks/:id/archive': ownerOfA,
  'GET /boards': signedIn,
  'GET /boards/forward-plan': signedIn,
  'GET /boards/:id': signedIn,
  'GET /boards/:id/compliance': signedIn,
  'GET /boards/:id/memberships': administrators,
  'POST /boards/:id/memberships': administrators,
  'POST /boards/:id/memberships/:mid/end': administrators,
  // Board members record the meetings of a board their organisation sits on (here, the partnership).
  'GET /boards/:id/meetings/new': boardMembers,
  'POST /boards/:id/meetings/new': boardMembers,
  'GET /meetings/:id': signedIn,
  'GET /meetings/:id/edit': boardMembers,
  'POST /meetings/:id/edit': boardMembers,
  'POST /meetings/:id/agenda': boardMembers,
  'POST /meetings/:id/papers': boardMembers,
  'POST /meetings/:id/decisions': boardMembers,
  'POST /meetings/:id/actions': boardMembers,
  'POST /meetings/:id/attendance': boardMembers,
  'POST /meetings/:id/attendees': boardMembers,
  'POST /meetings/:id/quorum': boardMembers,
  // The secretariat (those who record the board's meetings) e-mails the reminders before it.
  'POST /meetings/:id/reminders': boardMembers,
  'GET /meetings/:id/records/:kind/:recordId': boardMembers,
  'POST /meetings/:id/records/:kind/:recordId/correct': boardMembers,
  'POST /meetings/:id/records/:kind/:recordId/withdraw': boardMembers,
  // Board packs: partners read them; the board's members (and administrators) save and sign them off.
  'GET /meetings/:id/pack': signedIn,
  'POST /meetings/:id/pack': boardMembers,
  'GET /packs/:id': signedIn,
  'GET /packs/:id/:file': signedIn,
  'POST /packs/:id/sign-off': boardMembers,
  // The public archive of signed-off packs.
  'GET /reports': everyone,
  'GET /reports/feed.xml': everyone,
  'GET /reports/:id': everyone,
  'GET /reports/:id/scorecard.xlsx': everyone,
  // Releases: analysts check them, approvers (statistics approvers, administrators) approve them and
  // see every one; the owner of an indicator in a release sees it (the fixture's is organisation A's);
  // a board member's pre-release access is to an approved release before its time (the fixture is a
  // draft: refused).
  'GET /releases': [...analysts, 'approver'],
  'GET /releases/:id': [...analysts, 'approver', 'ownerA'],
  'POST /releases/:id/checks': analysts,
  'POST /releases/:id/approve': approvers,
  'POST /releases/:id/withdraw': analysts,
  'GET /amendments/feed.xml': everyone,
  'GET /api/v1/indicators/:id/amendments': everyone,
  // Progress reports (the HWB report, the annual report): partners prepare and read them.
  'GET /reporting': signedIn,
  'GET /reporting/:kind': signedIn,
  'GET /reporting/:kind/:file': signedIn,
  'POST /reporting/:kind': boardMembers,
  'GET /progress-reports/:id': signedIn,
  'GET /progress-reports/:id/:file': signedIn,
  'POST /progress-reports/:id/sign-off': boardMembers,
  'GET /reports/:id/report.pdf': everyone,
  'GET /audit': administrators,
  'GET /audit/:entityType/:entityId': administrators,
  // Subscriptions: anyone follows by Atom feed; partners follow by e-mail (their own follows only).
  'GET /feed.xml': everyone,
  'GET /outcomes/:id/feed.xml': everyone,
  'GET /indicators/:id/feed.xml': everyone,
  'GET /follows': signedIn,
  'POST /follows': signedIn,
  'POST /follows/:id/end': signedIn,
  // Embeds of public charts, for partners' own websites.
  'GET /embed/indicators/:id': everyone,
  'GET /embed/indicators/:id/chart.svg': everyone,
  'GET /embed/indicators/:id/chart.png': everyone,
}

const isStatic = (url: string) => /^\/(assets|govuk|static)\//.test(url)

describe.each(engines)('route × role matrix (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const users = {} as Record<Exclude<Persona, 'public'>, TestUser>
  let fixtures: Record<string, string>

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const partnership = { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' }
    users.ownerA = await signInAs(t.app, db, 'owner', ORG_A)
    users.ownerB = await signInAs(t.app, db, 'owner', ORG_B)
    users.analyst = await signInAs(t.app, db, 'analyst')
    users.approver = await signInAs(t.app, db, 'approver')
    users.boardMember = await signInAs(t.app, db, 'board_member', ORG_A)
    users.administrator = await signInAs(t.app, db, 'administrator')
    const admin = {
      id: users.administrator.id,
      email: users.administrator.email,
      displayName: 'Test administrator',
      role: 'administrator' as const,
      organisationId: null,
    }
    await addMembership(
      db,
      partnership,
      {
        roleTitle: 'Director of Children’s Services',
        organisationId: ORG_A,
        memberKind: 'member',
        fromDate: '2024-01-01',
        toDate: null,
      },
      admin,
    )
    const membershipToEnd = await addMembership(
      db,
      partnership,
      {
        roleTitle: 'Director of Nursing',
        organisationId: ORG_B,
        memberKind: 'member',
        fromDate: '2024-01-01',
        toDate: null,
      },
      admin,
    )

    const meeting = await createMeeting(
      db,
      partnership,
      { meetsOn: '2026-01-15', title: 'Partnership meeting (synthetic)', location: null, status: 'held', public: true },
      admin,
    )
    const board = model.find('body', partnership.boardId, partnership.strategyId)!
    const draftReport = async () =>
      (
        await saveReportDraft(
          db,
          await prepareReport({ db, model, threshold: t.config.disclosureThreshold }, { kind: 'annual' }),
          null,
          'test',
        )
      ).id
    const draftPack = async () =>
      (
        await saveDraft(
          db,
          await preparePack({ db, model, threshold: t.config.disclosureThreshold }, board, meeting),
          null,
          'test',
        )
      ).id
    const action = (title: string) =>
      createAction(
        db,
        { title, organisationId: ORG_A, leadRole: 'Head of Early Help', indicatorIds: ['gld-eyfs'] },
        'test',
      )
    const actionA = await action('Organisation A’s action (synthetic)')
    const actionToArchive = await action('Organisation A’s action to archive (synthetic)')
    const risk = (title: string) =>
      createRisk(
        db,
        model,
        riskSchema.parse({
          kind: 'risk',
          title,
          cause: 'Synthetic cause',
          effect: 'Synthetic effect',
          organisationId: ORG_A,
          ownerRole: 'Head of Early Help',
          inherentLikelihood: '4',
          inherentImpact: '4',
          residualLikelihood: '3',
          residualImpact: '3',
          reviewDate: '2099-01-31',
          status: 'open',
          currentBoardId: 'partnership-subgroups',
        }),
        'test',
      )
    const riskA = await risk('Organisation A’s risk (synthetic)')
    const riskToArchive = await risk('Organisation A’s risk to archive (synthetic)')
    fixtures = {
      actionA: actionA.id,
      actionToArchive: actionToArchive.id,
      milestoneToComplete: (await addMilestone(db, actionA.id, { title: 'First milestone' }, 'test')).id,
      milestoneToArchive: (await addMilestone(db, actionA.id, { title: 'Milestone entered in error' }, 'test')).id,
      riskA: riskA.id,
      riskToArchive: riskToArchive.id,
      mitigation: await addMitigation(
        db,
        riskA.id,
        mitigationSchema.parse({ action: 'Synthetic mitigation', ownerRole: 'Head of Early Help', status: 'planned' }),
        'test',
      ),
      membershipToEnd,
      meeting,
      agendaItem: await addAgendaItem(
        db,
        meeting,
        { title: 'Synthetic item', purpose: 'information', presenterRole: null },
        admin,
      ),
      packDraft: await draftPack(),
      packToSignOff: await draftPack(),
      reportDraft: await draftReport(),
      reportToSignOff: await draftReport(),
      published: (await publishPack(db, model, t.config.disclosureThreshold)).packId,
      userToReset: (await createUser(db, 'analyst', null)).id,
      userToDisable: (await createUser(db, 'analyst', null)).id,
      release: await draftRelease(db),
    }
  }, 240_000)
  afterAll(async () => t?.close())

  /** A concrete URL for a route pattern, using the fixtures above. */
  function urlFor(method: string, pattern: string): string {
    const f = fixtures
    const specific: Record<string, string> = {
      'POST /actions/:id/archive': `/actions/${f.actionToArchive}/archive`,
      'POST /actions/:id/milestones/:milestoneId/complete': `/actions/${f.actionA}/milestones/${f.milestoneToComplete}/complete`,
      'POST /actions/:id/milestones/:milestoneId/archive': `/actions/${f.actionA}/milestones/${f.milestoneToArchive}/archive`,
      'POST /risks/:id/archive': `/risks/${f.riskToArchive}/archive`,
      'POST /risks/:id/mitigations/:mitigationId/status': `/risks/${f.riskA}/mitigations/${f.mitigation}/status`,
      'POST /boards/:id/memberships/:mid/end': `/boards/best-chance-partnership/memberships/${f.membershipToEnd}/end`,
      'POST /admin/users/:id/reset': `/admin/users/${f.userToReset}/reset`,
      'POST /admin/users/:id/disable': `/admin/users/${f.userToDisable}/disable`,
      'GET /admin/users/:id': `/admin/users/${f.userToReset}`,
      'POST /admin/users/:id': `/admin/users/${f.userToReset}`,
      'GET /admin/users/:id/disable': `/admin/users/${f.userToReset}/disable`,
      'POST /admin/users/:id/enable': `/admin/users/${f.userToDisable}/enable`,
      'GET /audit/:entityType/:entityId': `/audit/action/${f.actionA}`,
      'GET /strategies/:strategyId/themes/:id': '/strategies/jlhws-2023-28/themes/best-start-in-life',
      'GET /indicators/:id/data/:file': '/indicators/gld-eyfs/data/history.csv',
      'GET /packs/:id/:file': `/packs/${f.packDraft}/scorecard.xlsx`,
      'POST /packs/:id/sign-off': `/packs/${f.packToSignOff}/sign-off`,
      'GET /reports/:id': `/reports/${f.published}`,
      'GET /meetings/:id/records/:kind/:recordId': `/meetings/${f.meeting}/records/agenda/${f.agendaItem}`,
      'POST /meetings/:id/records/:kind/:recordId/correct': `/meetings/${f.meeting}/records/agenda/${f.agendaItem}/correct`,
      'POST /meetings/:id/records/:kind/:recordId/withdraw': `/meetings/${f.meeting}/records/agenda/${f.agendaItem}/withdraw`,
      'GET /reports/:id/scorecard.xlsx': `/reports/${f.published}/scorecard.xlsx`,
      'GET /reporting/:kind': '/reporting/hwb',
      'POST /reporting/:kind': '/reporting/annual',
      'GET /progress-reports/:id': `/progress-reports/${f.reportDraft}`,
      'GET /progress-reports/:id/:file': `/progress-reports/${f.reportDraft}/report.xlsx`,
      'POST /progress-reports/:id/sign-off': `/progress-reports/${f.reportToSignOff}/sign-off`,
      'GET /reports/:id/report.pdf': `/reports/${f.published}/report.pdf`,
      'GET /reporting/:kind/:file': '/reporting/annual/report.xlsx',
    }
    const key = `${method} ${pattern}`
    if (specific[key]) return specific[key]
    if (pattern.startsWith('/releases/:id')) return pattern.replace(':id', f.release!)
    const idFor = (prefix: string): string => {
      const ids: [string, string][] = [
        ['/api/v1/outcomes', 'best-start'],
        ['/api/v1/indicators', 'gld-eyfs'],
        ['/outcomes', 'best-start'],
        ['/intentions', 'best-start-1'],
        ['/priorities', 'domestic-abuse'],
        ['/childrens-outcomes', 'my-future'],
        ['/governance/meetings', f.meeting!],
        ['/governance', 'best-chance-partnership'],
        ['/indicators', 'gld-eyfs'],
        ['/actions', f.actionA!],
        ['/risks', f.riskA!],
        ['/boards', 'best-chance-partnership'],
        ['/meetings', f.meeting!],
        ['/packs', f.packDraft!],
        ['/embed/indicators', 'gld-eyfs'],
        // No such follow: a partner may only end their own, and everyone else is refused first.
        ['/follows', '1'],
      ]
      const found = ids.find(([p]) => prefix.startsWith(p))
      if (!found) throw new Error(`no fixture for :id in ${key}`)
      return found[1]
    }
    return pattern
      .replace(/:strategyId/, pattern.startsWith('/api/') ? 'best-chance-2022-25' : 'jlhws-2023-28')
      .replace(/:id\b/, () => idFor(pattern))
  }

  async function request(persona: Persona, method: string, url: string): Promise<LightMyRequestResponse> {
    if (persona === 'public') {
      if (method === 'GET') return t.app.inject({ method: 'GET', url })
      const form = await t.app.inject({ url: '/sign-in' })
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: form.cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
        payload: { _csrf: token },
      })
    }
    // Signing out ends the session, so it gets a session of its own.
    const session =
      method === 'POST' && url === '/sign-out' ? await signIn(t.app, users[persona].email) : users[persona]
    if (method === 'GET') return t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } })
    return t.app.inject({ method: 'POST', url, headers: { cookie: session.cookie }, payload: { _csrf: session.csrf } })
  }

  const refused = (persona: Persona, res: LightMyRequestResponse) =>
    res.statusCode === 403 ||
    (persona === 'public' &&
      (res.statusCode === 401 || (res.statusCode === 302 && String(res.headers.location).startsWith('/sign-in?'))))

  it('has every registered route in the table, and nothing in the table that is not registered', () => {
    const registered = new Set(
      t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && !isStatic(r.url)).map((r) => `${r.method} ${r.url}`),
    )
    expect([...registered].filter((r) => !(r in allowed)).sort()).toEqual([])
    expect(
      Object.keys(allowed)
        .filter((r) => !registered.has(r))
        .sort(),
    ).toEqual([])
  })

  it('allows exactly the people the table names, route by route, and refuses everyone else', async () => {
    const routes = t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && !isStatic(r.url))
    const wrong: string[] = []
    // Refusals first, so a route that changes something (archive, end, disable) is refused before it is used.
    const order: Persona[] = ['public', 'ownerB', 'analyst', 'approver', 'boardMember', 'ownerA', 'administrator']
    for (const route of routes) {
      const key = `${route.method} ${route.url}`
      const url = urlFor(route.method, route.url)
      for (const persona of order) {
        const res = await request(persona, route.method, url)
        const expected = allowed[key]!.includes(persona) ? 'allowed' : 'refused'
        const actual = refused(persona, res)
          ? 'refused'
          : res.statusCode >= 500
            ? `server error ${res.statusCode}`
            : 'allowed'
        if (actual !== expected)
          wrong.push(`${key} (${url}) as ${persona}: expected ${expected}, got ${actual} (${res.statusCode})`)
      }
    }
    expect(wrong).toEqual([])
  }, 600_000)

  it('reaches the records it means to: owner A really can, owner B really cannot, change A’s action', async () => {
    const edit = `/actions/${fixtures.actionA}/edit`
    expect((await request('ownerA', 'GET', edit)).statusCode).toBe(200)
    expect((await request('ownerB', 'GET', edit)).statusCode).toBe(403)
  })
})
