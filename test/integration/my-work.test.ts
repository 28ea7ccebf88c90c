/**
 * "My work" for each role: an analyst sees indicators waiting for a story (and loses one from the
 * list by writing its story); a board member sees the boards their organisation sits on; a board
 * member with no organisation is told why there is nothing and whom to ask.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { createUser, ORG_A, signInAs } from '../helpers/accounts.js'
import { saveCommentary } from '../../src/modules/indicators/commentary.service.js'
import { addMembership, createMeeting } from '../../src/modules/boards/boards.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { saveDraft } from '../../src/modules/reports/packs.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { todayInLondon } from '../../src/lib/dates.js'
import type { SessionUser } from '../../src/modules/accounts/access.js'
import { PARTNERSHIP } from '../helpers/pack-fixtures.js'

describe.each(engines)('My work (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => t?.close())

  const page = async (who: { cookie: string }) =>
    (await t.app.inject({ url: '/my-work', headers: { cookie: who.cookie } })).body
  const section = (body: string, qa: string) => body.split(`data-qa="${qa}"`)[1]?.split('</ul>')[0] ?? ''

  it('shows an analyst the indicators with data and no story, until a story is written', async () => {
    const analyst = await signInAs(t.app, t.database.db, 'analyst')
    const withData = await t.database.db
      .selectFrom('data_points')
      .select('indicator_id')
      .where('replaced_at', 'is', null)
      .distinct()
      .execute()
    const before = await page(analyst)
    expect(before).toContain('Indicators with new data and no story')
    expect(before).toContain('Your imports')
    if (!withData.length) return
    const id = withData[0]!.indicator_id
    expect(section(before, 'no-story')).toContain(`href="/indicators/${id}"`)
    await saveCommentary(
      t.database.db,
      id,
      { storyMd: 'What the figures say.', partnersMd: '', whatWorksMd: '' },
      0,
      'test',
    )
    expect(section(await page(analyst), 'no-story')).not.toContain(`href="/indicators/${id}"`)
  })

  it('shows a board member their organisation’s boards, and one without an organisation whom to ask', async () => {
    const seats = await t.database.db
      .selectFrom('board_memberships')
      .select(['organisation_id'])
      .where('to_date', 'is', null)
      .where('archived_at', 'is', null)
      .execute()
    const organisation = seats.find((s) => s.organisation_id === ORG_A)?.organisation_id ?? seats[0]?.organisation_id
    if (organisation) {
      const member = await signInAs(t.app, t.database.db, 'board_member', organisation)
      const body = await page(member)
      expect(body).toMatch(/<h2 class="govuk-heading-m"><a class="govuk-link" href="\/boards\//)
      expect(body).toMatch(/Next meeting:|No meeting is planned\./)
    }
    const lost = await signInAs(t.app, t.database.db, 'board_member', null)
    expect(await page(lost)).toContain('Ask an administrator of the service to set your organisation')
  })

  it('lists, for each board, the newest pack of each coming meeting to read, and none of a meeting held', async () => {
    const { db } = t.database
    const user = await createUser(db, 'administrator', null)
    const administrator: SessionUser = { ...user, displayName: 'Test administrator', organisationId: null }
    await addMembership(
      db,
      PARTNERSHIP,
      {
        roleTitle: 'Director of Children’s Services',
        organisationId: ORG_A,
        memberKind: 'member',
        fromDate: '2024-01-01',
        toDate: null,
      },
      administrator,
    )
    const meeting = (meetsOn: string, status: 'held' | 'planned') =>
      createMeeting(
        db,
        PARTNERSHIP,
        { meetsOn, title: `Partnership meeting, ${status} (synthetic)`, location: null, status, public: true },
        administrator,
      )
    const coming = await meeting(todayInLondon(new Date(Date.now() + 20 * 86_400_000)), 'planned')
    const held = await meeting('2025-03-12', 'held')
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const board = model.find('body', PARTNERSHIP.boardId, PARTNERSHIP.strategyId)!
    const draft = async (meetingId: string) =>
      (
        await saveDraft(
          db,
          await preparePack({ db, model, threshold: t.config.disclosureThreshold }, board, meetingId),
          null,
          'test',
        )
      ).id
    const first = await draft(coming)
    const second = await draft(coming)
    const past = await draft(held)

    const member = await signInAs(t.app, db, 'board_member', ORG_A)
    const body = await page(member)
    expect(body).toContain('Packs to read')
    expect(body).toContain(`href="/packs/${second}">Performance pack, version 2, a draft`)
    expect(body).not.toContain(`href="/packs/${first}"`)
    expect(body).not.toContain(`href="/packs/${past}"`)
  })
})
