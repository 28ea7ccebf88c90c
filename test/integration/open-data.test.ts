/**
 * Open data downloads on both engines: the whole public dataset at fixed "latest" addresses, safe
 * to open in a spreadsheet, with suppressed figures blank; the data as it stood before a revision;
 * and the Fingertips layout, which imports back into a fresh database with the same values. Every
 * planted row is synthetic test data and says so in its source.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { readCsvRecords } from '../../src/lib/csv-stream.js'
import { SUPPRESSED_TEXT, publicPoints, type PublicPoint } from '../../src/modules/disclosure/public-data.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { DATA_COLUMNS, FINGERTIPS_COLUMNS } from '../../src/modules/open-data/downloads.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createApp } from '../../src/app/app.js'
import { createTestApp } from '../helpers/test-app.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { FINGERTIPS_EXPORT, sharedReference } from '../helpers/shared-reference.js'

const { path: fingertipsExport, present: exportPresent } = sharedReference(FINGERTIPS_EXPORT)

const FORMULA_SOURCE = '=1+1 synthetic test source (formula-injection check)'
const SYNTHETIC = 'synthetic test data (open data test)'
const template = (...rows: string[]) =>
  ['indicator_id,area_code,period,sex,value,count,denominator,value_note,source', ...rows].join('\n') + '\n'

/** Synthetic rows outside London (no area partition), with a small count and its secondary suppression. */
const planted = template(
  `year-6-obesity,E06000001,2018/19,Persons,10,100,1000,,${SYNTHETIC}`,
  `year-6-obesity,E06000001,2018/19,Male,0.6,3,500,,${SYNTHETIC}`,
  `year-6-obesity,E06000001,2018/19,Female,19.4,97,500,,${SYNTHETIC}`,
  `year-r-obesity,E06000001,2018/19,Persons,11.5,115,1000,,${FORMULA_SOURCE}`,
  `one-year-check,E06000003,2018/19,Persons,250,,,"synthetic note, with a comma",${SYNTHETIC}`,
)

async function records(text: string): Promise<string[][]> {
  const rows: string[][] = []
  for await (const r of readCsvRecords([text])) rows.push(r.fields)
  return rows
}

async function csvObjects(text: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const [header, ...rest] = await records(text)
  return { header: header!, rows: rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) }
}

const key = (p: {
  indicatorId: string
  areaCode: string
  periodKey: string
  sex: string
  age: string
  categoryType: string
  category: string
}) => [p.indicatorId, p.areaCode, p.periodKey, p.sex, p.age, p.categoryType, p.category].join('|')

