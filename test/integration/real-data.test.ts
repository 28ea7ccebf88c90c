/**
 * The shipped published data on a fresh database of each engine: every dataset imports with no
 * row rejected, Barking and Dagenham, London and England get real series, the pages say where the
 * figures come from (proxy, licence) and rank the borough among its statistical neighbours, and a
 * restart loads nothing again. Slow by nature (tens of thousands of rows): one app per engine.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadShippedData } from '../../src/modules/indicators/startup-data.js'
import { projectRoot } from '../../src/config.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import path from 'node:path'

const BD = 'E09000002'
const LONDON = 'E12000007'
const ENGLAND = 'E92000001'

describe.each(engines)('the shipped real data on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let seconds = 0

  beforeAll(async () => {
    const started = Date.now()
    t = await createTestApp(engine, {}, { realData: true })
    seconds = (Date.now() - started) / 1000
  }, 1_800_000)
  afterAll(async () => {
    await t?.close()
  })

  it('imports every shipped dataset with no row rejected', async () => {
    const batches = await t.database.db
      .selectFrom('import_batches')
      .select(['source_name', 'rows_read', 'added', 'rejected', 'kind'])
      .orderBy('source_name')
      .execute()
    expect(batches.map((b) => b.source_name)).toEqual([
      'data/datasets/real-dfe-children-in-need.csv',
      'data/datasets/real-dfe-lait.csv',
      'data/datasets/real-dfe-outcomes-cin-cla.csv',
      'data/datasets/real-dfe-sen2.csv',
      'data/datasets/real-ons-explore-local-statistics.csv',
      'data/datasets/seed-figures.csv',
    ])
    for (const b of batches) {
      expect(b.kind, b.source_name).toBe('shipped')
      expect(Number(b.rejected), b.source_name).toBe(0)
      expect(Number(b.added), b.source_name).toBe(Number(b.rows_read))
    }
    console.log(`${engine}: shipped data loaded in ${seconds.toFixed(0)} s`)
  })

  it('gives Barking and Dagenham, London and England real series of at least five periods', async () => {
    const { rows } = await sql<{ indicator_id: string; area_code: string; periods: number }>`
      select d.indicator_id, d.area_code, count(distinct d.period_key)::integer as periods
      from data_points d join indicators i on i.id = d.indicator_id
      where d.replaced_at is null and d.value is not null and i.in_framework
        and d.area_code in (${BD}, ${LONDON}, ${ENGLAND}) and d.source like '%Open Government Licence%'
      group by d.indicator_id, d.area_code`.execute(t.database.db)
    const withFive = (area: string) =>
      new Set(rows.filter((r) => r.area_code === area && r.periods >= 5).map((r) => r.indicator_id))
    const all = [...withFive(BD)].filter((id) => withFive(LONDON).has(id) && withFive(ENGLAND).has(id)).sort()
    console.log(
      `${engine}: ${all.length} framework indicators with at least 5 periods for all three: ${all.join(', ')}`,
    )
    expect(all.length).toBeGreaterThanOrEqual(35)
    expect(all).toContain('repeat-referrals')
    expect(all).toContain('gld-eyfs')
  })

  it("brings the overview's indicators with no data yet to at most 55", async () => {
    const coverage = (await t.app.inject({ url: '/coverage' })).body
    const onOverview = Number(/data-qa="overview-indicators">(\d+)</.exec(coverage)![1])
    const noData = Number(/data-qa="overview-no-data">(\d+)</.exec(coverage)![1])
    console.log(`${engine}: the overview's ${onOverview} indicators, ${noData} with no data yet`)
    expect(noData).toBeLessThanOrEqual(55)
  })

  it('stores a suppressed or withheld figure as missing, with its reason, never as zero', async () => {
    const missing = await t.database.db
      .selectFrom('data_points')
      .select(['value', 'value_note'])
      .where('indicator_id', '=', 'breastfeeding-continuation')
      .where('area_code', '=', BD)
      .where('replaced_at', 'is', null)
      .execute()
    expect(missing.length).toBeGreaterThanOrEqual(5)
    for (const m of missing) {
      expect(m.value).toBeNull()
      expect(m.value_note).toMatch(/not published/)
    }
  })

  it('labels a proxy, credits the licence, says how fresh the figures are, and ranks the borough among its statistical neighbours', async () => {
    const proxy = await t.app.inject({ url: '/indicators/two-year-check' })
    expect(proxy.statusCode).toBe(200)
    expect(proxy.body).toContain('data-qa="proxy"')
    expect(proxy.body).toContain('offered ASQ-3')
    expect(proxy.body).toContain('Contains public sector information licensed under the Open Government Licence v3.0.')

    const exact = await t.app.inject({ url: '/indicators/repeat-referrals' })
    expect(exact.statusCode).toBe(200)
    expect(exact.body).not.toContain('data-qa="proxy"')
    expect(exact.body).toContain('data-qa="neighbour-ranks"')
    expect(exact.body).toMatch(
      /Among its statistical neighbours \(DfE children(&#39;|')s services, 2025 model\), Barking and Dagenham has the (\d+(st|nd|rd|th) )?highest value of the 11 areas with data, 2024\/25\./,
    )
    expect(exact.body).toMatch(/highest value of the 33 London areas with data/)
    expect(exact.body).toMatch(
      /Barking and Dagenham(&#39;|')s figures were last loaded on \d{1,2} \w+ \d{4}\. The publisher updates them yearly: the next are for 2025\/26\./,
    )
  })

  it('loads nothing again at a restart', async () => {
    expect(await loadShippedData(t.database.db, path.join(projectRoot, 'data'), () => {})).toEqual([])
  })
})
