/**
 * Summaries recomputed after an import only where its rows reach, on both engines: over random
 * synthetic data, a change to one area's rows and to England's leaves exactly the summaries a
 * whole recompute gives (the recompute then finds nothing to write); an unchanged file writes no
 * summary, no audit event and no new data version; a change at an old period of one borough
 * rewrites only that borough's summary. All figures here are synthetic.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { readDataVersion } from '../../src/db/data-version.js'
import { importData, type ImportOptions } from '../../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { recomputeSummaries, writeSummaries } from '../../src/modules/indicators/summaries/summaries.service.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { forAll, type Random } from '../helpers/random.js'

const INDICATOR = 'test-proportion'
const ENGLAND = 'E92000001'
/** England, London, London boroughs (Barking and Dagenham with some of its statistical neighbours), and elsewhere. */
const AREAS = [
  ENGLAND,
  'E12000007',
  'E09000002',
  'E09000003',
  'E09000005',
  'E09000009',
  'E09000010',
  'E09000011',
  'E09000017',
  'E06000031',
  'E06000032',
  'E06000001',
]
const YEARS = [2016, 2017, 2018, 2019, 2020, 2021]
/** Sex, age, category type, category: everyone, a sex, and a group compared with everyone. */
const BREAKDOWNS = [
  ['', '', '', ''],
  ['Male', '', '', ''],
  ['', '', 'Deprivation decile', 'Most deprived'],
]
const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'
const options: ImportOptions = { sourceName: 'incremental.csv', format: 'template', actor: 'test' }

/** A cell of the data: no row, a row with no value, or a count out of 1,000. */
type Cell = { area: string; year: number; breakdown: number; count: number | null | 'absent' }

function row(c: Cell): string | null {
  if (c.count === 'absent') return null
  const [sex, age, type, category] = BREAKDOWNS[c.breakdown]!
  const period = `${c.year}/${String(c.year + 1).slice(2)}`
  const figures = c.count === null ? ',,,,,,,not published' : `${(c.count / 10).toFixed(1)},${c.count},1000,,,,,`
  return `${INDICATOR},${c.area},${period},${sex},${age},${type},${category},${figures},synthetic,`
}

const csv = (cells: readonly Cell[]) =>
  [header, ...cells.map(row).filter((r): r is string => r !== null)].join('\n') + '\n'

function randomCount(random: Random): number | null | 'absent' {
  const r = random.next()
  return r < 0.08 ? 'absent' : r < 0.13 ? null : random.int(50, 450)
}

/** Every cell of a random dataset. */
function dataset(random: Random): Cell[] {
  return AREAS.flatMap((area) =>
    YEARS.flatMap((year) => BREAKDOWNS.map((_, breakdown) => ({ area, year, breakdown, count: randomCount(random) }))),
  )
}

/** A few changed cells of one area and of England: new values, values withdrawn, and new rows. */
function changes(random: Random, base: readonly Cell[]): Cell[] {
  const area = random.pick(AREAS.slice(1))
  const out = new Map<string, Cell>()
  for (const code of [area, ENGLAND]) {
    const cells = base.filter((c) => c.area === code)
    for (let i = random.int(1, 4); i > 0; i--) {
      const c = random.pick(cells)
      const count = random.bool(0.15) ? null : random.int(50, 450)
      out.set(`${c.area}|${c.year}|${c.breakdown}`, { ...c, count })
    }
  }
  return [...out.values()]
}

