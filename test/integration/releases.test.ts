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
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { crawl, type CrawlSeeds, type Fetched } from '../helpers/public-crawl.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { webActor } from '../../src/db/changes/actor.js'
import { publishDueReleases } from '../../src/modules/indicators/releases/releases.service.js'
import { findRelease } from '../../src/modules/indicators/releases/releases.repository.js'
import { findIndicator } from '../../src/modules/indicators/indicators.repository.js'
import { londonDate, nextDay, todayInLondon } from '../../src/lib/dates.js'
import { setTier } from '../helpers/tiers.js'

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
/** A second release, imported by the statistics approver: one figure of the owned indicator, one of another. */
const OTHER_INDICATOR = 'gld-eyfs'
const OWNED_VALUE = '49.86'
const OTHER_VALUE = '88.17'
const secondFile = [
  header,
  `${INDICATOR},${BD},2023/24,,,,,${OWNED_VALUE},,,,,,,,${SOURCE},`,
  `${OTHER_INDICATOR},${BD},2023/24,,,,,${OTHER_VALUE},,,,,,,,${SOURCE},`,
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
  let ownerA: TestUser
  let ownerB: TestUser
  let releaseId: string
  let secondId: string
  const strategyIds: string[] = []

  beforeAll(async () => {
    t = await createTestApp(engine, { RELEASE_WORKFLOW: 'on' })
    const db = t.database.db
    analyst = await signInAs(t.app, db, 'analyst')
    importer = await signInAs(t.app, db, 'administrator')
    approver = await signInAs(t.app, db, 'approver')
    boardMember = await signInAs(t.app, db, 'board_member', ORG_A)
    ownerA = await signInAs(t.app, db, 'owner', ORG_A)
    ownerB = await signInAs(t.app, db, 'owner', ORG_B)
    // The test fixture: organisation A owns the indicator (no shipped indicator names an owning organisation).
    const record = await findIndicator(db, INDICATOR)
    await db
      .updateTable('indicators')
      .set({ metadata: JSON.stringify({ ...record!.metadata, owner_organisation: ORG_A }) })
      .where('id', '=', INDICATOR)
      .execute()
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
    // Statistics approvers see every draft, as analysts do.
    expect((await get(`/indicators/${INDICATOR}`, approver)).payload).toContain(REVISED)
    expect((await get(`/releases/${releaseId}`, approver)).statusCode).toBe(200)
    // Board members and another organisation's owner are neither analysts nor the indicator's owner.
    expect((await get(`/indicators/${INDICATOR}`, boardMember)).payload).not.toContain(REVISED)
    expect((await get(`/releases/${releaseId}`, boardMember)).statusCode).toBe(403)
    expect((await get(`/indicators/${INDICATOR}`, ownerB)).payload).not.toContain(REVISED)
    expect((await get(`/releases/${releaseId}`, ownerB)).statusCode).toBe(403)
    expect((await get('/releases', analyst)).payload).toContain(`Release ${releaseId}`)
    expect((await get('/releases', approver)).payload).toContain(`Release ${releaseId}`)
    expect((await get('/releases', ownerA)).statusCode).toBe(403)
  })

  it('shows the indicator’s owner its draft figures under the banner, and on a release only its own indicators’', async () => {
    const page = await get(`/indicators/${INDICATOR}`, ownerA)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toContain('no-store')
    expect(page.payload).toContain('govuk-notification-banner')
    expect(page.payload).toContain('data-qa="draft-figures"')
    expect(page.payload).toContain(REVISED)
    // Another indicator's page: organisation A does not own it, so no draft there.
    const report = await importData(t.database.db, [secondFile], {
      sourceName: 'second-release-test.csv',
      format: 'template',
      actor: webActor({ id: approver.id, email: approver.email, displayName: 'Approver', organisationId: null }),
      draft: true,
    })
    expect(report).toMatchObject({ stored: true })
    secondId = report.releaseId!
    expect((await get(`/indicators/${OTHER_INDICATOR}`, analyst)).payload).toContain(OTHER_VALUE)
    expect((await get(`/indicators/${OTHER_INDICATOR}`, ownerA)).payload).not.toContain(OTHER_VALUE)
    // The release of both: the owner sees the owned indicator's figure, and not the other's.
    const release = await get(`/releases/${secondId}`, ownerA)
    expect(release.statusCode).toBe(200)
    expect(release.payload).toContain('data-qa="owner-view"')
    // No breadcrumb to the list of releases, which is not theirs.
    expect(release.payload).not.toContain('href="/releases"')
    expect(release.payload).toContain(OWNED_VALUE)
    expect(release.payload).not.toContain(OTHER_VALUE)
    expect(release.payload).not.toContain(OTHER_INDICATOR)
    // No checks, approval or withdrawal for an owner.
    expect(release.payload).not.toContain(`/releases/${secondId}/approve`)
    expect(release.payload).not.toContain(`/releases/${secondId}/checks`)
    const full = await get(`/releases/${secondId}`, analyst)
    expect(full.payload).toContain(OTHER_VALUE)
    expect(full.payload).not.toContain('data-qa="owner-view"')
    expect(full.payload).toContain('href="/releases"')
    expect((await get(`/releases/${secondId}`, ownerB)).statusCode).toBe(403)
    const post = await t.app.inject({ method: 'POST', url: `/releases/${secondId}/checks`, ...form(ownerA, {}) })
    expect(post.statusCode).toBe(403)
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
    // An analyst, a board member or an owner may not approve at all (the route is the approvers').
    for (const user of [analyst, boardMember, ownerA])
      expect((await approve(user, { ...when(tomorrow), amendmentNote: NOTE })).statusCode).toBe(403)
    // A statistics approver may not approve their own import either (RELEASE_SECOND_APPROVER).
    const ownImport = await t.app.inject({
      method: 'POST',
      url: `/releases/${secondId}/approve`,
      ...form(approver, when(tomorrow)),
    })
    expect(ownImport.statusCode).toBe(400)
    expect(ownImport.payload).toContain('You imported this release, and a second person must approve it')
    expect((await findRelease(t.database.db, secondId))?.status).toBe('draft')
    expect((await findRelease(t.database.db, releaseId))?.status).toBe('draft')
    const ok = await approve(approver, { ...when(tomorrow), amendmentNote: NOTE })
    expect(ok.statusCode).toBe(303)
    const release = await findRelease(t.database.db, releaseId)
    expect(release).toMatchObject({ status: 'approved', amendmentNote: NOTE })
    expect(londonDate(release!.releaseAt!)).toBe(nextDay(todayInLondon()))
    // The approver's own import goes no further: withdrawn, so it never reaches the tests below.
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/releases/${secondId}/withdraw`,
      ...form(analyst, {}),
    })
    expect(withdrawn.statusCode).toBe(303)
  })

  it('gives pre-release access to board members until the release time, then publishes it with its amendment', async () => {
    expect((await get(`/releases/${releaseId}`, boardMember)).statusCode).toBe(200)
    // The owner still sees it while it waits; another organisation's owner has no pre-release access.
    expect((await get(`/releases/${releaseId}`, ownerA)).statusCode).toBe(200)
    expect((await get(`/releases/${releaseId}`, ownerB)).statusCode).toBe(403)
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
    // Published: public now, so nobody's draft or pre-release access to it remains.
    expect((await get(`/releases/${releaseId}`, ownerA)).statusCode).toBe(403)
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

  it('leaves a restricted indicator’s amendments out of the public feed and API', async () => {
    await setTier(t.database.db, INDICATOR, { visibility: 'partners' })
    try {
      const feed = await get('/amendments/feed.xml')
      expect(feed.statusCode).toBe(200)
      expect(feed.payload).not.toContain(`/indicators/${INDICATOR}#amendments`)
      expect(feed.payload).not.toContain(NOTE)
      expect((await get(`/api/v1/indicators/${INDICATOR}/amendments`)).statusCode).toBe(404)
    } finally {
      await setTier(t.database.db, INDICATOR, { visibility: 'public' })
    }
    expect((await get('/amendments/feed.xml')).payload).toContain(`/indicators/${INDICATOR}#amendments`)
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
