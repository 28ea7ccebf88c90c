/**
 * Wherever a published figure shows, it says where it comes from: on the overview's and an
 * outcome's indicator rows (exact or proxy, source, when loaded, when the next figures are due,
 * and the Open Government Licence attribution), in the indicator table's CSV and JSON, in the
 * open data download, and in the API's indicator and data responses. The figures are rows of the
 * real LAIT file (test/fixtures/lait), imported as an analyst would.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { londonDate } from '../../src/lib/dates.js'
import { importRecords } from '../../src/modules/indicators/import/import.service.js'
import { laitRecords } from '../../src/modules/indicators/import/lait-reader.js'
import { readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

const LAIT = 'Department for Education, Local Authority Interactive Tool (LAIT)'
const OGL_TEXT = 'Contains public sector information licensed under the Open Government Licence v3.0.'

/** The overview table's row for an indicator, as text. */
function rowText(html: string, id: string): string {
  const start = html.indexOf(`href="/indicators/${id}"`)
  expect(start, id).toBeGreaterThan(-1)
  const row = html.slice(html.lastIndexOf('<tr', start), html.indexOf('</tr>', start))
  return row
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

describe.each(engines)('labels on every published figure on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const today = londonDate(new Date())
  const get = async (url: string) => {
    const res = await t.app.inject(url)
    expect(res.statusCode, url).toBe(200)
    return res
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    const file = path.join(projectRoot, 'test/fixtures/lait/lait-sample.parquet')
    const report = await importRecords(t.database.db, laitRecords(file), {
      format: 'lait',
      sourceName: 'lait-sample.parquet',
      actor: 'cli:analyst',
    })
    expect(report.errors).toEqual([])
  })
  afterAll(async () => {
    await t?.close()
  })

  it('labels the overview rows: source, exact or proxy, when loaded, next figures, and the licence', async () => {
    // The overview's full table is at /indicators (#14).
    const html = (await get('/indicators?data=all')).body
    const gld = rowText(html, 'gld-eyfs')
    expect(gld).toContain(`Source: ${LAIT}`)
    expect(gld).not.toContain('Proxy')
    expect(gld).toMatch(/2024\/25 Loaded \d{1,2} [A-Z][a-z]+ \d{4}; next: 2025\/26 \(published yearly\)/)
    const attainment = rowText(html, 'educational-attainment')
    expect(attainment).toContain(`Proxy Source: ${LAIT}`)
    // A figure quoted from the strategy's documents names its document, and is no proxy.
    const obesity = rowText(html, 'year-r-obesity')
    expect(obesity).not.toContain('Proxy')
    expect(obesity).toMatch(/Source: [A-Z]/)
    expect(html).toContain('data-qa="proxy-explained"')
    expect(html).toContain(`data-qa="attribution">${OGL_TEXT}`)
  })

  it('carries the same labels in the indicator table downloads', async () => {
    const records = await readCsvObjects((await get('/outcomes/best-start/indicators.csv')).body)
    expect(records.find((r) => r['Indicator id'] === 'gld-eyfs')).toMatchObject({
      Source: LAIT,
      'Exact or proxy': 'exact',
      Licence: 'Open Government Licence v3.0',
      Attribution: OGL_TEXT,
      Loaded: today,
      'Next figures': '2025/26 (published yearly)',
    })
    const json = (await get('/outcomes/best-start/indicators.json')).json()
    expect(json.rows.find((r: { indicator_id: string }) => r.indicator_id === 'two-year-check')).toMatchObject({
      source: null,
      exact_or_proxy: null,
    })
  })

  it("says in the API whether an indicator's figures are exact or a proxy, their licence and freshness", async () => {
    const exact = (await get('/api/v1/indicators/gld-eyfs')).json().indicator.sources
    expect(exact).toMatchObject({
      match: 'exact',
      proxy_notes: [],
      publications: [LAIT],
      licence: 'Open Government Licence v3.0',
      attribution: OGL_TEXT,
      update_frequency: 'annual',
      freshness: { area_code: 'E09000002', latest_period: '2024/25', next_figures: '2025/26' },
    })
    expect(londonDate(new Date(exact.freshness.loaded_at))).toBe(today)
    const proxy = (await get('/api/v1/indicators/educational-attainment')).json().indicator.sources
    expect(proxy.match).toBe('proxy')
    expect(proxy.proxy_notes[0]).toMatch(
      /^Pupils meeting the expected standard in reading, writing and mathematics at key stage 2/,
    )
    const none = (await get('/api/v1/indicators/one-year-check')).json().indicator.sources
    expect(none).toMatchObject({
      match: null,
      publications: [],
      licence: null,
      freshness: { latest_period: null, loaded_at: null },
    })

    const data = (await get('/api/v1/indicators/educational-attainment/data?area=E09000002')).json()
    expect(data.attribution).toBe(OGL_TEXT)
    expect(
      data.data.map((p: { category: string; source_match: string; licence: string }) => [
        p.category,
        p.source_match,
        p.licence,
      ]),
    ).toEqual([
      ['', 'proxy', 'Open Government Licence v3.0'],
      ['Children in need', 'proxy', 'Open Government Licence v3.0'],
    ])
  })

  it('puts exact or proxy and the licence on each row of the open data download', async () => {
    const rows = await readCsvObjects((await get('/downloads/latest/data.csv')).body)
    const gld = rows.find((r) => r.indicator_id === 'gld-eyfs' && r.area_code === 'E09000002' && r.period === '2024/25')
    expect(gld).toMatchObject({ source_match: 'exact', licence: 'Open Government Licence v3.0' })
    const seed = rows.find((r) => r.indicator_id === 'year-r-obesity' && r.area_code === 'E09000002')
    expect(seed).toMatchObject({ source_match: '', licence: '' })
    const json = (await get('/downloads/latest/data.json')).json()
    expect(json.source).toContain(OGL_TEXT.replace(/\.$/, ''))
  })
})
