/**
 * Issue 16, items 2 and 3, on both engines: an import lands as a draft release that no public page,
 * download, API route or feed shows (a crawl of the public site looks for its planted values), that
 * analysts see under a "draft" banner; quality checks and approval with their refusals (your own
 * import, a time in the past, a revision without a note); pre-release access that ends at the
 * release time; and, once published, the amendment on the indicator page, in the feed and in the
 * API, with `as_of` before the release still giving the figures as they were. The figures are
 * synthetic test data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { signInAs, type TestUser } from '../helpers/accounts.js'
import { crawl, type CrawlSeeds, type Fetched } from '../helpers/public-crawl.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { webActor } from '../../src/db/changes/actor.js'
import { publishDueReleases } from '../../src/modules/indicators/releases/releases.service.js'
import { findRelease } from '../../src/modules/indicators/releases/releases.repository.js'
import { londonDate, nextDay, todayInLondon } from '../../src/lib/dates.js'

const INDICATOR = 'year-6-obesity'
const BD = 'E09000002'
/** The published seed figure the draft revises, and the draft's two planted values. */
const PUBLISHED = '33.2'
const REVISED = '47.3'
const NEW_PERIOD = '51.9'
const SOURCE = 'Synthetic release test figures (not real data)'
const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'
const draftFile = [
  header,
  `${INDICATOR},${BD},2021/22,,,,,${REVISED},,,,,,,,${SOURCE},`,
  `${INDICATOR},${BD},2022/23,,,,,${NEW_PERIOD},,,,,,,,${SOURCE},`,
].join('\n')
const NOTE = 'The 2021/22 figure was corrected: the first figure used the previous year’s population'

const planted = (f: Fetched) =>
  [REVISED, NEW_PERIOD].filter((v) => f.text.includes(v)).map((v) => `the draft value ${v}`)

const SEEDS: CrawlSeeds = {
  searchWords: ['obesity'],
  parameter: (name, before, where) => {
    if (/as_of/i.test(name)) return [todayInLondon(), nextDay(todayInLondon())]
    if (/area|code/i.test(name) || /area/i.test(before)) return [BD]
    if (/indicator|id/i.test(name) || /indicator/i.test(before)) return where === 'path' ? [INDICATOR] : [INDICATOR]
    return []
  },
  leaksOf: planted,
}

const form = (user: TestUser, payload: Record<string, string | string[]>) => ({
  headers: { cookie: user.cookie },
  payload: { _csrf: user.csrf, ...payload },
})

