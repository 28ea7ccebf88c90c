/**
 * Disclosure control decided when data changes and stored (disclosure/decisions.ts, migration 0018)
 * hides exactly what working it out on every request hid: after every import of a random SYNTHETIC
 * dataset (revising the last), what publicPoints and publicSummaries serve equals what the
 * suppression rules give over every row and version of the indicator, read and worked out here as
 * public-data.ts did before (for all areas, one area, and as the data stood after an earlier
 * import), at the threshold decided as the import wrote and at another, decided on first read.
 * And an import of a revised small count changes what the public API shows at once.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { finding } from '../../src/modules/indicators/summaries/findings.js'
import { decideOnDataChange } from '../../src/modules/disclosure/decisions.js'
import { readAreaParents, readPoints, readSummaries } from '../../src/modules/disclosure/disclosure.repository.js'
import { checkSummary, suppressionIndex, suppressRows } from '../../src/modules/disclosure/summary-check.js'
import { publicPoints, publicSummaries } from '../../src/modules/disclosure/public-data.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'

const INDICATOR = 'test-proportion'
const AREAS = ['E92000001', 'E12000007', 'E09000002', 'E09000003', 'E09000004']
const PERIODS = ['2020/21', '2021/22', '2022/23']
const header = 'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,source'
const WRITE_THRESHOLD = 5

interface Draw {
  male: number
  female: number
  maleRest: number
  femaleRest: number
  /** The count left out: the value and denominator imply it. */
  dropCount: boolean
}
const draw = fc.record({
  male: fc.nat(25),
  female: fc.nat(25),
  maleRest: fc.nat(60),
  femaleRest: fc.nat(60),
  dropCount: fc.boolean(),
})
/** One draw per area and period (Persons = Male + Female), a few left out. */
const datasets = fc.array(fc.option(draw, { freq: 6 }), {
  minLength: AREAS.length * PERIODS.length,
  maxLength: AREAS.length * PERIODS.length,
})

function csv(draws: (Draw | null)[]): string {
  const rows = [header]
  const row = (area: string, period: string, sex: string, count: number, denominator: number, drop: boolean) =>
    rows.push(
      [INDICATOR, area, period, sex, '', '', '', ((100 * count) / denominator).toFixed(6)]
        .concat([drop ? '' : String(count), String(denominator), 'synthetic'])
        .join(','),
    )
  draws.forEach((d, i) => {
    if (!d) return
    const area = AREAS[Math.floor(i / PERIODS.length)]!
    const period = PERIODS[i % PERIODS.length]!
    const [mDen, fDen] = [d.male + d.maleRest + 1, d.female + d.femaleRest + 1]
    row(area, period, 'Male', d.male, mDen, d.dropCount)
    row(area, period, 'Female', d.female, fDen, false)
    row(area, period, 'Persons', d.male + d.female, mDen + fDen, false)
  })
  return rows.join('\n') + '\n'
}

/** What the rules give, worked out over every row and version as public-data.ts did on each request. */
async function computed(db: DatabaseHandle['db'], threshold: number, areaCodes?: string[], asOf?: Date) {
  const [rows, parents, summaryRows] = await Promise.all([
    readPoints(db, { indicatorIds: [INDICATOR] }),
    readAreaParents(db),
    readSummaries(db, { indicatorIds: [INDICATOR] }),
  ])
  const suppression = suppressRows(rows, parents, threshold)
  const at = asOf?.getTime()
  const served = (r: (typeof rows)[number]) =>
    at === undefined ? r.replacedAt === null : r.recordedAt <= at && (r.replacedAt === null || r.replacedAt > at)
  const points = rows.flatMap((r, i) =>
    served(r) && (!areaCodes || areaCodes.includes(r.areaCode))
      ? [
          {
            key: `${r.areaCode}|${r.periodKey}|${r.sex}`,
            suppressed: suppression[i]!,
            value: suppression[i] ? null : r.value,
            count: suppression[i] ? null : r.count,
            recordedAt: new Date(r.recordedAt).toISOString(),
          },
        ]
      : [],
  )
  const current = rows.flatMap((r, i) => (r.replacedAt === null ? [i] : []))
  const index = suppressionIndex(
    current.map((i) => rows[i]!),
    current.map((i) => suppression[i]!),
  )
  const summaries = summaryRows
    .filter((s) => !areaCodes || areaCodes.includes(s.areaCode))
    .map((s) => {
      const checked = checkSummary(s.summary, index, threshold)
      if (checked.suppressed)
        return { key: `${s.areaCode}|${s.sex}`, suppressed: checked.suppressed, summary: null, finding: null }
      const text = checked.changed
        ? finding(checked.summary, { indicatorName: s.indicatorName, unit: s.unit, areaName: s.areaName })
        : s.finding
      return { key: `${s.areaCode}|${s.sex}`, suppressed: null, summary: checked.summary, finding: text }
    })
  return { points, summaries }
}

