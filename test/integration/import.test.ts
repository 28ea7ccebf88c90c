/**
 * Indicator data imports on both engines: all or nothing, every bad row reported with its line,
 * column and reason, revisions kept, and a real Fingertips export for every upper-tier authority.
 * The template rows here are synthetic test data.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { readDataVersion } from '../../src/db/data-version.js'
import { importData, importRecords, type ImportOptions } from '../../src/modules/indicators/import/import.service.js'
import { formatImportProblem } from '../../src/modules/indicators/import/import.report.js'
import { readXlsxRecords } from '../../src/lib/xlsx-records.js'
import { findDataPoints, findRevisions } from '../../src/modules/indicators/data-points.repository.js'
import { summarise } from '../../src/modules/indicators/summaries/summarise.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { FINGERTIPS_EXPORT, sharedReference } from '../helpers/shared-reference.js'

const { path: fingertipsExport, present: exportPresent } = sharedReference(FINGERTIPS_EXPORT)

const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'
const good = [
  'test-proportion,E09000002,2021/22,,,,,33.2,332,1000,30.3,36.2,,,,synthetic,',
  'test-proportion,E12000007,2021/22,,,,,25.0,250,1000,22.4,27.8,,,,synthetic,',
  'test-proportion,E92000001,2021/22,,,,,23.4,234,1000,20.9,26.1,,,,synthetic,',
  'test-proportion,E09000002,2021/22,Male,,,,35.0,175,500,31.0,39.2,,,,synthetic,',
]
const csv = (...rows: string[]) => [header, ...rows].join('\n') + '\n'
const chunks = (text: string) => [text]
const options: ImportOptions = { sourceName: 'test.csv', format: 'template', actor: 'test' }

describe.each(engines)('importing indicator data on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    await loadAreas(
      handle.db,
      readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8'),
      readFileSync(path.join(projectRoot, 'data/areas/comparator-groups.csv'), 'utf8'),
    )
    await loadIndicatorMetadata(handle.db, [path.join(projectRoot, 'test/fixtures/indicators/test-indicators.yaml')])
  })
  afterAll(async () => {
    await handle?.close()
  })

  async function snapshot() {
    const { db } = handle
    return {
      version: await readDataVersion(db),
      points: await db.selectFrom('data_points').selectAll().orderBy('id').execute(),
      batches: await db.selectFrom('import_batches').select('id').execute(),
    }
  }

  it('adds every row of a good file, then changes nothing when the same file comes again', async () => {
    const first = await importData(handle.db, chunks(csv(...good)), options)
    expect(first).toMatchObject({
      rowsRead: 4,
      added: 4,
      revised: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
      stored: true,
    })
    const before = await snapshot()
    const again = await importData(handle.db, chunks(csv(...good)), options)
    expect(again).toMatchObject({ rowsRead: 4, added: 0, revised: 0, unchanged: 4, stored: true, batchId: null })
    expect(await snapshot()).toEqual(before)
  })

  it('keeps the old value when one value changes: exactly one revision, and the data as it stood before', async () => {
    const before = new Date()
    await new Promise((r) => setTimeout(r, 20))
    const changed = good.map((r, i) => (i === 0 ? r.replace(',33.2,332,', ',33.3,333,') : r))
    const report = await importData(handle.db, chunks(csv(...changed)), options)
    expect(report).toMatchObject({ added: 0, revised: 1, unchanged: 3, stored: true })
    const periodKey = (await findDataPoints(handle.db, { indicatorId: 'test-proportion', areaCode: 'E09000002' }))[0]!
      .period_key
    const history = await findRevisions(handle.db, { indicatorId: 'test-proportion', areaCode: 'E09000002', periodKey })
    const persons = history.filter((h) => h.sex === 'Persons')
    expect(persons.map((h) => [h.value, h.replaced_at === null])).toEqual([
      [33.2, false],
      [33.3, true],
    ])
    expect(persons[0]!.replaced_by_batch_id).toBe(report.batchId)
    const asItStood = await findDataPoints(handle.db, {
      indicatorId: 'test-proportion',
      areaCode: 'E09000002',
      asOf: before,
    })
    expect(asItStood.find((p) => p.sex === 'Persons')?.value).toBe(33.2)
    const now = await findDataPoints(handle.db, { indicatorId: 'test-proportion', areaCode: 'E09000002' })
    expect(now.find((p) => p.sex === 'Persons')?.value).toBe(33.3)
  })

  it('refuses a file with a planted error of each kind, one line per problem, and stores nothing', async () => {
    const before = await snapshot()
    const planted = [
      'test-proportion,E99999999,2021/22,,,,,10,,,,,,,,synthetic,', // line 2: unknown area
      'no-such-indicator,E09000002,2021/22,,,,,10,,,,,,,,synthetic,', // 3: unknown indicator
      'test-proportion,E09000003,2021/23,,,,,10,,,,,,,,synthetic,', // 4: period
      'test-proportion,E09000004,2021/22,,,,,ten,,,,,,,,synthetic,', // 5: not a number
      'test-proportion,E09000005,2021/22,,,,,10,-1,100,,,,,,synthetic,', // 6: negative count
      'test-proportion,E09000006,2021/22,,,,,10,120,100,,,,,,synthetic,', // 7: count above denominator
      'test-proportion,E09000007,2021/22,,,,,10,,,12,8,,,,synthetic,', // 8: lower above upper
      'test-proportion,E09000008,2021/22,,,,,15,,,8,12,,,,synthetic,', // 9: value outside limits
      'test-proportion,E09000009,2021/22,,,,,101,,,,,,,,synthetic,', // 10: percentage above 100
      'test-proportion,E09000010,2021/22,,,,,10,,,,,,,,,', // 11: no source
      'test-proportion,E09000011,2021/22,,,,,10,,,,,,,,synthetic,', // 12: good
      'test-proportion,E09000011,2021/22,,,,,11,,,,,,,,synthetic,', // 13: repeats line 12
      'test-proportion,E09000012,2021/22,,,,,2,2,100,,,,,,synthetic,', // 14: small count: a warning only
    ]
    const report = await importData(handle.db, chunks(csv(...planted)), options)
    expect(report.stored).toBe(false)
    expect(report.errors.map((e) => `${e.line} ${e.column ?? '-'}: ${e.reason}`)).toEqual([
      '2 area_code: unknown area code "E99999999"',
      '3 indicator_id: unknown indicator "no-such-indicator"',
      expect.stringMatching(/^4 period: "2021\/23" is not/),
      '5 value: "ten" is not a number',
      '6 count: the count cannot be negative (-1)',
      '7 count: the count (120) is more than the denominator (100), which a proportion cannot be',
      '8 lower_95: the lower 95% limit (12) is above the upper (8)',
      '9 value: the value (15) is outside its 95% interval (8 to 12)',
      '10 value: a percentage must be between 0 and 100, not 101',
      '11 source: the source is missing: say where the figure comes from',
      '13 -: repeats line 12: the same indicator, area, period and breakdown',
    ])
    expect(report.warnings.map((w) => `${w.line} ${w.column}`)).toEqual(['14 count'])
    expect(report.rejected).toBe(11)
    expect(await snapshot()).toEqual(before)
  })

  it('loads only the valid rows when asked, saying exactly what was skipped', async () => {
    const report = await importData(
      handle.db,
      chunks(
        csv(
          'test-proportion,E09000020,2021/22,,,,,10,,,,,,,,synthetic,',
          'test-proportion,E99999999,2021/22,,,,,10,,,,,,,,synthetic,',
        ),
      ),
      { ...options, validRowsOnly: true },
    )
    expect(report).toMatchObject({ added: 1, rejected: 1, stored: true })
    expect(report.errors).toEqual([{ line: 3, column: 'area_code', reason: 'unknown area code "E99999999"' }])
    const audit = await handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', report.batchId!)
      .executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ added: 1, rejected: 1, skippedLines: [3] })
  })

  it('stores nothing on a dry run, but says what it would do', async () => {
    const before = await snapshot()
    const report = await importData(
      handle.db,
      chunks(csv('test-proportion,E09000021,2021/22,,,,,10,,,,,,,,synthetic,')),
      { ...options, dryRun: true },
    )
    expect(report).toMatchObject({ added: 1, stored: false })
    expect(await snapshot()).toEqual(before)
  })

  it("keeps a published interval, warning where it disagrees with the indicator's own method", async () => {
    // Wilson for 332/1000 is 30.3504 to 36.1782 (checked with Python's statistics.NormalDist); the first row agrees, the second is a synthetic mismatch.
    const report = await importData(
      handle.db,
      chunks(
        csv(
          'test-proportion,E09000030,2021/22,,,,,33.2,332,1000,30.35,36.18,,,,synthetic,',
          'test-proportion,E09000031,2021/22,,,,,33.2,332,1000,31.0,35.5,,,,synthetic,',
        ),
      ),
      options,
    )
    expect(report).toMatchObject({ added: 2, stored: true, errors: [] })
    expect(report.warnings).toEqual([
      {
        line: 3,
        column: 'lower_95',
        reason:
          'the published 95% interval (31 to 35.5) differs from the Wilson interval worked out from the count and denominator (30.3504 to 36.1782); the published one is kept',
      },
    ])
    const stored = await findDataPoints(handle.db, { indicatorId: 'test-proportion', areaCode: 'E09000031' })
    expect([stored[0]!.lower_95, stored[0]!.upper_95]).toEqual([31, 35.5])
  })

  it('lists the first thousand warnings of a kind and counts the rest', async () => {
    const rows = Array.from(
      { length: 1005 },
      (_, i) => `test-proportion,E09000032,2021/22,,age ${i},,,2,2,100,,,,,,synthetic,`,
    )
    const report = await importData(handle.db, chunks(csv(...rows)), { ...options, dryRun: true })
    expect(report.errors).toEqual([])
    expect(report.warnings).toHaveLength(1000)
    expect(report.warningsOmitted).toBe(5)
  })

  it('refuses a file whose header lacks a required column, naming it', async () => {
    const report = await importData(handle.db, chunks('indicator_id,area_code,value,source\nx,y,1,z\n'), options)
    expect(report.errors).toEqual([
      { line: 1, column: 'period', reason: 'the template column "period" is missing from the header' },
    ])
  })

  it('imports the template from an Excel workbook, and reports a bad row at its Excel row number', async () => {
    /** A workbook of the template's columns; null leaves a blank row, which Excel numbers all the same. */
    const workbook = async (rows: (unknown[] | null)[]) => {
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('Data')
      ws.addRow(header.split(','))
      for (const row of rows) ws.addRow(row ?? [])
      return readXlsxRecords(Readable.from([Buffer.from(await wb.xlsx.writeBuffer())]))
    }
    const row = (area: string, value: unknown, count: unknown = null) => [
      'test-proportion',
      area,
      '2019/20',
      null,
      null,
      null,
      null,
      value,
      count,
      count === null ? null : 1000,
      null,
      null,
      null,
      null,
      null,
      'synthetic',
    ]
    const xlsx: ImportOptions = { ...options, sourceName: 'test.xlsx', format: 'xlsx' }

    const good = await importRecords(
      handle.db,
      await workbook([
        row('E09000002', 33.2, 332),
        null,
        row('E12000007', { formula: 'I4/J4*100', result: 25 }, 250),
        row('E92000001', 0.1 + 0.2 + 23.1, 234),
      ]),
      xlsx,
    )
    expect(good.errors).toEqual([])
    expect(good).toMatchObject({ format: 'xlsx', rowsRead: 3, added: 3, rejected: 0, stored: true })
    const batch = await handle.db
      .selectFrom('import_batches')
      .select('format')
      .where('id', '=', good.batchId!)
      .executeTakeFirstOrThrow()
    expect(batch.format).toBe('xlsx')
    const stored = async (area: string) =>
      (await findDataPoints(handle.db, { indicatorId: 'test-proportion', areaCode: area })).find(
        (p) => p.period_label === '2019/20',
      )
    expect(await stored('E09000002')).toMatchObject({ value: 33.2, count: 332, denominator: 1000 })
    expect((await stored('E12000007'))?.value).toBe(25)
    expect((await stored('E92000001'))?.value).toBe(23.4)

    const before = await snapshot()
    const planted = await importRecords(
      handle.db,
      await workbook([
        row('E09000003', 10), // Excel row 2: good
        null, // 3: blank
        row('E99999999', 10), // 4: unknown area
        row('E09000004', 'ten'), // 5: not a number
      ]),
      xlsx,
    )
    expect(planted).toMatchObject({ format: 'xlsx', stored: false, rejected: 2 })
    expect(planted.errors.map((e) => `${e.line} ${e.column ?? '-'}: ${e.reason}`)).toEqual([
      '4 area_code: unknown area code "E99999999"',
      '5 value: "ten" is not a number',
    ])
    expect(planted.errors.map(formatImportProblem)).toEqual([
      'line 4, column "area_code": unknown area code "E99999999"',
      'line 5, column "value": "ten" is not a number',
    ])

    const uncalculated = await importRecords(
      handle.db,
      await workbook([row('E09000003', 10), row('E09000004', { formula: 'H2*2' })]),
      xlsx,
    )
    expect(uncalculated.stored).toBe(false)
    expect(uncalculated.errors.map(formatImportProblem)).toEqual([
      'line 3: cell H3 is a formula with no saved result: open and save the file in Excel, or paste values',
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses bytes that are not UTF-8, and NUL, at the line they are on, and reads UTF-16 and characters split between reads', async () => {
    const before = await snapshot()
    const bad = (bytes: Buffer) => importData(handle.db, [bytes], options)
    const latin1 = await bad(
      Buffer.from(csv(good[0]!, 'test-proportion,E09000003,2021/22,,,,,10,,,,,,,,Caf\xe9,'), 'latin1'),
    )
    expect(latin1.errors.map(formatImportProblem)).toEqual(["line 3: the file is not UTF-8: save it as 'CSV UTF-8'"])
    expect(latin1).toMatchObject({ stored: false, unreadable: true })
    const nul = await bad(
      Buffer.from(csv(good[0]!, 'test-proportion,E09000003,2021/22,,,,,10,,,,,,,,synthetic\u0000,')),
    )
    expect(nul.errors.map(formatImportProblem)).toEqual([
      expect.stringMatching(/^line 3: the file holds a NUL character/),
    ])
    // --valid-rows-only cannot read past a file's fault either.
    expect(
      (await importData(handle.db, [Buffer.from(csv(good[0]!, 'x\u0000'))], { ...options, validRowsOnly: true }))
        .stored,
    ).toBe(false)
    expect(await snapshot()).toEqual(before)

    const text = csv('test-proportion,E09000013,2021/22,,,,,10,,,,,,,,Café “quoted” – source €,')
    const utf16 = await importData(
      handle.db,
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      { ...options, dryRun: true },
    )
    expect(utf16).toMatchObject({ errors: [], added: 1 })
    const bytes = Buffer.from(text)
    const at = bytes.indexOf('€')
    const split = await importData(handle.db, [bytes.subarray(0, at + 1), bytes.subarray(at + 1)], options)
    expect(split).toMatchObject({ errors: [], added: 1, stored: true })
    const stored = await findDataPoints(handle.db, { indicatorId: 'test-proportion', areaCode: 'E09000013' })
    expect(stored[0]!.source).toBe('Café “quoted” – source €')
  })

  it('reads numbers strictly and refuses text too long for a figure and a repeated column, naming line and column, storing nothing', async () => {
    const before = await snapshot()
    const report = await importData(
      handle.db,
      chunks(
        csv(
          'test-proportion,E09000002,2021/22,,,,,"1,5",,,,,,,,synthetic,', // 2: a decimal comma
          'test-proportion,E09000003,2021/22,,,,,10,"1,000",2000,,,,,,synthetic,', // 3: a thousands comma
          'test-proportion,E09000004,2021/22,,,,,1e309,,,,,,,,synthetic,', // 4: not finite
          'test-proportion,E09000005,2021/22,,,,,10,2.5,100,,,,,,synthetic,', // 5: a count of 2.5
          'test-proportion,E09000006,2021/22,,,,,10,2,100.5,,,,,,synthetic,', // 6: a denominator of 100.5
        ),
      ),
      options,
    )
    expect(report.errors.map(formatImportProblem)).toEqual([
      'line 2, column "value": "1,5" is not a number: write numbers with a point for decimals and no thousands separators (1.5, 1234)',
      'line 3, column "count": "1,000" is not a number: write numbers with a point for decimals and no thousands separators (1.5, 1234)',
      'line 4, column "value": "1e309" is larger than any figure read here (at most 10^15)',
      'line 5, column "count": the count must be a whole number, not 2.5',
      'line 6, column "denominator": the denominator must be a whole number, not 100.5',
    ])
    const long = await importData(
      handle.db,
      chunks(csv(`test-proportion,E09000002,2021/22,,${'y'.repeat(20_000)},,,10,,,,,,,,synthetic,`)),
      options,
    )
    expect(long.errors.map(formatImportProblem)).toEqual([
      'line 2, column "age": the age is longer than 150 characters (20,000): is it in the right column?',
    ])
    const repeated = await importData(
      handle.db,
      chunks('indicator_id,area_code,period,value,Value,source\ntest-proportion,E09000002,2021/22,1,2,synthetic\n'),
      options,
    )
    expect(repeated.errors.map(formatImportProblem)).toEqual([
      'line 1, column "Value": the column "Value" appears twice (columns 4 and 5): keep one',
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a workbook cut short before a row is read, and a dry run finds what the real import finds', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Data')
    ws.addRow(header.split(','))
    for (let i = 0; i < 50; i++)
      ws.addRow([
        'test-proportion',
        'E09000014',
        `${2000 + i}/${String(i + 1)
          .padStart(2, '0')
          .slice(-2)}`,
        null,
        null,
        null,
        null,
        10,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        'synthetic',
      ])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    const before = await snapshot()
    const cut = await importRecords(handle.db, readXlsxRecords(Readable.from([bytes.subarray(0, bytes.length >> 1)])), {
      ...options,
      format: 'xlsx',
    })
    expect(cut.errors.map(formatImportProblem)).toEqual([
      expect.stringMatching(/^the file: the workbook is incomplete: its end is missing/),
    ])
    expect(cut).toMatchObject({ stored: false, unreadable: true, rowsRead: 0 })
    expect(await snapshot()).toEqual(before)

    // The same file, dry run then real: the same report but for what was stored.
    const dry = await importRecords(handle.db, readXlsxRecords(Readable.from([bytes])), {
      ...options,
      format: 'xlsx',
      dryRun: true,
    })
    expect(await snapshot()).toEqual(before)
    const real = await importRecords(handle.db, readXlsxRecords(Readable.from([bytes])), { ...options, format: 'xlsx' })
    expect(real.stored).toBe(true)
    const { stored: _s, batchId: _b, ...same } = real
    expect(dry).toMatchObject({ ...same, stored: false, batchId: null })
  })

  it('rolls back at once when the file stops arriving inside the transaction, instead of holding it open', async () => {
    const before = await snapshot()
    async function* stalls() {
      yield Buffer.from(csv('test-proportion,E09000015,2021/22,,,,,10,,,,,,,,synthetic,'))
      await new Promise(() => {}) // a writer that went away: never another byte, never an end
    }
    const started = Date.now()
    const report = await importData(handle.db, stalls(), { ...options, stallMs: 300 })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(report.errors.map(formatImportProblem)).toEqual([
      'the file: the file stopped arriving: nothing more was read from it for 300 ms',
    ])
    expect(report).toMatchObject({ stored: false, unreadable: true })
    expect(await snapshot()).toEqual(before)
    // The transaction is over: another import runs at once.
    expect(
      (
        await importData(handle.db, chunks(csv('test-proportion,E09000015,2021/22,,,,,10,,,,,,,,synthetic,')), {
          ...options,
          dryRun: true,
        })
      ).errors,
    ).toEqual([])
  })

  it.skipIf(!exportPresent)(
    'loads a real Fingertips export for every upper-tier authority without a rejected row',
    async () => {
      const { createReadStream } = await import('node:fs')
      const report = await importData(handle.db, createReadStream(fingertipsExport), {
        sourceName: path.basename(fingertipsExport),
        actor: 'test',
        defaults: { source: 'OHID Fingertips export' },
      })
      expect(report.format).toBe('fingertips')
      expect(report.errors).toEqual([])
      expect(report).toMatchObject({ rowsRead: 852, added: 852, rejected: 0, stored: true })
      // The "All ages" rows were published with exact Poisson intervals, as this indicator's metadata
      // says; only "0-9 yrs" rows (Byar's, per the reference notes) may disagree.
      const flagged = report.warnings.filter((w) => w.reason.startsWith('the published 95% interval'))
      const { readFileSync: read } = await import('node:fs')
      const lines = read(fingertipsExport, 'utf8').split('\n')
      // Each record spans two lines (its name holds a line break); the age is on the second.
      expect(
        flagged.filter(
          (w) =>
            !lines
              .slice(w.line - 1, w.line + 1)
              .join(' ')
              .includes('0-9 yrs'),
        ),
      ).toEqual([])
      // Barking and Dagenham 2015, all ages, exactly as published.
      const bd = await findDataPoints(handle.db, { indicatorId: 'test-campylobacter-rate', areaCode: 'E09000002' })
      const allAges2015 = bd.find((p) => p.period_label === '2015' && p.age === 'All ages')
      expect(allAges2015).toMatchObject({ count: 67, denominator: 201979 })
      expect([allAges2015!.value, allAges2015!.lower_95, allAges2015!.upper_95].map((v) => v!.toFixed(2))).toEqual([
        '33.17',
        '25.71',
        '42.13',
      ])
    },
  )

  it('stores the same summaries as summarising every row at once (the service reads only what it needs)', async () => {
    // Synthetic series: four years for England, London and five boroughs, the latest year missing for one.
    const areas = ['E92000001', 'E12000007', 'E09000002', 'E09000003', 'E09000004', 'E09000005', 'E09000006']
    const rows = areas.flatMap((area, a) =>
      [2018, 2019, 2020, 2021]
        .filter((y) => !(area === 'E09000006' && y === 2021))
        .map(
          (y) =>
            `test-proportion,${area},${y}/${String(y + 1).slice(2)},,,,,${(20 + a + (y - 2018) * 0.5).toFixed(1)},${200 + a * 10 + (y - 2018) * 5},1000,,,,,,synthetic,`,
        ),
    )
    const report = await importData(handle.db, chunks(csv(...rows)), { ...options, sourceName: 'equivalence.csv' })
    expect(report.stored).toBe(true)
    const stored = await handle.db
      .selectFrom('indicator_summaries')
      .selectAll()
      .where('indicator_id', '=', 'test-proportion')
      .execute()
    const points = await handle.db
      .selectFrom('data_points')
      .selectAll()
      .where('indicator_id', '=', 'test-proportion')
      .where('replaced_at', 'is', null)
      .execute()
    const london = await handle.db
      .selectFrom('comparator_groups')
      .selectAll()
      .where('group_id', '=', 'london-boroughs')
      .execute()
    const groups = [
      { id: 'london-boroughs', name: london[0]!.group_name, members: new Set(london.map((g) => g.area_code)) },
    ]
    const meta = {
      id: 'test-proportion',
      name: 'Test proportion (synthetic)',
      valueType: 'proportion',
      unit: '%',
      multiplier: 100,
      polarity: 'lower_is_better',
      ciMethod: 'wilson',
      target: null,
    }
    const expected = summarise(
      meta,
      points.map((p) => ({
        areaCode: p.area_code,
        periodKey: p.period_key,
        periodLabel: p.period_label,
        periodType: p.period_type,
        sex: p.sex,
        age: p.age,
        categoryType: p.category_type,
        category: p.category,
        value: p.value,
        count: p.count,
        denominator: p.denominator,
        lower95: p.lower_95,
        upper95: p.upper_95,
        source: p.source,
      })),
      groups,
    )
    const key = (x: { areaCode: string; sex: string; age: string; categoryType: string; category: string }) =>
      `${x.areaCode}|${x.sex}|${x.age}|${x.categoryType}|${x.category}`
    const byKey = (list: { areaCode: string; sex: string; age: string; categoryType: string; category: string }[]) =>
      [...list].sort((a, b) => key(a).localeCompare(key(b)))
    expect(byKey(stored.map((r) => r.summary as never))).toEqual(byKey(expected))
    expect(expected.filter((x) => x.londonRank).length).toBeGreaterThan(3)
  })
})
