/**
 * The route × role matrix for visibility tiers (issue #16): a board-tier indicator is seen by a
 * board member of a board whose scope includes it, and refused (404, or simply absent) to the
 * public, a partner and a board member of a board whose scope does not, on every route that shows
 * figures: the indicator page and its downloads, the API, the open data downloads, search, the
 * overview, the indicators list and the outcome page. Feeds and embeds are public only, so they
 * refuse it to everyone. Each route is asked by the board member in scope first, so a response the
 * page cache kept for them would be caught being served to the rest. A partners-tier breakdown of
 * a public indicator is seen by every signed-in account and never by the public; its small counts
 * stay suppressed unless the data-sharing basis allows. Synthetic figures; both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { addMembership } from '../../src/modules/boards/boards.service.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { setTier } from '../helpers/tiers.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { boardsByIndicator } from '../../src/modules/boards/board-scope.js'
import { seatedBoards } from '../../src/modules/boards/board-seats.repository.js'
import { todayInLondon } from '../../src/lib/dates.js'
import { createMeeting } from '../../src/modules/boards/boards.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'

/** The board-tier fixture: a shipped indicator given a tier in this test's database only. */
const BOARD = 'gld-eyfs'
/** A public indicator whose "Free school meals" breakdown is for partners only. */
const PARTNERS = 'year-6-obesity'
const STRATEGY = 'best-chance-2022-25'
const IN_SCOPE = `${STRATEGY}:best-chance-partnership`
const NOT_IN_SCOPE = `${STRATEGY}:partnership-subgroups`
const years = ['2019/20', '2020/21', '2021/22', '2022/23']
const HEAD = 'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,source'
/** SYNTHETIC figures. 61.7 marks the board-tier indicator; the breakdown's 3 of 40 is a small count. */
const CSV = [
  HEAD,
  ...years.map(
    (y, i) => `${BOARD},E09000002,${y},,,,,${(58.7 + i).toFixed(1)},${1761 + 30 * i},3000,Synthetic tiers data`,
  ),
  ...years.map(
    (y, i) => `${PARTNERS},E09000002,${y},,,,,${(30.1 + i).toFixed(1)},${903 + 30 * i},3000,Synthetic tiers data`,
  ),
  `${PARTNERS},E09000002,2022/23,,,Free school meals,Eligible,7.5,3,40,Synthetic tiers data`,
  `${PARTNERS},E09000002,2022/23,,,Free school meals,Not eligible,33.3,990,2960,Synthetic tiers data`,
].join('\n')

const personas = ['boardInScope', 'public', 'partner', 'boardNotInScope'] as const
type Persona = (typeof personas)[number]

