/**
 * Text people type (titles, commentary, reasons) is shown escaped on every page that shows it:
 * a partner's typing can never run script in a resident's browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { ORG_A, signInAs, type TestUser } from '../helpers/accounts.js'
import { addProgressUpdate, createAction } from '../../src/modules/delivery/delivery.service.js'
import { createRisk, escalateRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'
import { createMeeting } from '../../src/modules/boards/boards.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'

const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'

describe.each(engines)('typed text is escaped (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  const urls: string[] = []
  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    admin = await signInAs(t.app, db, 'administrator')
    const user = {
      id: admin.id,
      email: admin.email,
      displayName: attack,
      role: 'administrator' as const,
      organisationId: null,
    }
    const action = await createAction(
      db,
      { title: attack, description: attack, organisationId: ORG_A, leadRole: attack, indicatorIds: ['gld-eyfs'] },
      'test',
    )
    await addProgressUpdate(db, action.id, { updateDate: '2026-01-05', status: 'at_risk', commentary: attack }, 'test')
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const risk = await createRisk(
      db,
      model,
      riskSchema.parse({
        kind: 'risk',
        title: attack,
        cause: attack,
        effect: attack,
        organisationId: ORG_A,
        ownerRole: attack,
        inherentLikelihood: '3',
        inherentImpact: '3',
        residualLikelihood: '2',
        residualImpact: '3',
        reviewDate: '2099-01-01',
        status: 'open',
        currentBoardId: 'partnership-subgroups',
      }),
      'test',
    )
    await escalateRisk(
      db,
      model,
      risk.id,
      { target: 'board:best-chance-partnership', organisationId: null, representativeRole: null, reason: attack },
      user,
    )
    const meeting = await createMeeting(
      db,
      { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' },
      { meetsOn: '2026-01-15', title: attack, location: attack, status: 'held', public: true },
      user,
    )
    urls.push(
      '/actions',
      `/actions/${action.id}`,
      '/indicators/gld-eyfs',
      `/risks/${risk.id}`,
      '/risks',
      '/boards/best-chance-partnership',
      `/meetings/${meeting}`,
      '/boards/forward-plan',
      `/audit/action/${action.id}`,
      `/audit/risk/${risk.id}`,
      '/my-work',
    )
  }, 180_000)
  afterAll(async () => t?.close())

  it('never sends the typed markup back as markup', async () => {
    for (const url of urls) {
      const res = await t.app.inject({ url, headers: { cookie: admin.cookie } })
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).not.toContain('<script>alert')
      expect(res.body, url).not.toContain('<img src=x')
    }
    // It is shown, as text, where it belongs.
    expect((await t.app.inject({ url: urls[1]!, headers: { cookie: admin.cookie } })).body).toContain(
      '&lt;script&gt;alert(',
    )
  })
})
