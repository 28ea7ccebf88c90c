/**
 * Meetings held in public, as a signed-out visitor sees them, on both engines: the list at
 * /governance/meetings (public meetings only, newest first) and a meeting's page with its agenda in
 * order, public papers, decisions and its signed-off pack; a meeting held in private answers 404,
 * and a restricted paper or a withdrawn agenda item, paper or decision never appears. Linked from
 * /governance and from the signed-in meeting page. Test data is SYNTHETIC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { signInAs, type TestUser } from '../helpers/accounts.js'
import { PARTNERSHIP } from '../helpers/pack-fixtures.js'
import { addAgendaItem, addDecision, addPaper, createMeeting } from '../../src/modules/boards/boards.service.js'
import { withdrawRecord } from '../../src/modules/boards/boards.records.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { saveDraft, signOff } from '../../src/modules/reports/packs.service.js'

const SHOWN = {
  meeting: 'Partnership meeting in public, March (synthetic)',
  later: 'Partnership meeting in public, June (synthetic)',
  item1: 'Synthetic agenda: the outcomes report',
  item3: 'Synthetic agenda: any other business',
  paper: 'Synthetic public paper: the outcomes report',
  decision: 'Synthetic decision: the partnership agrees the outcomes report',
}
const NEVER = {
  privateMeeting: 'Partnership meeting in private (synthetic)',
  privateItem: 'Synthetic agenda: a private matter',
  withdrawnItem: 'Synthetic agenda: an item withdrawn',
  restricted: 'Synthetic restricted paper: staffing detail',
  withdrawnPaper: 'Synthetic paper withdrawn: draft figures',
  withdrawnDecision: 'Synthetic decision withdrawn: recorded in error',
}

describe.each(engines)('meetings held in public (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  let open: string
  let later: string
  let closed: string
  let packId: string

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    admin = await signInAs(t.app, db, 'administrator')
    const meeting = (title: string, meetsOn: string, isPublic: boolean) =>
      createMeeting(
        db,
        PARTNERSHIP,
        { meetsOn, title, location: 'Barking Town Hall', status: 'held', public: isPublic },
        'test',
      )
    open = await meeting(SHOWN.meeting, '2025-03-12', true)
    later = await meeting(SHOWN.later, '2025-06-11', true)
    closed = await meeting(NEVER.privateMeeting, '2025-04-09', false)
    const item = (meetingId: string, title: string) =>
      addAgendaItem(db, meetingId, { title, purpose: 'decision', presenterRole: 'Director of Public Health' }, 'test')
    const item1 = await item(open, SHOWN.item1)
    const withdrawnItem = await item(open, NEVER.withdrawnItem)
    await item(open, SHOWN.item3)
    await item(closed, NEVER.privateItem)
    const paper = (title: string, restricted: boolean) =>
      addPaper(db, open, { title, url: 'https://example.org/paper', restricted, agendaItemId: item1 }, 'test')
    await paper(SHOWN.paper, false)
    await paper(NEVER.restricted, true)
    const withdrawnPaper = await paper(NEVER.withdrawnPaper, false)
    const decision = (text: string) =>
      addDecision(db, open, { text, decidedOn: '2025-03-12', agendaItemId: item1 }, 'test')
    await decision(SHOWN.decision)
    const withdrawnDecision = await decision(NEVER.withdrawnDecision)
    await withdrawRecord(db, 'agenda', open, withdrawnItem, 'Synthetic reason: not taken', 'test')
    await withdrawRecord(db, 'papers', open, withdrawnPaper, 'Synthetic reason: superseded', 'test')
    await withdrawRecord(db, 'decisions', open, withdrawnDecision, 'Synthetic reason: recorded in error', 'test')
    // A signed-off pack for the public meeting (its PDF's bytes are not what this test is about).
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const board = model.find('body', PARTNERSHIP.boardId, PARTNERSHIP.strategyId)!
    const content = await preparePack({ db, model, threshold: t.config.disclosureThreshold }, board, open, '2025-03-01')
    const draft = await saveDraft(db, content, null, 'test')
    const pdf = Buffer.from('%PDF-1.7 synthetic')
    packId = (await signOff(db, draft.id, pdf, 'test', true, 'Administrator', pdf)).id
  }, 240_000)
  afterAll(async () => t?.close())

  const get = (url: string, user?: TestUser) => t.app.inject({ url, headers: user ? { cookie: user.cookie } : {} })

  it('lists the meetings held in public to a signed-out visitor, newest first', async () => {
    const res = await get('/governance/meetings')
    expect(res.statusCode).toBe(200)
    const links = [...res.body.matchAll(/href="\/governance\/meetings\/(\d+)"/g)].map((m) => m[1])
    expect(links).toEqual([later, open])
    expect(res.body).toContain('Best Chance 0-25 Partnership')
    expect(res.body).toContain('12 March 2025')
    expect(res.body).not.toContain(NEVER.privateMeeting)
  })

  it('shows a public meeting’s agenda in order, public papers, decisions and its published pack', async () => {
    const res = await get(`/governance/meetings/${open}`)
    expect(res.statusCode).toBe(200)
    const body = res.body
    expect(body).toContain('Barking Town Hall')
    expect(body.indexOf(SHOWN.item1)).toBeGreaterThan(-1)
    expect(body.indexOf(SHOWN.item3)).toBeGreaterThan(body.indexOf(SHOWN.item1))
    expect(body).toContain(`<a class="govuk-link" href="https://example.org/paper" rel="noopener">${SHOWN.paper}</a>`)
    expect(body).toContain(SHOWN.decision)
    expect(body).toMatch(
      /<td class="govuk-table__cell">12 March 2025<\/td>\s*<td class="govuk-table__cell">Synthetic decision: the partnership agrees/,
    )
    expect(body).toContain(`href="/reports/${packId}"`)
    expect(body).not.toMatch(/<form|<input|<textarea|<select/)
    expect(body).not.toMatch(/attendance|apologies/i)
  })

  it('never shows a restricted paper or a withdrawn agenda item, paper or decision', async () => {
    for (const url of ['/governance/meetings', `/governance/meetings/${open}`, `/governance/meetings/${later}`]) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(200)
      for (const text of Object.values(NEVER)) expect(res.body, url).not.toContain(text)
    }
  })

  it('answers 404 for a meeting held in private, as for one that does not exist', async () => {
    for (const id of [closed, '999999', 'not-a-number']) {
      const res = await get(`/governance/meetings/${id}`)
      expect(res.statusCode, id).toBe(404)
      for (const text of Object.values(NEVER)) expect(res.body).not.toContain(text)
    }
    expect((await get(`/governance/meetings/${later}`)).body).not.toContain('/reports/')
  })

  it('is linked from /governance and from the signed-in page of a public meeting only', async () => {
    expect((await get('/governance')).body).toContain('href="/governance/meetings"')
    const signedIn = await get(`/meetings/${open}`, admin)
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.body).toContain(`href="/governance/meetings/${open}"`)
    expect(signedIn.body).toContain('Public page for this meeting')
    const privatePage = await get(`/meetings/${closed}`, admin)
    expect(privatePage.statusCode).toBe(200)
    expect(privatePage.body).not.toContain('Public page for this meeting')
  })
})
