/**
 * The coverage page lists all 134 indicators with their source, exact or proxy, latest period and,
 * where there is no public source, why; its "No data yet" count is the overview's; and its CSV
 * carries the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

describe.each(engines)('the coverage page on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('lists every indicator, framework and context, with its source or the reason it has none', async () => {
    const res = await t.app.inject({ url: '/coverage' })
    expect(res.statusCode).toBe(200)
    const rows = [...res.body.matchAll(/<tr class="govuk-table__row" data-indicator="([a-z0-9-]+)">/g)].map((m) => m[1])
    expect(rows).toHaveLength(134)
    expect(new Set(rows).size).toBe(134)
    // A mapped proxy, an exact measure, and a gap with its reason.
    const row = (id: string) => res.body.slice(res.body.indexOf(`data-indicator="${id}"`)).split('</tr>')[0]!
    expect(row('two-year-check')).toContain('Proxy')
    expect(row('repeat-referrals')).toContain(
      'Department for Education, Children in need (Explore Education Statistics), referrals and re-referrals',
    )
    expect(row('repeat-referrals')).toContain('Exact')
    expect(row('school-survey-results')).toContain('Survey not yet run')
    expect(row('one-year-check')).toContain('No data yet')
    expect(res.body).toContain('Contains public sector information licensed under the Open Government Licence v3.0.')
  })

  it("counts the overview's indicators with no data yet exactly as the overview does", async () => {
    const coverage = (await t.app.inject({ url: '/coverage' })).body
    const noData = Number(/data-qa="overview-no-data">(\d+)</.exec(coverage)![1])
    const overview = (await t.app.inject({ url: '/indicators?status=no-data' })).body
    const listed = [...overview.matchAll(/data-qa="comparison"/g)].length
    expect(listed).toBeGreaterThan(0)
    expect(noData).toBe(listed)
  })

  it('gives the same rows as CSV', async () => {
    const csv = await t.app.inject({ url: '/coverage.csv' })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    const lines = csv.body.trim().split('\r\n')
    expect(lines[0]).toBe(
      'Indicator id,Indicator,Framework or context,On the overview,Source,Exact or proxy,Latest period for Barking and Dagenham,Loaded,Next figures,Why no public source',
    )
    expect(lines).toHaveLength(135)
  })
})
