/**
 * Shipped datasets load once per version and have the lowest precedence: an analyst's import that
 * revises a shipped figure survives any number of restarts and any new version of the shipped
 * file. And two imports at once never interleave: both are stored whole, one after the other.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { loadShippedData } from '../../src/modules/indicators/startup-data.js'
import { findIndicator } from '../../src/modules/indicators/indicators.repository.js'
import { createTestApp, SEED_ONLY } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bc-shipped-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const YEAR_SIX = { indicator_id: 'year-6-obesity', area_code: 'E09000002', period_key: undefined as string | undefined }
const analystRevision =
  'indicator_id,area_code,period,value,count,denominator,lower_95,upper_95,source\n' +
  'year-6-obesity,E09000002,2021/22,33.2,1100,3313,31.6,34.8,NCMP 2021/22 (synthetic test figures)\n'

describe.each(engines)('shipped data on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  // A copy of data/ whose seed file the test can change, as a new release of the product would.
  const dataDir = path.join(scratch, engine, 'data')
  const seedFile = path.join(dataDir, 'datasets', 'seed-figures.csv')
  const restart = () => loadShippedData(t.database.db, dataDir, () => {}, { datasets: SEED_ONLY })
  const yearSix = () =>
    t.database.db
      .selectFrom('data_points')
      .selectAll()
      .where('indicator_id', '=', YEAR_SIX.indicator_id)
      .where('area_code', '=', YEAR_SIX.area_code)
      .where('replaced_at', 'is', null)
      .executeTakeFirstOrThrow()

  beforeAll(async () => {
    cpSync(path.join(projectRoot, 'data'), dataDir, { recursive: true })
    t = await createTestApp(engine)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('loads each shipped dataset once per version, as a shipped batch, and not again when unchanged', async () => {
    const batches = () => t.database.db.selectFrom('import_batches').select(['id', 'kind']).execute()
    const before = await batches()
    expect(before.filter((b) => b.kind === 'shipped')).toHaveLength(1)
    expect(await restart()).toEqual([])
    expect(await restart()).toEqual([])
    expect(await batches()).toEqual(before)
    const datasets = await t.database.db.selectFrom('shipped_datasets').selectAll().execute()
    expect(datasets).toMatchObject([{ name: 'data/datasets/seed-figures.csv', import_batch_id: before[0]!.id }])
  })

  it("keeps an analyst's revision of a shipped figure through restarts and a new version of the shipped file", async () => {
    const report = await importData(t.database.db, [analystRevision], {
      sourceName: 'ncmp.csv',
      format: 'template',
      actor: 'cli:analyst',
    })
    expect(report).toMatchObject({ revised: 1, stored: true })
    const analysts = await yearSix()
    expect(analysts).toMatchObject({ value: 33.2, count: 1100, lower_95: 31.6, upper_95: 34.8, value_note: null })

    for (let i = 0; i < 3; i++) await restart()
    expect(await yearSix()).toEqual(analysts)

    // A new release ships a different Year 6 value and a changed Reception value.
    const shipped = readFileSync(seedFile, 'utf8')
    const changed = shipped
      .replace(/^(year-6-obesity,E09000002,2021\/22,,,,,)33\.2,/m, '$133.9,')
      .replace(/^(year-r-obesity,E09000002,2021\/22,,,,,)14\.8,/m, '$114.9,')
    expect(changed).not.toBe(shipped)
    writeFileSync(seedFile, changed)
    const [release] = await restart()
    expect(release).toMatchObject({ revised: 1, keptImported: 1, stored: true })
    expect(await yearSix()).toEqual(analysts)
    const reception = await t.database.db
      .selectFrom('data_points')
      .select('value')
      .where('indicator_id', '=', 'year-r-obesity')
      .where('area_code', '=', 'E09000002')
      .where('replaced_at', 'is', null)
      .executeTakeFirstOrThrow()
    expect(reception.value).toBe(14.9)
    expect(await restart()).toEqual([])
    expect(await yearSix()).toEqual(analysts)
  })

  it('shows no revision on the public page where the value did not change', async () => {
    const page = await t.app.inject({ url: '/indicators/year-6-obesity' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('33.2')
    expect(page.body).not.toMatch(/Revised from 33\.2% to 33\.2%/)
    expect(page.body).not.toMatch(/Revised (on|from)/)
  })

  it('stores two imports started together whole, one after the other, and the indexes agree with the table', async () => {
    const file = (value: number, from: number) =>
      'indicator_id,area_code,period,value,source\n' +
      Array.from(
        { length: 80 },
        (_, i) => `year-6-obesity,E09000002,${academicYear(from + i)},${value},synthetic concurrent import`,
      ).join('\n') +
      '\n'
    const [a, b] = await Promise.all([
      importData(t.database.db, [file(20.5, 1900)], { sourceName: 'a.csv', format: 'template', actor: 'test' }),
      importData(t.database.db, [file(21.5, 1940)], { sourceName: 'b.csv', format: 'template', actor: 'test' }),
    ])
    expect(a.stored && b.stored).toBe(true)
    expect(a.batchId).not.toBe(b.batchId)
    // 40 years overlap: whichever import came second revised them.
    expect(a.added + b.added).toBe(120)
    expect(a.revised + b.revised).toBe(40)
    const current = await t.database.db
      .selectFrom('data_points')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', 'synthetic concurrent import')
      .where('replaced_at', 'is', null)
      .executeTakeFirstOrThrow()
    expect(Number(current.n)).toBe(120)
    const batches = await t.database.db
      .selectFrom('import_batches')
      .select('id')
      .where('source_name', 'in', ['a.csv', 'b.csv'])
      .execute()
    expect(batches).toHaveLength(2)
    expect(await countBy(t, 'index')).toBe(await countBy(t, 'seq'))
  })

  it('stores an indicator’s owning organisation, and refuses at start one that is not a partner organisation', async () => {
    const file = path.join(dataDir, 'indicators', 'best-chance.yaml')
    const original = readFileSync(file, 'utf8')
    const owned = (org: string) =>
      original.replace('  - id: one-year-check\n', `  - id: one-year-check\n    owner_organisation: ${org}\n`)
    try {
      writeFileSync(file, owned('nelft'))
      await restart()
      expect((await findIndicator(t.database.db, 'one-year-check'))?.metadata.owner_organisation).toBe('nelft')
      writeFileSync(file, owned('nowhere'))
      await expect(restart()).rejects.toThrow(
        'one-year-check: owner_organisation "nowhere" is not in data/organisations',
      )
    } finally {
      writeFileSync(file, original)
    }
    await restart()
    expect((await findIndicator(t.database.db, 'one-year-check'))?.metadata.owner_organisation).toBeUndefined()
  })
})

const academicYear = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`

/** Current rows counted through the unique index and by reading the table: they must agree. */
async function countBy(t: Awaited<ReturnType<typeof createTestApp>>, how: 'index' | 'seq'): Promise<number> {
  return t.database.db.transaction().execute(async (trx) => {
    await sql.raw(how === 'index' ? 'set local enable_seqscan = off' : 'set local enable_indexscan = off').execute(trx)
    if (how === 'seq') await sql.raw('set local enable_bitmapscan = off').execute(trx)
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from data_points
      where indicator_id = 'year-6-obesity' and area_code = 'E09000002' and replaced_at is null`.execute(trx)
    return Number(rows[0]!.n)
  })
}