describe.each(engines)('incremental summaries on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    const read = (f: string) => readFileSync(path.join(projectRoot, 'data/areas', f), 'utf8')
    await loadAreas(handle.db, read('areas.csv'), read('comparator-groups.csv'), read('statistical-neighbours.csv'))
    await loadIndicatorMetadata(handle.db, [path.join(projectRoot, 'test/fixtures/indicators/test-indicators.yaml')])
  })
  afterAll(async () => {
    await handle?.close()
  })

  async function reset() {
    await sql`delete from indicator_summaries where indicator_id = ${INDICATOR}`.execute(handle.db)
    await sql`delete from data_points where indicator_id = ${INDICATOR}`.execute(handle.db)
  }

  const summaries = async () =>
    (
      await sql<{ key: string; summary: unknown; finding: string; computed_at: Date }>`
      select area_code || '|' || sex || '|' || age || '|' || category_type || '|' || category as key, summary, finding,
        computed_at from indicator_summaries where indicator_id = ${INDICATOR} order by key`.execute(handle.db)
    ).rows

  const currentRows = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from data_points
        where indicator_id = ${INDICATOR} and replaced_at is null`.execute(handle.db)
    ).rows[0]!.n

  it('stores after a change to one area and to England exactly what a whole recompute stores', async () => {
    await forAll(
      12,
      (random) => {
        const base = dataset(random)
        return { base, changed: changes(random, base) }
      },
      async ({ base, changed }) => {
        await reset()
        expect((await importData(handle.db, [csv(base)], options)).errors).toEqual([])
        await sql`drop table if exists test_summaries_before`.execute(handle.db)
        await sql`create table test_summaries_before as select * from indicator_summaries
          where indicator_id = ${INDICATOR}`.execute(handle.db)
        const before = await currentRows()
        const report = await importData(handle.db, [csv(changed)], options)
        expect(report.errors).toEqual([])
        expect(report.added + report.revised).toBeLessThan(before * 0.2)
        const viaImport = await summaries()
        // Only the targets recomputed (never falling back to the whole indicator), from the
        // summaries as they stood before the change: the same as the import stored.
        await handle.db.transaction().execute(async (tx) => {
          await sql`delete from indicator_summaries where indicator_id = ${INDICATOR}`.execute(tx)
          await sql`insert into indicator_summaries select * from test_summaries_before`.execute(tx)
          await writeSummaries(tx, [INDICATOR], { batchId: report.batchId!, incrementalOnly: true })
        })
        const incremental = await summaries()
        expect(incremental.map(({ key, summary, finding }) => ({ key, summary, finding }))).toEqual(
          viaImport.map(({ key, summary, finding }) => ({ key, summary, finding })),
        )
        // A whole recompute finds nothing to add, rewrite or remove …
        expect(await recomputeSummaries(handle.db, [INDICATOR])).toBe(0)
        // … and, from nothing, stores the same summaries and findings.
        await sql`delete from indicator_summaries where indicator_id = ${INDICATOR}`.execute(handle.db)
        await recomputeSummaries(handle.db, [INDICATOR])
        const whole = await summaries()
        expect(incremental.map(({ key, summary, finding }) => ({ key, summary, finding }))).toEqual(
          whole.map(({ key, summary, finding }) => ({ key, summary, finding })),
        )
      },
      ({ changed }) => JSON.stringify(changed),
    )
  }, 240_000)

  it('writes no summary, no audit event and no new data version when the same file comes again', async () => {
    await reset()
    const cells = AREAS.flatMap((area, a) =>
      YEARS.flatMap((year, y) =>
        BREAKDOWNS.map((_, breakdown) => ({ area, year, breakdown, count: 100 + a * 20 + y * 5 })),
      ),
    )
    await importData(handle.db, [csv(cells)], options)
    const before = {
      summaries: await summaries(),
      events: (await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(handle.db)).rows[0]!.n,
      version: await readDataVersion(handle.db),
    }
    expect(before.summaries.length).toBe(AREAS.length * BREAKDOWNS.length)
    const again = await importData(handle.db, [csv(cells)], options)
    expect(again).toMatchObject({ added: 0, revised: 0, unchanged: cells.length, batchId: null })
    expect({
      summaries: await summaries(),
      events: (await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(handle.db)).rows[0]!.n,
      version: await readDataVersion(handle.db),
    }).toEqual(before)
    // A whole recompute of unchanged data changes nothing either: no write, no audit event.
    expect(await recomputeSummaries(handle.db, [INDICATOR])).toBe(0)
    expect(await readDataVersion(handle.db)).toEqual(before.version)

    // One borough's value at an old period: only that borough's series is rewritten (its trend
    // moves); nobody's latest period is 2017, so no comparison or rank elsewhere changes.
    await importData(handle.db, [csv([{ area: 'E09000003', year: 2017, breakdown: 1, count: 400 }])], options)
    const after = await summaries()
    const rewritten = after.filter((s, i) => s.computed_at.getTime() !== before.summaries[i]!.computed_at.getTime())
    expect(rewritten.map((s) => s.key)).toEqual(['E09000003|Male|||'])

    // England's latest value: every area compared with England at that period is rewritten, and
    // England's own group, whose gap is measured against England's everyone.
    await importData(handle.db, [csv([{ area: ENGLAND, year: 2021, breakdown: 0, count: 50 }])], options)
    const england = await summaries()
    const changedByEngland = england.filter((s, i) => s.computed_at.getTime() !== after[i]!.computed_at.getTime())
    expect(changedByEngland.map((s) => s.key).sort()).toEqual(
      [...AREAS.map((code) => `${code}|Persons|||`), `${ENGLAND}|Persons||Deprivation decile|Most deprived`].sort(),
    )
  }, 120_000)
})
