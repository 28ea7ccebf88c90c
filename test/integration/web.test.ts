/** The web app's behaviour that does not depend on the real strategy content, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { engines } from '../helpers/test-db.js'
import { createTestApp, fixtures } from '../helpers/test-app.js'

describe.each(engines)('the web app on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine, {
      STRATEGIES_DIR: fixtures.strategiesDir,
      SOURCES_DIR: fixtures.sourcesDir,
      PRIMARY_STRATEGY: 'mini',
    })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('reports health with the database reachable', async () => {
    const res = await t.app.inject('/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'UP', database: 'UP' })
  })

  it('answers an unknown page with a GOV.UK not-found page', async () => {
    for (const url of ['/no-such-page', '/outcomes/no-such-outcome', '/strategies/nope', '/indicators/outcome-a']) {
      const res = await t.app.inject(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>')
      expect(res.body).toContain('govuk-template')
    }
  })

  it("sends security headers, with a script policy that allows only GOV.UK Frontend's own inline script", async () => {
    const res = await t.app.inject('/')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('walks the golden thread down from the home page and up from an indicator', async () => {
    const home = (await t.app.inject('/')).body
    expect(home).toContain('Every child in Testville thrives.')
    expect(home).toContain('href="/outcomes/outcome-a"')
    const indicator = (await t.app.inject('/indicators/gld')).body
    for (const href of [
      '/outcomes/outcome-a',
      '/intentions/outcome-a-1',
      '/outcomes/outcome-a#outcome-a-sm-1',
      '/priorities/child-poverty',
      '/childrens-outcomes/my-learning',
    ]) {
      expect(indicator).toContain(`href="${href}"`)
    }
    // Linked, not copied: the second strategy's theme shows the first strategy's outcomes.
    const theme = (await t.app.inject('/strategies/second/themes/best-start-in-life')).body
    expect(theme).toContain('href="/outcomes/outcome-a"')
    expect(theme).toContain('(from the Mini)')
  })

  it('shows a change to the stored strategy on the next request', async () => {
    await sql`update strategy_nodes set title = 'Renamed priority' where id = 'child-poverty'`.execute(t.database.db)
    await sql`update data_version set version = version + 1`.execute(t.database.db)
    expect((await t.app.inject('/priorities/child-poverty')).body).toContain('Renamed priority')
  })

  it('answers 503 from /health, keeps serving cached pages, and shows a GOV.UK error page that leaks nothing, when the database is gone', async () => {
    expect((await t.app.inject('/')).statusCode).toBe(200)
    await t.database.close()
    const res = await t.app.inject('/health')
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ status: 'DOWN', database: 'DOWN' })
    expect((await t.app.inject('/')).statusCode).toBe(200) // from the page cache
    const page = await t.app.inject('/case-for-change')
    expect(page.statusCode).toBe(500)
    expect(page.body).toContain('<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>')
    expect(page.body).not.toMatch(/select|postgres|pglite/i)
  })
})
