import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { signInAs } from '../helpers/accounts.js'
import { bumpDataVersion, readDataVersion } from '../../src/db/data-version.js'

/** A write that does not bump the data version: what a cached page must not show. */
const renameVisionIn = (t: Awaited<ReturnType<typeof createTestApp>>, title: string) =>
  t.database.db
    .updateTable('strategy_nodes')
    .set({ text: title })
    .where('kind', '=', 'vision')
    .where('strategy_id', '=', 'best-chance-2022-25')
    .execute()

describe.each(engines)('public pages cached by data version, with ETags (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => t?.close())

  const renameVision = (title: string) => renameVisionIn(t, title)

  it('serves the same page again from the cache until the data version moves, then refreshes it', async () => {
    const first = await t.app.inject({ url: '/pledges' })
    expect(first.headers.etag).toMatch(/^W\/"\d+-/)
    expect(first.headers['cache-control']).toBe('no-cache')

    const vision = await t.app.inject({ url: '/' })
    await renameVision('A changed vision, not yet announced')
    const cached = await t.app.inject({ url: '/' })
    expect(cached.body).toBe(vision.body) // the write did not bump the version: the cache still answers

    await bumpDataVersion(t.database.db)
    const fresh = await t.app.inject({ url: '/' })
    expect(fresh.body).toContain('A changed vision, not yet announced')
    expect(fresh.headers.etag).not.toBe(vision.headers.etag)
  })

  it('answers 304 Not Modified to a matching If-None-Match', async () => {
    const page = await t.app.inject({ url: '/governance' })
    const again = await t.app.inject({ url: '/governance', headers: { 'if-none-match': page.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('never caches a signed-in page or one that sets a cookie', async () => {
    const analyst = await signInAs(t.app, t.database.db, 'analyst')
    const signedIn = await t.app.inject({ url: '/pledges', headers: { cookie: analyst.cookie } })
    expect(signedIn.headers.etag).toBeUndefined()
    expect(signedIn.body).toContain('Signed in as')
    const anonymous = await t.app.inject({ url: '/pledges' })
    expect(anonymous.body).not.toContain('Signed in as')
    const signIn = await t.app.inject({ url: '/sign-in' })
    expect(signIn.headers.etag).toBeUndefined()
  })
  it('renders again on a new day, since pages say "overdue"', async () => {
    const today = await t.app.inject({ url: '/actions' })
    expect((await t.app.inject({ url: '/actions' })).headers.etag).toBe(today.headers.etag)
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 24 * 3_600_000)
      const tomorrow = await t.app.inject({ url: '/actions' })
      expect(tomorrow.headers.etag).not.toBe(today.headers.etag)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe.each(engines)('pages warmed after a change (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine, { PAGE_WARM_MS: '50' })
  })
  afterAll(async () => t?.close())

  const renameVision = (title: string) => renameVisionIn(t, title)

  it('renders the pages people read again after the data version moves, before anyone asks', async () => {
    await t.app.inject({ url: '/' })
    await renameVision('The vision as changed and announced')
    await bumpDataVersion(t.database.db)
    const version = await readDataVersion(t.database.db)
    await vi.waitFor(() => expect(t.app.pageWarmer!.warmedKey()).toMatch(new RegExp(`^${version}\\|`)), {
      timeout: 20_000,
      interval: 50,
    })
    // A change no one announced (no new version): a page rendered now would show it; the warm one does not.
    await renameVision('A later change, not yet announced')
    const page = await t.app.inject({ url: '/' })
    expect(page.body).toContain('The vision as changed and announced')
    expect(page.body).not.toContain('A later change, not yet announced')
  })
})