describe.each(engines)('the release workflow on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let analyst: TestUser
  let importer: TestUser
  let approver: TestUser
  let boardMember: TestUser
  let releaseId: string
  const strategyIds: string[] = []

  beforeAll(async () => {
    t = await createTestApp(engine, { RELEASE_WORKFLOW: 'on' })
    const db = t.database.db
    analyst = await signInAs(t.app, db, 'analyst')
    importer = await signInAs(t.app, db, 'administrator')
    approver = await signInAs(t.app, db, 'administrator')
    boardMember = await signInAs(t.app, db, 'board_member', 'lbbd')
    // As if the shipped figure had been published two days ago (the database sets the time itself).
    await db
      .updateTable('data_points')
      .set({ recorded_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('indicator_id', '=', INDICATOR)
      .execute()
    const report = await importData(db, [draftFile], {
      sourceName: 'release-test.csv',
      format: 'template',
      actor: webActor({ id: importer.id, email: importer.email, displayName: 'Importer', organisationId: null }),
      draft: t.config.releases.workflow,
    })
    expect(report).toMatchObject({ stored: true, added: 1, revised: 1 })
    releaseId = report.releaseId!
    strategyIds.push(...(await db.selectFrom('strategies').select('id').execute()).map((s) => s.id))
  }, 240_000)
  afterAll(async () => t?.close())

  const get = (url: string, user?: TestUser) =>
    t.app.inject({ method: 'GET', url, headers: user ? { cookie: user.cookie } : {} })

  it('lands as a draft release that no public page, download, API answer or feed shows', async () => {
    expect(releaseId).toMatch(/^\d+$/)
    expect((await findRelease(t.database.db, releaseId))?.status).toBe('draft')
    const result = await crawl(t.app, SEEDS, strategyIds)
    const urls = [...result.visited.keys()]
    expect(urls).toContain(`/indicators/${INDICATOR}`)
    expect(urls.some((u) => u.startsWith(`/api/v1/indicators/${INDICATOR}/data`))).toBe(true)
    expect(urls.some((u) => u.includes('as_of='))).toBe(true)
    expect(urls.some((u) => u.startsWith('/downloads/latest/'))).toBe(true)
    // The crawl can see the figure the draft would revise: the published one is there.
    expect((await get(`/api/v1/indicators/${INDICATOR}/data?area=${BD}`)).payload).toContain(PUBLISHED)
    for (const extra of ['/amendments/feed.xml', '/reports/feed.xml', `/api/v1/indicators/${INDICATOR}/amendments`])
      expect(planted(await read(extra)), extra).toEqual([])
    expect(result.serverErrors).toEqual([])
    expect(result.leaks, result.leaks.join('\n')).toEqual([])
  }, 600_000)

  const read = async (url: string): Promise<Fetched> => {
    const res = await get(url)
    return { url, status: res.statusCode, contentType: '', text: res.payload, records: [], rows: [] }
  }

  it('shows the analyst the draft figures under a draft banner, never cached for the public', async () => {
    const page = await get(`/indicators/${INDICATOR}`, analyst)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toContain('no-store')
    expect(page.payload).toContain('govuk-notification-banner')
    expect(page.payload).toContain('data-qa="draft-figures"')
    expect(page.payload).toContain(REVISED)
    expect(page.payload).toContain(NEW_PERIOD)
    // The same address, straight after, as the public: no draft.
    const pub = await get(`/indicators/${INDICATOR}`)
    expect(pub.payload).not.toContain(REVISED)
    expect(pub.payload).not.toContain('draft-figures')
    // Owners and board members are not analysts: no draft for them either.
    expect((await get(`/indicators/${INDICATOR}`, boardMember)).payload).not.toContain(REVISED)
    expect((await get(`/releases/${releaseId}`, boardMember)).statusCode).toBe(403)
    expect((await get('/releases', analyst)).payload).toContain(`Release ${releaseId}`)
  })

  it('records quality checks, and refuses self-approval, a past release time and a revision without a note', async () => {
    const checks = await t.app.inject({
      method: 'POST',
      url: `/releases/${releaseId}/checks`,
      ...form(analyst, {
        notes: 'Compared with the publisher’s table',
        checklist: ['Figures match the source publication'],
      }),
    })
    expect(checks.statusCode).toBe(303)
    expect((await findRelease(t.database.db, releaseId))?.qualityChecks).toEqual([
      'Figures match the source publication',
    ])
    const tomorrow = nextDay(todayInLondon()).split('-')
    const when = (date: string[], time = '09:30') => ({
      'releaseDate-year': date[0]!,
      'releaseDate-month': date[1]!,
      'releaseDate-day': date[2]!,
      releaseTime: time,
    })
    const approve = (user: TestUser, payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/releases/${releaseId}/approve`, ...form(user, payload) })
    const own = await approve(importer, { ...when(tomorrow), amendmentNote: NOTE })
    expect(own.statusCode).toBe(400)
    expect(own.payload).toContain('You imported this release, and a second person must approve it')
    const past = await approve(approver, { ...when(['2020', '01', '01']), amendmentNote: NOTE })
    expect(past.statusCode).toBe(400)
    expect(past.payload).toContain('The release date and time must be in the future')
    const noNote = await approve(approver, { ...when(tomorrow) })
    expect(noNote.statusCode).toBe(400)
    expect(noNote.payload).toContain('This release changes published figures')
    // An analyst may not approve at all (the route is the approvers').
    expect((await approve(analyst, { ...when(tomorrow), amendmentNote: NOTE })).statusCode).toBe(403)
    expect((await findRelease(t.database.db, releaseId))?.status).toBe('draft')
    const ok = await approve(approver, { ...when(tomorrow), amendmentNote: NOTE })
    expect(ok.statusCode).toBe(303)
    const release = await findRelease(t.database.db, releaseId)
    expect(release).toMatchObject({ status: 'approved', amendmentNote: NOTE })
    expect(londonDate(release!.releaseAt!)).toBe(nextDay(todayInLondon()))
  })

  it('gives pre-release access to board members until the release time, then publishes it with its amendment', async () => {
    expect((await get(`/releases/${releaseId}`, boardMember)).statusCode).toBe(200)
    // Not due yet: the scheduler's step publishes nothing.
    expect(await publishDueReleases(t.database.db)).toEqual([])
    expect((await get(`/api/v1/indicators/${INDICATOR}/data?area=${BD}`)).payload).not.toContain(REVISED)
    // The release time comes (moved here to a moment ago, as the clock would).
    await t.database.db
      .updateTable('releases')
      .set({ release_at: new Date(Date.now() - 1000) })
      .where('id', '=', releaseId)
      .execute()
    expect((await get(`/releases/${releaseId}`, boardMember)).statusCode).toBe(403)
    expect(await publishDueReleases(t.database.db)).toEqual([releaseId])
    expect(await publishDueReleases(t.database.db)).toEqual([])
    const data = JSON.parse((await get(`/api/v1/indicators/${INDICATOR}/data?area=${BD}`)).payload)
    expect(data.data.map((p: { value: number }) => p.value)).toEqual(
      expect.arrayContaining([Number(REVISED), Number(NEW_PERIOD)]),
    )
    expect((await get(`/releases/${releaseId}`, boardMember)).statusCode).toBe(403)
  })

  it('shows the amendment on the indicator page, in the feed and in the API, and as_of before it gives the old figure', async () => {
    const page = await get(`/indicators/${INDICATOR}`)
    expect(page.payload).toContain('id="amendments"')
    expect(page.payload).toContain('data-qa="amendments"')
    expect(page.payload).toContain(NOTE)
    expect(page.payload).toContain(REVISED)
    // The crawl's check would have found the draft values had a public response shown them.
    expect(planted(await read(`/indicators/${INDICATOR}`))).toEqual([
      `the draft value ${REVISED}`,
      `the draft value ${NEW_PERIOD}`,
    ])
    const feed = await get('/amendments/feed.xml')
    expect(feed.headers['content-type']).toContain('application/atom+xml')
    expect(feed.payload).toContain('<entry>')
    expect(feed.payload).toContain(`/indicators/${INDICATOR}#amendments`)
    expect(feed.payload).toContain('previous year’s population')
    const api = JSON.parse((await get(`/api/v1/indicators/${INDICATOR}/amendments`)).payload)
    expect(api.amendments).toEqual([expect.objectContaining({ release_id: releaseId, revised: 1, note: NOTE })])
    const yesterday = londonDate(new Date(Date.now() - 86_400_000))
    const before = JSON.parse((await get(`/api/v1/indicators/${INDICATOR}/data?area=${BD}&as_of=${yesterday}`)).payload)
    const values = before.data.map((p: { value: number }) => p.value)
    expect(values).toContain(Number(PUBLISHED))
    expect(values).not.toContain(Number(REVISED))
    expect(values).not.toContain(Number(NEW_PERIOD))
  })

  it('withdraws a draft, which is then never published and leaves the indicator page', async () => {
    const report = await importData(t.database.db, [draftFile.replace(NEW_PERIOD, '61.3')], {
      sourceName: 'wrong-file.csv',
      format: 'template',
      actor: 'import:wrong-file.csv',
      draft: true,
    })
    const id = report.releaseId!
    expect((await get(`/indicators/${INDICATOR}`, analyst)).payload).toContain('61.3')
    const withdraw = () => t.app.inject({ method: 'POST', url: `/releases/${id}/withdraw`, ...form(analyst, {}) })
    expect((await withdraw()).statusCode).toBe(303)
    expect((await findRelease(t.database.db, id))?.status).toBe('withdrawn')
    const again = await withdraw()
    expect(again.statusCode).toBe(400)
    expect(again.payload).toContain('Only a release not yet published can be withdrawn')
    expect((await get(`/indicators/${INDICATOR}`, analyst)).payload).not.toContain('61.3')
    expect(await publishDueReleases(t.database.db)).toEqual([])
  })
})
