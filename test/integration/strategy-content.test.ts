/**
 * The real strategies, loaded as `npm start` loads them, served on both engines: the pages the
 * issue names exist, hold the seeds' words, and every link on every page leads somewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'

const sourcesDir = loadConfig(process.env).sourcesDir
if (!sourcesDir) {
  const message =
    'the seed documents (../shared/seeds or SOURCES_DIR) are not here, so quotes were not checked against them'
  if (process.env.CI) throw new Error(message)
  console.warn(`\n!! ${message}\n`)
}

describe.each(engines)('the Best Chance strategy on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const get = async (url: string) => {
    const res = await t.app.inject(url)
    expect(res.statusCode, url).toBe(200)
    return res.body
  }
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('shows the vision and the four outcomes on the home page', async () => {
    const home = await get('/')
    expect(home).toContain(
      'Working collaboratively to give babies, children, young people and their families the best chance in life',
    )
    for (const id of ['best-start', 'inclusive', 'safe-and-secure', 'successful'])
      expect(home).toContain(`href="/outcomes/${id}"`)
    expect(home.match(/href="\/priorities\/[a-z0-9-]+"/g)).toHaveLength(6)
    expect(home.match(/href="\/pledges#[a-z0-9-]+"/g)).toHaveLength(5)
  })

  it('has a page for each outcome with its numbered intentions: 5, 5, 5 and 6', async () => {
    const expected = { 'best-start': 5, inclusive: 5, 'safe-and-secure': 5, successful: 6 }
    for (const [outcome, count] of Object.entries(expected)) {
      const page = await get(`/outcomes/${outcome}`)
      const intentions = [...page.matchAll(/href="\/intentions\/([a-z0-9-]+)"/g)].map((m) => m[1])
      expect(new Set(intentions), outcome).toEqual(
        new Set(Array.from({ length: count }, (_, i) => `${outcome}-${i + 1}`)),
      )
      for (const id of intentions) await get(`/intentions/${id}`)
    }
    expect(await get('/intentions/successful-6')).toContain(
      'Making sure that young people feel safe in their communities',
    )
  })

  it("has the six system priorities, five pledges and seven children's outcomes in the seeds' words", async () => {
    const priorities = [
      'domestic-abuse',
      'child-poverty',
      'send',
      'obesity-best-start-health',
      'semh',
      'first-1001-days',
    ]
    for (const id of priorities) await get(`/priorities/${id}`)
    expect(await get('/priorities/first-1001-days')).toContain(
      'Giving every child the best start in life (the first 1001 days)',
    )
    const pledges = await get('/pledges')
    expect(pledges.match(/data-qa="pledge"/g)).toHaveLength(5)
    expect(pledges).toContain('Integrating and joining up where it makes sense')
    const mine = await get('/childrens-outcomes')
    expect(mine.match(/data-qa="childrens-outcome"/g)).toHaveLength(7)
    for (const name of [
      'My Future',
      'My Voice',
      'My Quality of Life',
      'My Community',
      'My Safety',
      'My Health',
      'My Learning',
    ]) {
      expect(mine).toContain(`<h2 class="govuk-heading-l">${name}</h2>`)
    }
  })

  it('has a page for every framework indicator, each linked up the golden thread', async () => {
    const list = await get('/indicators/by-outcome')
    const ids = [...new Set([...list.matchAll(/href="\/indicators\/([a-z0-9-]+)"/g)].map((m) => m[1]))]
    const { graph } = await import('../helpers/strategy-files.js').then((m) => m.readStrategy('best-chance-2022-25'))
    const framework = graph.nodes.filter((n) => n.kind === 'indicator').map((n) => n.id)
    expect(framework.length).toBeGreaterThanOrEqual(35)
    expect(ids).toEqual(expect.arrayContaining(framework))
    for (const id of framework) {
      const page = await get(`/indicators/${id}`)
      expect(page, id).toMatch(/<dt class="govuk-summary-list__key">\s*Outcome\s*<\/dt>/)
      expect(page, id).toContain('data-qa="framework-text"')
    }
  })

  it("shows an indicator's latest figures, with its finding and the document the figure comes from", async () => {
    const page = await get('/indicators/year-6-obesity')
    expect(page).toContain(
      '<p class="govuk-body-l" data-qa="finding">Obesity in Year 6 in Barking and Dagenham was 33.2%, 2021/22.</p>',
    )
    expect(page).toMatch(/<caption[^>]*>Latest figures<\/caption>/)
    expect(page).toContain('Barking and Dagenham Joint Local Health and Wellbeing Strategy')
    expect(page).not.toContain('No data has been loaded')
    expect(await get('/indicators/one-year-check')).toContain('No data has been loaded for this indicator yet.')
  })

  it('has the governance network: the partnership meets at least six times a year and reports to the HWB and ICB', async () => {
    const governance = await get('/governance')
    expect(governance).toContain('<svg')
    expect(governance).toContain('role="img"')
    const partnership = await get('/governance/best-chance-partnership')
    expect(partnership).toMatch(
      /Minimum meetings a year\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*6\s*<\/dd>/,
    )
    expect(governance).toContain('Meets at least 6 times a year.')
    expect(partnership).toMatch(/reports to <a class="govuk-link" href="\/governance\/health-and-wellbeing-board"/)
    expect(partnership).toMatch(/reports to <a class="govuk-link" href="\/governance\/integrated-care-board"/)
  })

  it('links the JLHWS Best Start theme to the same four outcomes, not copies', async () => {
    const theme = await get('/strategies/jlhws-2023-28/themes/best-start-in-life')
    for (const id of ['best-start', 'inclusive', 'safe-and-secure', 'successful'])
      expect(theme).toContain(`href="/outcomes/${id}"`)
    expect(await get('/outcomes/best-start')).toContain('href="/strategies/jlhws-2023-28/themes/best-start-in-life"')
  })

  it('leads somewhere from every link on every page', async () => {
    const seen = new Set<string>()
    const queue = ['/']
    while (queue.length) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      const body = await get(url)
      for (const [, href] of body.matchAll(/href="(\/[^"#]*)(?:#[^"]*)?"/g)) {
        const path = href!.replace(/&amp;/g, '&')
        if (!seen.has(path) && !/^\/(assets|govuk|static)\//.test(path)) queue.push(path)
      }
    }
    expect(seen.size).toBeGreaterThan(150)
  })
})
