/**
 * The board pack's content on both engines, from the live data: every planted exception appears
 * with its reasons, an exception without commentary says so (its commentary is null, never blank
 * words), the scope follows the board network, the public version drops board-only items, and a
 * meeting with nothing in scope still gives a pack that says so. Test data is SYNTHETIC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import {
  importGld,
  LAST_MEETING_DAY,
  PARTNERSHIP,
  PLANTED,
  plantPack,
  type PlantedPack,
} from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { publicVersion } from '../../src/modules/reports/pack.build.js'
import { createMeeting } from '../../src/modules/boards/boards.service.js'
import { createRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'
import { ORG_A } from '../helpers/accounts.js'
import type { StrategyReadModel } from '../../src/modules/strategy/strategy.read-model.js'

const riskFields = {
  kind: 'risk',
  cause: 'Synthetic cause',
  effect: 'Synthetic effect',
  organisationId: ORG_A,
  ownerRole: 'Head of Early Help',
  inherentLikelihood: '3',
  inherentImpact: '3',
  residualLikelihood: '2',
  residualImpact: '2',
  reviewDate: '2099-01-31',
  status: 'open',
}

describe.each(engines)('board pack content (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let model: StrategyReadModel
  let planted: PlantedPack
  const deps = () => ({ db: t.database.db, model, threshold: t.config.disclosureThreshold })
  const partnership = () => model.find('body', PARTNERSHIP.boardId, PARTNERSHIP.strategyId)!

  beforeAll(async () => {
    t = await createTestApp(engine)
    model = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
    planted = await plantPack(t.database.db, model)
    model = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
  }, 240_000)
  afterAll(async () => t?.close())

  it('lists every planted exception with its reasons', async () => {
    const pack = await preparePack(deps(), partnership(), planted.meetingId)
    const byTitle = (text: string) => pack.exceptions.find((e) => e.title.includes(text) || e.reference.includes(text))
    expect(byTitle(PLANTED.indicator)?.reasons).toEqual([
      'Significantly worse than England and London',
      'Getting worse (recent trend: decreasing and getting worse)',
    ])
    expect(byTitle(PLANTED.offTrack)?.reasons).toContain('Off track')
    expect(byTitle(PLANTED.overdue)?.reasons).toEqual(['Overdue: it was due on 30 June 2024'])
    expect(byTitle(PLANTED.stale)?.reasons).toEqual(['No progress update for 10 weeks'])
    expect(byTitle(PLANTED.aboveAppetite)?.reasons).toContain(
      'Above the board’s appetite: residual score 16 (Very high)',
    )
    expect(byTitle(PLANTED.escalated)?.reasons[0]).toMatch(
      /^Escalated to this board from Subgroups \(to be determined\) on /,
    )
    expect(byTitle(PLANTED.closed)?.reasons).toContain('Closed since the last meeting')
    // No story and no update were written: null, so the pack says so rather than printing nothing.
    expect(byTitle(PLANTED.indicator)?.commentary).toBeNull()
    expect(byTitle(PLANTED.offTrack)?.commentary).toBeNull()
    expect(byTitle(PLANTED.escalated)?.commentary).toBe('Synthetic reason: the subgroup cannot fill the posts')
  })

  it('gives the indicator exception a turn-the-curve page with its history and linked action', async () => {
    const pack = await preparePack(deps(), partnership(), planted.meetingId)
    const curve = pack.curves.find((c) => c.indicatorId === 'gld-eyfs')!
    expect(curve.points.map((p) => [p.period, p.value, p.england, p.london])).toEqual([
      ['2017/18', 72, 68, 70],
      ['2018/19', 70, 68, 70],
      ['2019/20', 68, 68, 70],
      ['2020/21', 66, 68, 70],
      ['2021/22', 64, 68, 70],
      ['2022/23', 60, 68, 70],
    ])
    // No interval was published: the indicator's own method (Wilson) works it out from 600 of 1,000.
    expect(curve.points.at(-1)!.lower).toBeCloseTo(56.93, 2)
    expect(curve.points.at(-1)!.upper).toBeCloseTo(62.99, 2)
    expect(curve.actions.map((a) => a.title)).toEqual([PLANTED.offTrack])
    expect(curve.storyMd).toBeNull()
  })

  it('covers the Partnership’s four outcomes, and what answers to it', async () => {
    const pack = await preparePack(deps(), partnership(), planted.meetingId)
    expect(pack.scorecards.map((s) => s.id)).toEqual(model.items('best-chance-2022-25', 'outcome').map((o) => o.id))
    expect(pack.scope.boards.map((b) => b.id)).toEqual([
      'best-chance-partnership',
      'partnership-subgroups',
      'locality-forums',
    ])
    expect(pack.since.since).toBe(LAST_MEETING_DAY)
    expect(pack.arising.decisions.map((d) => d.text)).toEqual([PLANTED.decision])
    expect(pack.arising.actions.map((a) => a.title)).toEqual([PLANTED.arising])
    expect(JSON.parse(JSON.stringify(pack))).toEqual(pack)
  })

  it('gives a subgroup only what it owns, and the Health and Wellbeing Board the Partnership’s outcomes', async () => {
    const subgroups = model.find('body', 'partnership-subgroups', PARTNERSHIP.strategyId)!
    const own = 'Synthetic risk: the subgroup’s own'
    await createRisk(
      t.database.db,
      model,
      riskSchema.parse({ ...riskFields, title: own, currentBoardId: subgroups.id }),
      'test',
    )
    const meeting = await createMeeting(
      t.database.db,
      { strategyId: PARTNERSHIP.strategyId, boardId: subgroups.id },
      { meetsOn: '2099-03-01', title: 'Subgroup (synthetic)', location: null, status: 'planned', public: false },
      planted.administrator,
    )
    const pack = await preparePack(deps(), subgroups, meeting)
    expect(pack.scorecards).toEqual([])
    // The escalated risk moved up to the Partnership: it is no longer the subgroup's.
    expect(pack.appendices.risks.map((r) => r.title)).toEqual([own])
    expect(pack.appendices.actions).toEqual([])
    const hwb = model.find('body', 'health-and-wellbeing-board', PARTNERSHIP.strategyId)!
    const hwbMeeting = await createMeeting(
      t.database.db,
      { strategyId: PARTNERSHIP.strategyId, boardId: hwb.id },
      { meetsOn: '2025-03-02', title: 'HWB (synthetic)', location: null, status: 'held', public: true },
      planted.administrator,
    )
    expect((await preparePack(deps(), hwb, hwbMeeting)).scorecards).toHaveLength(4)
  })

  it('says so on the cover when nothing is in scope', async () => {
    const forums = model.find('body', 'schools-forum', PARTNERSHIP.strategyId)!
    const meeting = await createMeeting(
      t.database.db,
      { strategyId: PARTNERSHIP.strategyId, boardId: forums.id },
      { meetsOn: '2025-03-03', title: 'Forum (synthetic)', location: null, status: 'held', public: true },
      planted.administrator,
    )
    const pack = await preparePack(deps(), forums, meeting)
    expect(pack.empty).toBe(true)
    expect(pack.exceptions).toEqual([])
  })

  it('leaves board-only items out of the public version', async () => {
    const pack = publicVersion(await preparePack(deps(), partnership(), planted.meetingId))
    expect(pack.exceptions.some((e) => e.kind === 'risk')).toBe(false)
    expect(pack.appendices.risks).toEqual([])
    expect(pack.papers.map((p) => p.title)).not.toContain(PLANTED.restrictedPaper)
    expect(pack.exceptions.some((e) => e.title === PLANTED.offTrack)).toBe(true)
  })

  // Last: it rewrites when the planted figures were recorded.
  it('shows, since the last meeting, a figure the board could have seen that an import has revised', async () => {
    // Every figure held was recorded before the last meeting; only the planted one is revised after it.
    await t.database.db
      .updateTable('data_points')
      .set({ recorded_at: new Date('2025-01-02T12:00:00Z') })
      .where('replaced_at', 'is', null)
      .execute()
    await importGld(t.database.db, 620)
    const pack = await preparePack(deps(), partnership(), planted.meetingId)
    expect(pack.since.revisions.map((r) => [r.title, r.period, r.before])).toEqual([
      [PLANTED.indicator, '2022/23', '60.0%, as it stood on 15 January 2025'],
    ])
    expect(pack.since.revisions[0]!.after).toMatch(/^62.0%, revised on \d+ \w+ \d{4}$/)
    // Nothing else changed: no new figures (the unchanged indicators were not read twice, and agree).
    expect(pack.since.newData).toEqual([])
    expect(pack.since.changed).toEqual([])
  })
})
