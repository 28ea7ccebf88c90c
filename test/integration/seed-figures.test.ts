/**
 * The seed documents' own figures: loaded at start, and each one citing words of its source that
 * state it. Checked against the seed documents themselves when they are at hand (required in CI).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, projectRoot } from '../../src/config.js'
import { readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { normaliseForQuote } from '../../src/modules/strategy/strategy.validate.js'
import { createTestApp } from '../helpers/test-app.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { engines } from '../helpers/test-db.js'

const csvText = readFileSync(path.join(projectRoot, 'data/datasets/seed-figures.csv'), 'utf8')
const sourcesDir = loadConfig(process.env).sourcesDir
if (!sourcesDir) {
  const message =
    "the seed documents are not here (../shared/seeds or SOURCES_DIR), so the figures' quotes were not checked"
  if (process.env.CI) throw new Error(message)
  console.warn(`\n!! ${message}\n`)
}

describe('the seed figures file', () => {
  it('cites, for every figure, words of its seed document that state the value', async () => {
    const rows = await readCsvObjects(csvText)
    expect(rows.length).toBeGreaterThan(50)
    const seeds = new Map<string, string>()
    const seedText = (file: string) => {
      if (!seeds.has(file)) seeds.set(file, normaliseForQuote(readFileSync(path.join(sourcesDir!, file), 'utf8')))
      return seeds.get(file)!
    }
    for (const [i, row] of rows.entries()) {
      const where = `line ${i + 2} (${row.indicator_id}, ${row.area_code}, ${row.period})`
      expect(row.source, where).toMatch(/^00\d_[0-9a-f]+\.txt$/)
      expect(row.source_quote, where).not.toBe('')
      const quote = normaliseForQuote(row.source_quote!)
      expect(quote.replace(/,(?=\d{3})/g, ''), where).toContain(row.value)
      if (sourcesDir) expect(seedText(row.source!), where).toContain(quote)
    }
  })
})

describe.each(engines)('the seed figures on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('are all loaded at start, each with its source', async () => {
    const rows = await readCsvObjects(csvText)
    const stored = await t.database.db.selectFrom('data_points').selectAll().where('replaced_at', 'is', null).execute()
    expect(stored).toHaveLength(rows.length)
    expect(stored.every((p) => p.source && p.source_quote)).toBe(true)
    const yearSix = stored.find((p) => p.indicator_id === 'year-6-obesity' && p.area_code === 'E09000002')
    expect(yearSix).toMatchObject({ value: 33.2, period_label: '2021/22' })
  })

  it('have summaries for every indicator with data, which change when an import changes the data', async () => {
    const { db } = t.database
    const withData = await db
      .selectFrom('data_points')
      .select('indicator_id')
      .distinct()
      .where('replaced_at', 'is', null)
      .execute()
    const summarised = await db.selectFrom('indicator_summaries').select('indicator_id').distinct().execute()
    expect(summarised.map((s) => s.indicator_id).sort()).toEqual(withData.map((d) => d.indicator_id).sort())

    const key = (q: any) => q.where('indicator_id', '=', 'year-6-obesity').where('area_code', '=', 'E09000002')
    const before = await key(db.selectFrom('indicator_summaries').selectAll()).executeTakeFirstOrThrow()
    expect(before.finding).toBe('Obesity in Year 6 in Barking and Dagenham was 33.2%, 2021/22.')
    // A synthetic revision, to see the summary follow the data.
    const revision =
      'indicator_id,area_code,period,value,source\nyear-6-obesity,E09000002,2021/22,33.4,synthetic test revision\n'
    const report = await importData(db, [revision], { sourceName: 'revision.csv', format: 'template', actor: 'test' })
    expect(report).toMatchObject({ revised: 1, stored: true })
    const after = await key(db.selectFrom('indicator_summaries').selectAll()).executeTakeFirstOrThrow()
    expect(after.finding).toBe('Obesity in Year 6 in Barking and Dagenham was 33.4%, 2021/22.')
  })
})