describe.each(engines)('open data downloads on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let current: PublicPoint[]

  beforeAll(async () => {
    t = await createTestApp(engine)
    const report = await importData(t.database.db, [planted], {
      sourceName: 'open-data-test.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.errors).toEqual([])
    current = await publicPoints(t.database.db, t.config.disclosureThreshold, {})
  }, 180_000) // PGlite start-up with the shipped data is slow on a busy machine
  afterAll(async () => {
    await t?.close()
  })

  it('gives every public figure at a fixed address, as CSV and as JSON, with the licence', async () => {
    const csv = await t.app.inject('/downloads/latest/data.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="data.csv"')
    const { header, rows } = await csvObjects(csv.body)
    expect(header).toEqual([...DATA_COLUMNS])
    expect(rows).toHaveLength(current.length)
    expect(current.length).toBeGreaterThan(90) // the seed figures and the planted rows

    const json = await t.app.inject('/downloads/latest/data.json')
    expect(json.headers['content-disposition']).toBe('attachment; filename="data.json"')
    const body = json.json()
    expect(body.licence.name).toBe('Open Government Licence v3.0')
    expect(body.rows).toHaveLength(current.length)
    const y6 = body.rows.find(
      (r: Record<string, unknown>) => r.indicator_id === 'year-6-obesity' && r.area_code === 'E09000002',
    )
    expect(y6).toMatchObject({ value: 33.2, period: '2021/22', indicator_name: 'Obesity in Year 6' })
    // The CSV row says the same as the JSON row.
    const csvY6 = rows.find((r) => r.indicator_id === 'year-6-obesity' && r.area_code === 'E09000002')!
    expect(Number(csvY6.value)).toBe(33.2)
    expect(csvY6.source).toBe(y6.source)

    const page = await t.app.inject('/open-data')
    expect(page.statusCode).toBe(200)
    for (const href of [
      '/downloads/latest/data.csv',
      '/downloads/latest/data.json',
      '/downloads/latest/fingertips.csv',
      '/api-docs',
      '/api/openapi.json',
    ]) {
      expect(page.body).toContain(`href="${href}"`)
    }
    expect(page.body).toContain(`fewer than ${t.config.disclosureThreshold} people`)
    expect(page.body).toContain('Open Government Licence v3.0')
  })

  it('states the disclosure threshold the service is configured with', async () => {
    const config = { ...t.config, disclosureThreshold: 10 }
    const other = await createApp({
      db: t.database.db,
      strategies: strategyService(t.database.db, config.primaryStrategy),
      config,
    })
    try {
      expect((await other.inject('/open-data')).body).toContain('fewer than 10 people')
    } finally {
      await other.close()
    }
  })

  it('leaves suppressed figures blank and says why', async () => {
    const { rows } = await csvObjects((await t.app.inject('/downloads/latest/data.csv')).body)
    const planted = rows.filter((r) => r.indicator_id === 'year-6-obesity' && r.area_code === 'E06000001')
    const bySex = Object.fromEntries(planted.map((r) => [r.sex, r]))
    expect(bySex.Persons).toMatchObject({ value: '10', count: '100', suppressed: '' })
    expect(bySex.Male).toMatchObject({ value: '', count: '', lower_95: '', suppressed: 'small-count' })
    expect(bySex.Female).toMatchObject({ value: '', count: '', suppressed: 'secondary' })

    const ft = await csvObjects((await t.app.inject('/downloads/latest/fingertips.csv')).body)
    const male = ft.rows.find(
      (r) => r['Area Code'] === 'E06000001' && r['Indicator ID'] === '90323' && r.Sex === 'Male',
    )!
    expect(male).toMatchObject({ Value: '', Count: '', 'Value note': SUPPRESSED_TEXT })
  })

  it('writes a text that starts like a formula with an apostrophe first, so a spreadsheet shows it and runs nothing', async () => {
    const csv = (await t.app.inject('/downloads/latest/data.csv')).body
    const row = (await records(csv)).find((r) => r[0] === 'year-r-obesity' && r[2] === 'E06000001')!
    const source = row[DATA_COLUMNS.indexOf('source')]!
    expect(source).toBe(`'${FORMULA_SOURCE}`)
    expect(csv).not.toMatch(/(^|,)=1\+1/m)
    // JSON is not opened as a spreadsheet: the text stays as it is.
    const json = (await t.app.inject('/downloads/latest/data.json')).json()
    expect(
      json.rows.find((r: Record<string, unknown>) => r.indicator_id === 'year-r-obesity' && r.area_code === 'E06000001')
        .source,
    ).toBe(FORMULA_SOURCE)
  })

  it('gives the data as it stood on a date: a revision keeps the old value for dates before it', async () => {
    const { db } = t.database
    const first = await importData(db, [template(`gld-eyfs,E06000002,2018/19,Persons,60.1,,,,${SYNTHETIC}`)], {
      sourceName: 'first.csv',
      format: 'template',
      actor: 'test',
    })
    expect(first).toMatchObject({ added: 1, stored: true })
    // As if that import had been made on 10 January 2024 (the database sets the time of an import itself).
    await sql`update data_points set recorded_at = '2024-01-10T12:00:00Z'
      where indicator_id = 'gld-eyfs' and area_code = 'E06000002' and replaced_at is null`.execute(db)
    const revision = await importData(
      db,
      [template(`gld-eyfs,E06000002,2018/19,Persons,61.3,,,,${SYNTHETIC} (revised)`)],
      {
        sourceName: 'revision.csv',
        format: 'template',
        actor: 'test',
      },
    )
    expect(revision).toMatchObject({ revised: 1, stored: true })

    const values = async (query: string) => {
      const res = await t.app.inject(`/api/v1/indicators/gld-eyfs/data?area=E06000002${query}`)
      expect(res.statusCode).toBe(200)
      return res.json().data.map((p: { value: number }) => p.value)
    }
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()) // YYYY-MM-DD, in the UK
    expect(await values('&as_of=2024-01-09')).toEqual([])
    expect(await values('&as_of=2024-01-10')).toEqual([60.1])
    expect(await values('&as_of=2024-06-30')).toEqual([60.1])
    expect(await values(`&as_of=${today}`)).toEqual([61.3])
    expect(await values('')).toEqual([61.3])
    const all = await t.app.inject('/api/v1/data?indicator=gld-eyfs&area=E06000002&as_of=2024-06-30')
    expect(all.json().data.map((p: { value: number }) => p.value)).toEqual([60.1])
    // The downloads are the latest data.
    const { rows } = await csvObjects((await t.app.inject('/downloads/latest/data.csv')).body)
    expect(
      rows.filter((r) => r.indicator_id === 'gld-eyfs' && r.area_code === 'E06000002').map((r) => r.value),
    ).toEqual(['61.3'])
  })

  it.skipIf(!exportPresent)("writes the Fingertips layout: the real export's columns, in its order", async () => {
    const res = await t.app.inject('/downloads/latest/fingertips.csv')
    expect(res.headers['content-disposition']).toBe('attachment; filename="fingertips.csv"')
    const [realHeader] = await records(readFileSync(fingertipsExport, 'utf8'))
    const { header, rows } = await csvObjects(res.body)
    expect(header).toEqual(realHeader)
    expect(header).toEqual([...FINGERTIPS_COLUMNS])
    // The Fingertips id where the indicator has one, our id where it has none.
    expect(
      rows.find((r) => r['Area Code'] === 'E06000001' && r['Indicator Name'] === 'Obesity in Year 6')!['Indicator ID'],
    ).toBe('90323')
    expect(rows.find((r) => r['Area Code'] === 'E06000003')).toMatchObject({
      'Indicator ID': 'one-year-check',
      'Value note': 'synthetic note, with a comma',
    })
    const bd = rows.find((r) => r['Area Code'] === 'E09000002' && r['Indicator ID'] === '90323')!
    expect(bd).toMatchObject({
      'Parent Code': 'E12000007',
      'Parent Name': 'London region',
      'Area Type': 'County & UA',
      'Time period': '2021/22',
      'Time period Sortable': '20210000',
    })
  })

  it('imports its Fingertips export into a fresh database with the same values', async () => {
    const exported = (await t.app.inject('/downloads/latest/fingertips.csv')).body
    const points = await publicPoints(t.database.db, t.config.disclosureThreshold, {})
    const fresh = await createTestDatabase(engine)
    try {
      await loadAreas(
        fresh.db,
        readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8'),
        readFileSync(path.join(projectRoot, 'data/areas/comparator-groups.csv'), 'utf8'),
      )
      await loadIndicatorMetadata(
        fresh.db,
        ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(projectRoot, 'data/indicators', f)),
      )
      const report = await importData(fresh.db, [exported], {
        sourceName: 'fingertips.csv',
        format: 'fingertips',
        actor: 'test',
        defaults: { source: 'Best Chance open data export (round-trip test)' },
      })
      expect(report.errors).toEqual([])
      expect(report).toMatchObject({ stored: true, added: points.length, rejected: 0 })

      const stored = await fresh.db.selectFrom('data_points').selectAll().where('replaced_at', 'is', null).execute()
      const byKey = new Map(
        stored.map((r) => [
          key({
            indicatorId: r.indicator_id,
            areaCode: r.area_code,
            periodKey: r.period_key,
            sex: r.sex,
            age: r.age,
            categoryType: r.category_type,
            category: r.category,
          }),
          r,
        ]),
      )
      expect(byKey.size).toBe(points.length)
      for (const p of points) {
        const r = byKey.get(key(p))
        expect(r, key(p)).toBeDefined()
        expect(
          {
            period: r!.period_label,
            value: r!.value,
            lower95: r!.lower_95,
            upper95: r!.upper_95,
            lower998: r!.lower_998,
            upper998: r!.upper_998,
            count: r!.count,
            denominator: r!.denominator,
            note: r!.value_note,
          },
          key(p),
        ).toEqual({
          period: p.periodLabel,
          value: p.value,
          lower95: p.lower95,
          upper95: p.upper95,
          lower998: p.lower998,
          upper998: p.upper998,
          count: p.count,
          denominator: p.denominator,
          note: p.note ?? (p.suppressed ? SUPPRESSED_TEXT : null),
        })
      }
      // Our own layout names the template's columns, so it imports too.
      const ours = (await t.app.inject('/downloads/latest/data.csv')).body
      const check = await importData(fresh.db, [ours], {
        sourceName: 'data.csv',
        format: 'template',
        actor: 'test',
        dryRun: true,
      })
      expect(check).toMatchObject({ errors: [], rowsRead: points.length, stored: false })
    } finally {
      await fresh.close()
    }
  }, 120_000) // a second database, migrated and loaded
})