describe.each(engines)('visibility tiers on every figure route (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const users = {} as Record<Exclude<Persona, 'public'>, TestUser>
  let title = ''

  const get = (persona: Persona, url: string) =>
    t.app.inject({ method: 'GET', url, headers: persona === 'public' ? {} : { cookie: users[persona].cookie } })

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    const report = await importData(db, [CSV], { sourceName: 'tiers.csv', format: 'template', actor: 'test' })
    expect(report.stored).toBe(true)
    await setTier(db, BOARD, { visibility: 'board' })
    await setTier(db, PARTNERS, { breakdown_visibility: { 'Free school meals': 'partners' } })
    const admin = 'test'
    const seat = (board: string, organisationId: string) =>
      addMembership(
        db,
        { strategyId: STRATEGY, boardId: board.split(':')[1]! },
        { roleTitle: 'Synthetic seat', organisationId, memberKind: 'member', fromDate: '2024-01-01', toDate: null },
        admin,
      )
    await seat(IN_SCOPE, ORG_A)
    await seat(NOT_IN_SCOPE, ORG_B)
    users.boardInScope = await signInAs(t.app, db, 'board_member', ORG_A)
    users.boardNotInScope = await signInAs(t.app, db, 'board_member', ORG_B)
    users.partner = await signInAs(t.app, db, 'owner', ORG_A)
    const m = await strategyService(db, t.config.primaryStrategy).readModel()
    title = m.find('indicator', BOARD, STRATEGY)!.title
  }, 240_000)
  afterAll(async () => t?.close())

  it('has the fixture it means: the partnership’s scope holds the indicator, the subgroup’s does not', async () => {
    const db = t.database.db
    const m = await strategyService(db, t.config.primaryStrategy).readModel()
    const boards = boardsByIndicator(m).get(BOARD) ?? []
    expect(boards).toContain(IN_SCOPE)
    expect(boards).not.toContain(NOT_IN_SCOPE)
    expect(await seatedBoards(db, ORG_A, todayInLondon())).toEqual([IN_SCOPE])
    expect(await seatedBoards(db, ORG_B, todayInLondon())).toEqual([NOT_IN_SCOPE])
  })

  /** Routes that answer 200 to those allowed and 404 to the rest. */
  const pages = [
    `/indicators/${BOARD}`,
    `/indicators/${BOARD}/data/history.csv`,
    `/api/v1/indicators/${BOARD}`,
    `/api/v1/indicators/${BOARD}/data`,
    `/api/v1/indicators/${BOARD}/summaries`,
    `/api/v1/data?indicator=${BOARD}`,
  ]
  /**
   * Routes every viewer gets, which mention the indicator only to those allowed. The home page
   * (headline counts and exceptions) and the Fingertips download (indicators with a Fingertips id)
   * need not mention it to anyone; they must not to those refused.
   */
  const neverListing = new Set(['/', '/downloads/latest/fingertips.csv', '/feed.xml'])
  const lists = [
    '/',
    '/indicators',
    '/outcomes/best-start',
    `/search?q=${encodeURIComponent(title.split(' ').slice(0, 3).join(' ') || 'development')}`,
    '/api/v1/indicators',
    '/api/v1/outcomes/best-start',
    '/downloads/latest/data.csv',
    '/downloads/latest/data.json',
    '/downloads/latest/fingertips.csv',
    '/open-data',
    '/coverage',
    '/feed.xml',
  ]
  const mentions = (body: string) =>
    body.includes(`/indicators/${BOARD}`) || body.includes(`"${BOARD}"`) || body.includes(`${BOARD},`)

  it('shows a board-tier indicator to a board member in scope, and refuses it to everyone else, route by route', async () => {
    const wrong: string[] = []
    for (const url of pages)
      for (const persona of personas) {
        const res = await get(persona, url)
        const expected = persona === 'boardInScope' ? 200 : 404
        if (res.statusCode !== expected) wrong.push(`${url} as ${persona}: ${res.statusCode}, expected ${expected}`)
        if (persona !== 'boardInScope' && /61\.7|1851/.test(res.body))
          wrong.push(`${url} as ${persona}: shows a figure`)
      }
    for (const url of lists)
      for (const persona of personas) {
        const res = await get(persona, url)
        if (res.statusCode !== 200) wrong.push(`${url} as ${persona}: ${res.statusCode}`)
        // The feed is public only: nobody finds the board-tier indicator in it.
        const expected = persona === 'boardInScope'
        if (mentions(res.body) !== expected && (expected ? !neverListing.has(url) : true))
          wrong.push(`${url} as ${persona}: ${expected ? 'does not mention' : 'mentions'} the board-tier indicator`)
      }
    expect(wrong).toEqual([])
  }, 240_000)

  it('shows the board member in scope its figures, marked as restricted', async () => {
    const page = await get('boardInScope', `/indicators/${BOARD}`)
    expect(page.body).toContain('Restricted: board only')
    // Never kept by a browser or proxy, nor by the page cache (the routes above asked as the public after).
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toMatch(/61\.7/)
    const api = JSON.parse((await get('boardInScope', `/api/v1/indicators/${BOARD}/data`)).body)
    expect(api.data.length).toBe(years.length)
  })

  it('never embeds or feeds a restricted indicator, whoever asks', async () => {
    for (const persona of personas)
      for (const url of [
        `/embed/indicators/${BOARD}`,
        `/embed/indicators/${BOARD}/chart.svg`,
        `/embed/indicators/${BOARD}/chart.png`,
        `/indicators/${BOARD}/feed.xml`,
      ])
        expect([url, persona, (await get(persona, url)).statusCode]).toEqual([url, persona, 404])
  })

  it('shows a partners-tier breakdown to signed-in accounts only, its small count still suppressed', async () => {
    const rows = async (persona: Persona) =>
      (
        JSON.parse((await get(persona, `/api/v1/indicators/${PARTNERS}/data`)).body).data as {
          category_type: string
          value: number | null
          count: number | null
        }[]
      ).filter((r) => r.category_type === 'Free school meals')
    expect(await rows('public')).toEqual([])
    for (const persona of ['partner', 'boardNotInScope', 'boardInScope'] as const) {
      const seen = await rows(persona)
      expect(seen.length).toBe(2)
      expect(seen.some((r) => r.count === 3 || r.value === 7.5)).toBe(false)
    }
    const publicPage = await get('public', `/indicators/${PARTNERS}`)
    expect(publicPage.statusCode).toBe(200)
    expect(publicPage.body).not.toContain('Free school meals')
    expect(publicPage.body).not.toContain('Restricted:')
    // Both groups are suppressed (3 of 40, and the other by subtraction), so the page has no chart
    // of them; the tag says restricted figures are among those shown.
    const partnerPage = await get('partner', `/indicators/${PARTNERS}`)
    expect(partnerPage.body).toContain('Restricted: partners only')
  })

  it('leaves a board-tier indicator out of a board pack, which may be published', async () => {
    const db = t.database.db
    const m = await strategyService(db, t.config.primaryStrategy).readModel()
    const board = m.find('body', IN_SCOPE.split(':')[1]!, STRATEGY)!
    const meeting = await createMeeting(
      db,
      { strategyId: STRATEGY, boardId: board.id },
      { meetsOn: '2026-01-15', title: 'Tiers meeting (synthetic)', location: null, status: 'held', public: true },
      'test',
    )
    const pack = await preparePack({ db, model: m, threshold: t.config.disclosureThreshold }, board, meeting)
    const ids = pack.scorecards.flatMap((c) => c.rows.map((r) => r.indicatorId))
    expect(ids.length).toBeGreaterThan(0)
    expect(ids).not.toContain(BOARD)
  })

  it('gives a restricted breakdown’s small counts back whole where the data-sharing basis allows', async () => {
    await setTier(t.database.db, PARTNERS, {
      data_sharing: { unsuppressed: true, basis: 'Synthetic data-sharing agreement for this test' },
    })
    const rows = async (persona: Persona) =>
      (
        JSON.parse((await get(persona, `/api/v1/indicators/${PARTNERS}/data`)).body).data as {
          category: string
          count: number | null
        }[]
      ).filter((r) => r.category === 'Eligible')
    expect((await rows('partner'))[0]?.count).toBe(3)
    expect(await rows('public')).toEqual([])
    const download = await get('public', '/downloads/latest/data.csv')
    expect(download.body).not.toContain('Free school meals')
  })
})
