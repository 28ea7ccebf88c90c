/**
 * Paging and filters of every API list, and the streamed CSV downloads, on both engines: following
 * `next` from the first page visits every row of the list exactly once, in the order of the whole
 * list; a limit over the documented maximum is refused with 400 saying why; the summaries filter by
 * area, period and breakdown; and each streamed download is byte for byte the file the whole-table
 * writer gives for the same rows. The planted rows are synthetic test data and say so in their source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toCsv } from '../../src/lib/csv-write.js'
import { publicPoints, publicSummaries } from '../../src/modules/disclosure/public-data.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { MAX_LIMIT } from '../../src/modules/open-data/api-paging.js'
import { dataTable, fingertipsTable } from '../../src/modules/open-data/downloads.js'
import { findAreas, findIndicators } from '../../src/modules/open-data/open-data.repository.js'
import type { DownloadTable } from '../../src/web/table-download.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

const SYNTHETIC = 'synthetic test data (API paging test)'
/** Three areas × two periods × three sexes of one indicator, no small counts. */
const planted = [
  'indicator_id,area_code,period,sex,value,count,denominator,source',
  ...['E06000001', 'E06000002', 'E06000003'].flatMap((area) =>
    ['2019/20', '2020/21'].flatMap((period) =>
      [
        ['Persons', 10, 100, 1000],
        ['Male', 12, 60, 500],
        ['Female', 8, 40, 500],
      ].map(([sex, value, count, denominator]) =>
        [`year-6-obesity`, area, period, sex, value, count, denominator, SYNTHETIC].join(','),
      ),
    ),
  ),
].join('\n')

/** Each list route, and the name of the list in its answer. */
const LISTS: [string, string][] = [
  ['/api/v1/strategies', 'strategies'],
  ['/api/v1/outcomes', 'outcomes'],
  ['/api/v1/indicators', 'indicators'],
  ['/api/v1/areas', 'areas'],
  ['/api/v1/indicators/year-6-obesity/summaries', 'summaries'],
  ['/api/v1/indicators/year-6-obesity/amendments', 'amendments'],
  ['/api/v1/indicators/year-6-obesity/data', 'data'],
  ['/api/v1/data?area=E06000001,E06000002,E06000003', 'data'],
]

/** What whole-table CSV writing gave before the downloads streamed. */
const wholeCsv = (table: DownloadTable) =>
  toCsv(
    table.columns.map((c) => c.header),
    table.rows.map((r) => table.columns.map((c) => r[c.key])),
  )

describe.each(engines)('paged, filtered API lists and streamed downloads on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>

  beforeAll(async () => {
    t = await createTestApp(engine)
    const report = await importData(t.database.db, [planted], {
      sourceName: 'api-paging-test.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.errors).toEqual([])
  }, 180_000) // PGlite start-up with the shipped data is slow on a busy machine
  afterAll(async () => {
    await t?.close()
  })

  async function get(url: string) {
    const answer = await t.app.inject(url)
    expect(answer.statusCode, `${url}: ${answer.body.slice(0, 300)}`).toBe(200)
    return answer.json() as Record<string, unknown> & { count: number; next: string | null; limit: number }
  }

  it.each(LISTS)('%s: following next visits every row exactly once', async (url, key) => {
    const whole = await get(`${url}${url.includes('?') ? '&' : '?'}limit=${MAX_LIMIT}`)
    const all = whole[key] as unknown[]
    expect(whole.count).toBe(all.length)
    expect(whole.next).toBeNull()
    const limit = Math.max(1, Math.ceil(all.length / 3))
    const walked: unknown[] = []
    let next: string | null = `${url}${url.includes('?') ? '&' : '?'}limit=${limit}`
    let pages = 0
    while (next) {
      const page = await get(next)
      expect(page.count).toBe(all.length)
      expect((page[key] as unknown[]).length).toBeLessThanOrEqual(limit)
      walked.push(...(page[key] as unknown[]))
      next = page.next
      if (++pages > all.length + 1) throw new Error('next never ends')
    }
    expect(walked).toEqual(all)
    expect(new Set(walked.map((r) => JSON.stringify(r))).size).toBe(walked.length)
    if (key !== 'amendments') expect(all.length).toBeGreaterThan(0)
  })

  it.each(LISTS)('%s: a limit over the maximum is refused with 400 and the reason', async (url) => {
    for (const [limit, reason] of [
      [MAX_LIMIT + 1, `limit must be at most ${MAX_LIMIT}`],
      [0, 'limit must be at least 1'],
      ['ten', 'limit must be a whole number'],
    ] as const) {
      const answer = await t.app.inject(`${url}${url.includes('?') ? '&' : '?'}limit=${limit}`)
      expect(answer.statusCode).toBe(400)
      expect(answer.json().error.message).toContain(reason)
    }
  })

  it('filters an indicator’s summaries by area, period and breakdown', async () => {
    const url = '/api/v1/indicators/year-6-obesity/summaries'
    const male = (await get(`${url}?area=E06000001,E06000002&sex=Male`)).summaries as Record<string, string>[]
    expect(male.map((s) => [s.area_code, s.sex])).toEqual([
      ['E06000001', 'Male'],
      ['E06000002', 'Male'],
    ])
    const latest = (await get(`${url}?area=E06000003&period=2020/21`)).summaries as Record<string, string>[]
    expect(latest.map((s) => s.sex).sort()).toEqual(['Female', 'Male', 'Persons'])
    expect((await get(`${url}?area=E06000003&period=2019/20`)).summaries).toEqual([])
    const answer = await get(`${url}?area=E06000003&sex=Female&limit=1`)
    expect(answer.query).toMatchObject({ area: ['E06000003'], sex: ['Female'], period: null })
  })

  it('streams the CSV downloads with the same bytes as the whole-table writer', async () => {
    const db = t.database.db
    const threshold = t.config.disclosureThreshold
    const [points, summaries, indicatorRows, areaRows] = await Promise.all([
      publicPoints(db, threshold, {}),
      publicSummaries(db, threshold, {}),
      findIndicators(db),
      findAreas(db),
    ])
    const indicators = new Map(
      indicatorRows.map((i) => [i.id, { id: i.id, name: i.name, fingertipsId: i.fingertipsId }]),
    )
    const areas = new Map(
      areaRows.map((a) => [a.code, { code: a.code, name: a.name, type: a.type, parentCode: a.parent_code }]),
    )
    expect(points.length).toBeGreaterThan(90) // the seed figures and the planted rows
    const data = await t.app.inject('/downloads/latest/data.csv')
    expect(data.statusCode).toBe(200)
    expect(data.headers['content-length']).toBeUndefined() // sent as written, not measured first
    expect(data.body).toBe(wholeCsv(dataTable(points, indicators, 'unused by the CSV')))
    const fingertips = await t.app.inject('/downloads/latest/fingertips.csv')
    expect(fingertips.headers['content-disposition']).toBe('attachment; filename="fingertips.csv"')
    expect(fingertips.body).toBe(wholeCsv(fingertipsTable(points, summaries, indicators, areas)))
  })
})
