/**
 * The Health and Wellbeing Board's progress report and the annual Best Chance report on both
 * engines, from the live data through the pack's machinery: the JLHWS life-course table against
 * London and England (the seed document's own figures), the Best Start in Life theme with Best
 * Chance's four outcomes, every outcome and priority in the annual report, actions by status, the
 * risk summary (left out of the public version), and the Reports page with its files. Planted
 * actions and risks are SYNTHETIC.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { todayInLondon } from '../../src/lib/dates.js'
import { readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { prepareReport } from '../../src/modules/reports/report.service.js'
import { publicReport } from '../../src/modules/reports/report.build.js'
import { reportHtml } from '../../src/modules/reports/report.outputs.js'
import { LIVE_STATUS } from '../../src/modules/reports/pack.outputs.js'
import type { StrategyReadModel } from '../../src/modules/strategy/strategy.read-model.js'
import type { ReportContent } from '../../src/modules/reports/report.types.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { signInAs } from '../helpers/accounts.js'
import { PLANTED, plantPack } from '../helpers/pack-fixtures.js'

const AREA = 'E09000002'
/** This year: the planted actions and risks exist from today. */
const YEAR = Number(todayInLondon().slice(0, 4))

/** The seed document's life-course figures (area, London, England), by indicator and area. */
async function seedFigures() {
  const rows = await readCsvObjects(readFileSync(path.join(projectRoot, 'data/datasets/seed-figures.csv'), 'utf8'))
  return rows.filter((r) => r.indicator_id?.startsWith('jlhws-') && !r.sex)
}

/** Every life-course row with a figure for the area matches the seed's latest for it, London and England. */
async function expectLifeCourseFromSeed(report: ReportContent) {
  const seed = await seedFigures()
  const seeded = new Set(seed.map((s) => s.indicator_id))
  const rows = report.lifeCourse.stages
    .flatMap((s) => s.rows)
    .filter((r) => r.breakdown === null && seeded.has(r.indicatorId))
  expect(rows.length).toBeGreaterThanOrEqual(7)
  for (const r of rows) {
    const latest = (code: string) =>
      Number(seed.filter((s) => s.indicator_id === r.indicatorId && s.area_code === code).at(-1)!.value)
    expect([r.areaNumber, r.londonNumber, r.englandNumber], r.indicatorId).toEqual([
      latest(AREA),
      latest('E12000007'),
      latest('E92000001'),
    ])
  }
}

describe.each(engines)('progress reports (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let model: StrategyReadModel
  const deps = () => ({ db: t.database.db, model, threshold: t.config.disclosureThreshold })

  beforeAll(async () => {
    t = await createTestApp(engine)
    model = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
    await plantPack(t.database.db, model)
    model = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
  }, 240_000)
  afterAll(async () => t?.close())

  it('reports the JLHWS Best Start in Life theme with its four outcomes and the life-course table', async () => {
    const report = await prepareReport(deps(), { kind: 'hwb' })
    expect(report.board.title).toBe('Health and Wellbeing Board')
    expect(report.theme).toMatchObject({ title: 'Best Start in Life' })
    expect(report.outcomes.map((o) => o.id)).toEqual(['best-start', 'inclusive', 'safe-and-secure', 'successful'])
    const bestStart = report.outcomes[0]!
    expect(bestStart.commitments).toContain(
      'Increasing access to services including maternity, health visitors and early help provision.',
    )
    expect(bestStart.rows.length).toBeGreaterThan(0)
    expect(bestStart.delivery.reduce((n, s) => n + s.count, 0)).toBeGreaterThan(0)
    expect(report.priorities).toEqual([])
    expect(report.lifeCourse.stages.map((s) => s.title)).toContain('Preconception')
    await expectLifeCourseFromSeed(report)
    const html = reportHtml(report, LIVE_STATUS)
    expect(html).toContain('Across the life course: against London and England')
    expect(html).toMatch(/data-qa="london">17\.8%/)
  })

  it('reports a year of Best Chance: every outcome and priority, actions by status, and the risks summed up', async () => {
    const report = await prepareReport(deps(), { kind: 'annual', year: YEAR })
    expect(report.asOf).toBe(todayInLondon())
    expect(report.board.id).toBe('best-chance-partnership')
    expect(report.outcomes).toHaveLength(4)
    for (const o of report.outcomes) expect(o.intentions.length, o.id).toBeGreaterThan(0)
    expect(report.priorities).toHaveLength(6)
    expect(report.priorities.find((p) => p.id === 'first-1001-days')!.rows).toHaveLength(15)
    const titles = report.delivery.actions.map((a) => a.title)
    expect(titles).toEqual(expect.arrayContaining([PLANTED.offTrack, PLANTED.overdue]))
    expect(report.delivery.byStatus.reduce((n, s) => n + s.count, 0)).toBe(report.delivery.total)
    expect(report.delivery.byStatus.find((s) => s.status === 'off_track')!.count).toBeGreaterThanOrEqual(1)
    expect(report.risks!.aboveAppetite).toBeGreaterThanOrEqual(1)
    expect(report.risks!.byRating.reduce((n, b) => n + b.count, 0)).toBeLessThanOrEqual(report.risks!.open)
    await expectLifeCourseFromSeed(report)
    const open = publicReport(report)
    expect(open.risks).toBeNull()
    expect(open.contents.map((c) => c.href)).not.toContain('#risks')
    expect(reportHtml(open, LIVE_STATUS)).not.toContain('data-qa="risk-summary"')
  })

  it('prepares both from the Reports page, with their files', async () => {
    const analyst = await signInAs(t.app, t.database.db, 'analyst')
    const get = (url: string) => t.app.inject({ url, headers: { cookie: analyst.cookie } })
    const index = await get('/reporting')
    expect(index.statusCode).toBe(200)
    expect(index.body).toContain('href="/reporting/hwb"')
    const hwb = await get('/reporting/hwb')
    expect(hwb.statusCode).toBe(200)
    expect(hwb.body).toContain('data-qa="life-course-table"')
    const annual = await get(`/reporting/annual?year=${YEAR}`)
    expect(annual.statusCode).toBe(200)
    expect(annual.body).toContain('data-qa="risk-summary"')
    expect(annual.body).toContain(`href="/reporting/annual/report.xlsx?year=${YEAR}"`)
    const xlsx = await get(`/reporting/annual/report.xlsx?year=${YEAR}`)
    expect(xlsx.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        'Cover',
        'Key',
        'Scorecard Best Start',
        'Actions by status',
        'All actions',
        'Life course',
      ]),
    )
    expect((await get('/reporting/annual?year=1999')).statusCode).toBe(400)
    expect((await get('/reporting/nonsense')).statusCode).toBe(404)
    expect((await t.app.inject('/reporting/hwb')).statusCode).not.toBe(200)
  })
})
