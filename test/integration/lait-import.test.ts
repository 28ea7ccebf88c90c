/**
 * DfE LAIT's long-format parquet through the one import service, read by data/sources/mappings.yaml
 * (fixtures: rows of the real file, test/fixtures/lait/README.md): figures placed by DfE number,
 * "-" kept as the reason a value is missing, a gap worked out from two measures of the same row
 * group or not, an England count withheld, a mapping that only fills gaps leaving another
 * publication's figure alone; a bad row refused at its line and column with nothing stored; a file
 * that is not parquet refused before the import begins; the command line; and the whole real file
 * imports to the figures the shipped dataset holds.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { readAhead } from '../../src/lib/read-ahead.js'
import { importData, importRecords } from '../../src/modules/indicators/import/import.service.js'
import { laitRecords } from '../../src/modules/indicators/import/lait-reader.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { sharedReference } from '../helpers/shared-reference.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const fixture = (name: string) => path.join(projectRoot, 'test/fixtures/lait', name)
const real = sharedReference('dfe-lait/bds_long_0.parquet', 'realdata')
const LAIT = 'Department for Education, Local Authority Interactive Tool (LAIT)'
const SEN2 =
  'Department for Education, Education, health and care plans (SEN2, Explore Education Statistics): sen2_mi.csv, inc_exc_20week_rate; Open Government Licence v3.0'

async function freshDatabase(engine: Parameters<typeof createTestDatabase>[0]) {
  const handle = await createTestDatabase(engine)
  const read = (f: string) => readFileSync(path.join(projectRoot, 'data', f), 'utf8')
  await loadAreas(handle.db, read('areas/areas.csv'), read('areas/comparator-groups.csv'))
  await loadIndicatorMetadata(
    handle.db,
    ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(projectRoot, 'data/indicators', f)),
  )
  return handle
}

describe.each(engines)('DfE LAIT parquet on %s', (engine) => {
  let handle: DatabaseHandle
  const options = { format: 'lait' as const, actor: 'cli:analyst' }
  const current = (indicator: string, area: string) =>
    handle.db
      .selectFrom('data_points')
      .selectAll()
      .where('indicator_id', '=', indicator)
      .where('area_code', '=', area)
      .where('replaced_at', 'is', null)
      .orderBy('period_key')
      .orderBy('category')
      .execute()
  const importFixture = (name: string, extra: { dryRun?: boolean } = {}) =>
    importRecords(handle.db, laitRecords(fixture(name)), { ...options, sourceName: name, ...extra })

  beforeAll(async () => {
    handle = await freshDatabase(engine)
  })
  afterAll(async () => {
    await handle?.close()
  })

  it('refuses a bad row at its line and column, and stores nothing', async () => {
    const report = await importFixture('lait-bad.parquet')
    expect(report.format).toBe('lait')
    expect(report.stored).toBe(false)
    expect(report.errors).toEqual([
      { line: 3, column: 'LA Number', reason: 'DfE local authority number 999 is not in data/areas/dfe-la-codes.csv' },
      { line: 11, column: 'Values', reason: '"n/a" is neither a number nor a known publisher\'s symbol' },
    ])
    const stored = await handle.db
      .selectFrom('data_points')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(0)
  })

  it('imports the mapped measures, keeping "-" as a reason, withholding a count, and working out a gap', async () => {
    // Another publication's figure for a key that LAIT's mapping only fills the gaps of.
    const sen2 = `indicator_id,area_code,period,value,count,denominator,source\nehcp-plans-issued-timely,E09000002,2022,24.71,64,259,"${SEN2}"\n`
    expect((await importData(handle.db, [sen2], { sourceName: 'sen2.csv', actor: 'cli:analyst' })).errors).toEqual([])

    const report = await importFixture('lait-sample.parquet')
    expect(report.errors).toEqual([])
    expect(report.stored).toBe(true)
    expect(report.rowsRead).toBe(18)
    expect(report.warnings.map((w) => w.reason).sort()).toEqual([
      '1 published figures left out: figures another publication gives (their mapping only fills gaps)',
      '1 published figures left out: measures not mapped to an indicator in data/sources/mappings.yaml',
      "2 published figures left out: areas outside England's upper-tier authorities, regions and England",
    ])

    const gld = await current('gld-eyfs', 'E09000002')
    expect(gld.map((r) => [r.period_label, r.value])).toEqual([
      ['2023/24', 67.2],
      ['2024/25', 67.9],
    ])
    expect(gld[1]!.source).toBe(`${LAIT}: lait-sample.parquet, measure FSP_NEW_GOODDEV; Open Government Licence v3.0`)
    expect((await current('gld-eyfs', 'E12000007')).map((r) => r.value)).toEqual([70, 70.7])

    const [breastfeeding] = await current('breastfeeding-continuation', 'E09000002')
    expect(breastfeeding).toMatchObject({
      period_label: '2023/24',
      value: null,
      value_note: 'not published: the publisher shows "-" (missing or suppressed)',
    })

    const [fte] = await current('first-time-entrants', 'E92000001')
    expect(fte).toMatchObject({
      value: null,
      value_note: expect.stringMatching(/a count of first time entrants, not a rate per 100,000/),
    })
    expect((await current('first-time-entrants', 'E09000002'))[0]).toMatchObject({ period_label: '2024', value: 236 })

    // KS2 all pupils less children in need, the same row group; the looked after gap has no second figure here.
    const gaps = await current('attainment-gap-lac-cin-peers', 'E09000002')
    expect(gaps.map((r) => [r.category, r.value, r.value_note])).toEqual([
      ['Children in need', 21, null],
      ['Looked after', null, 'no value in the published file'],
    ])
    expect(gaps[0]!.source).toBe(
      `${LAIT}: lait-sample.parquet, measure KS2RWM_Expected_STD less measure CIN_KS2_ExpStd_RWM; Open Government Licence v3.0`,
    )

    // E-notation read as the number it is.
    const [permanent] = (await current('school-exclusions-best-start', 'E12000007')).filter(
      (r) => r.category === 'Permanent exclusions',
    )
    expect(permanent).toMatchObject({ period_label: '2023/24', value: 0.06695 })

    // The SEN2 figure stands; LAIT adds the year SEN2 lacks.
    const ehcp = await current('ehcp-plans-issued-timely', 'E09000002')
    expect(ehcp.map((r) => [r.period_label, r.value, r.source.startsWith(LAIT)])).toEqual([
      ['2022', 24.71, false],
      ['2024', 27.7, true],
    ])

    const again = await importFixture('lait-sample.parquet', { dryRun: true })
    expect({ added: again.added, revised: again.revised, errors: again.errors }).toEqual({
      added: 0,
      revised: 0,
      errors: [],
    })
  })

  it('refuses a file that is not parquet before the import begins', async () => {
    const opened = await readAhead(laitRecords(path.join(projectRoot, 'data/areas/areas.csv')))
    expect(opened.problem?.line).toBeNull()
    expect(opened.problem?.reason).toMatch(/^not a readable parquet file/)
  })
})

describe('best-chance import of a LAIT parquet file', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-lait-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('reads a .parquet file as LAIT and reports it', { timeout: 180_000 }, async () => {
    const run = promisify(execFile)
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(projectRoot, 'src/app/cli/main.ts'),
        'import',
        fixture('lait-sample.parquet'),
        '--dry-run',
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, DATA_DIR: path.join(scratch, 'pglite'), LOG_LEVEL: 'silent' },
      },
    )
    expect(stderr).toBe('')
    expect(stdout).toMatch(/lait-sample\.parquet \(lait\): rows read 18, added \d+, revised 0, unchanged 0, rejected 0/)
    expect(stdout).toMatch(/dry run: nothing stored/)
  })
})

describe.skipIf(!real.present)('the whole real LAIT file', () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    // One engine: PostgreSQL where there is one (a fresh embedded database takes most of a minute).
    handle = await freshDatabase(engines.at(-1)!)
  })
  afterAll(async () => {
    await handle?.close()
  })

  it('imports to the very figures the shipped dataset holds', { timeout: 600_000 }, async () => {
    const report = await importRecords(handle.db, laitRecords(real.path), {
      format: 'lait',
      actor: 'cli:analyst',
      sourceName: 'bds_long_0.parquet',
    })
    expect(report.errors).toEqual([])
    expect(report.rowsRead).toBe(641_070)
    const shipped = readFileSync(path.join(projectRoot, 'data/datasets/real-dfe-lait.csv'), 'utf8')
    const again = await importData(handle.db, [shipped], {
      sourceName: 'real-dfe-lait.csv',
      format: 'template',
      actor: 'cli:analyst',
      dryRun: true,
    })
    expect(again.errors).toEqual([])
    expect({ added: again.added, revised: again.revised }).toEqual({ added: 0, revised: 0 })
    expect(report.added).toBeGreaterThanOrEqual(again.unchanged)
  })
})