async function served(db: DatabaseHandle['db'], threshold: number, areaCodes?: string[], asOf?: Date) {
  const query = { indicatorIds: [INDICATOR], ...(areaCodes ? { areaCodes } : {}) }
  const [points, summaries] = await Promise.all([
    publicPoints(db, threshold, { ...query, ...(asOf ? { asOf } : {}) }),
    publicSummaries(db, threshold, query),
  ])
  return {
    points: points.map((p) => ({
      key: `${p.areaCode}|${p.periodKey}|${p.sex}`,
      suppressed: p.suppressed,
      value: p.value,
      count: p.count,
      recordedAt: p.recordedAt,
    })),
    summaries: summaries.map((s) => ({
      key: `${s.areaCode}|${s.sex}`,
      suppressed: s.suppressed,
      summary: s.summary,
      finding: s.finding,
    })),
  }
}

describe.each(engines)('disclosure decided at write time on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    await loadAreas(handle.db, readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8'))
    await loadIndicatorMetadata(handle.db, [path.join(projectRoot, 'test/fixtures/indicators/test-indicators.yaml')])
    decideOnDataChange(WRITE_THRESHOLD)
  })
  afterAll(async () => {
    await handle?.close()
  })

  it('serves what working the rules out over every row and version gives, after each import', async () => {
    const { db } = handle
    const moments: Date[] = []
    let imports = 0
    await fc.assert(
      fc.asyncProperty(datasets, fc.integer({ min: 1, max: 12 }), async (draws, otherThreshold) => {
        const report = await importData(db, [csv(draws)], {
          sourceName: `random-${++imports}.csv`,
          format: 'template',
          actor: 'test',
        })
        expect(report.errors).toEqual([])
        moments.push(new Date())
        const decided = await db
          .selectFrom('disclosure_decisions')
          .select('threshold')
          .where('indicator_id', '=', INDICATOR)
          .execute()
        // Decided in the import's own transaction, before anyone read it.
        if (report.added + report.revised > 0) expect(decided.map((d) => d.threshold)).toEqual([WRITE_THRESHOLD])
        const earlier = moments[Math.floor(moments.length / 2)]!
        for (const threshold of [WRITE_THRESHOLD, otherThreshold]) {
          expect(await served(db, threshold)).toEqual(await computed(db, threshold))
          expect(await served(db, threshold, ['E09000002', 'E12000007'])).toEqual(
            await computed(db, threshold, ['E09000002', 'E12000007']),
          )
          const asOf = await served(db, threshold, undefined, earlier)
          expect(asOf.points).toEqual((await computed(db, threshold, undefined, earlier)).points)
        }
      }),
      { numRuns: engine === 'pglite' ? 8 : 12, seed: 20_261_202 },
    )
    const suppressed = await db.selectFrom('point_suppression').select('data_point_id').execute()
    expect(suppressed.length).toBeGreaterThan(0)
  })
})

describe('an import of a revised small count', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp('pglite')
  })
  afterAll(async () => {
    await t?.close()
  })

  const rows = (maleCount: number) =>
    [
      'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,source',
      `year-6-obesity,E09000003,2030/31,Male,,,,${((100 * maleCount) / 400).toFixed(2)},${maleCount},400,synthetic`,
      `year-6-obesity,E09000003,2030/31,Female,,,,25.00,100,400,synthetic`,
      `year-6-obesity,E09000003,2030/31,Persons,,,,${((100 * (maleCount + 100)) / 800).toFixed(2)},${maleCount + 100},800,synthetic`,
    ].join('\n') + '\n'

  async function api() {
    const response = await t.app.inject({ url: '/api/v1/indicators/year-6-obesity/data?area=E09000003' })
    expect(response.statusCode).toBe(200)
    const body = response.json() as {
      data: { period: string; sex: string; value: number | null; suppressed: string | null }[]
    }
    return Object.fromEntries(
      body.data.filter((d) => d.period === '2030/31').map((d) => [d.sex, { value: d.value, suppressed: d.suppressed }]),
    )
  }

  it('shows the figure, then hides it (and its neighbour) once a revision makes it small', async () => {
    await importData(t.database.db, [rows(40)], { sourceName: 'first.csv', format: 'template', actor: 'test' })
    const before = await api()
    expect(before['Male']).toEqual({ value: 10, suppressed: null })
    expect(before['Female']).toEqual({ value: 25, suppressed: null })
    await importData(t.database.db, [rows(3)], { sourceName: 'revised.csv', format: 'template', actor: 'test' })
    const after = await api()
    expect(after['Male']).toEqual({ value: null, suppressed: 'small-count' })
    expect(after['Female']?.value).toBeNull()
    expect(after['Persons']?.value).not.toBeNull()
  })
})
