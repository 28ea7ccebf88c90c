/**
 * Fuzzing the three importers (indicator data, actions, risks) on both engines with generated and
 * damaged CSV and XLSX files (test/helpers/fuzz-files.ts). For every file: an answer within 10 s,
 * never a hang; never an exception (that would be an exit with no line); every error has a reason
 * and, for a CSV, a line (a workbook's whole-file faults have none); a dry run finds exactly what
 * the real import finds; and when there is any error nothing at all is stored. Runs are bounded so
 * the suite stays within CI's five minutes. fast-check runs the cases (test/helpers/random.ts): FUZZ_SEED
 * and FUZZ_PATH, from its report, replay a failing case; FUZZ_RUNS searches more;
 * FUZZ_VERBOSE=1 prints each case's outcome.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { readCsvRecords, type CsvRecord } from '../../src/lib/csv-stream.js'
import { importActions } from '../../src/modules/delivery/delivery.import.js'
import { importData, importRecords } from '../../src/modules/indicators/import/import.service.js'
import { readXlsxRecords } from '../../src/lib/xlsx-records.js'
import { loadShippedData } from '../../src/modules/indicators/startup-data.js'
import { importRisks } from '../../src/modules/risks/risks.import.js'
import type { StrategyReadModel } from '../../src/modules/strategy/strategy.read-model.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { loadStrategyFolder } from '../../src/app/server.js'
import { chunksOf, fuzzCase, rowsFor, toXlsx, type FuzzCase, type Importer } from '../helpers/fuzz-files.js'
import { forAll, Random } from '../helpers/random.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { SEED_ONLY } from '../helpers/test-app.js'

/** Cases per importer and engine: about a minute and a half in all, both engines, on a 2-core machine. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100)
const ANSWER_WITHIN_MS = 10_000

const dir = mkdtempSync(path.join(os.tmpdir(), 'import-fuzz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Every problem an import reported, as a line (null: the whole file) and its words. */
interface Outcome {
  problems: { line: number | null; message: string }[]
  counts: Record<string, number>
  stored: boolean
}

describe.each(engines)('every importer, fed generated and damaged files, on %s', (engine) => {
  let handle: DatabaseHandle
  let model: StrategyReadModel
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' })

  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    await loadStrategyFolder(handle, config, () => {})
    await loadShippedData(handle.db, path.join(projectRoot, 'data'), () => {}, { datasets: SEED_ONLY })
    model = await strategyService(handle.db, config.primaryStrategy).readModel()
  }, 180_000)
  afterAll(async () => handle?.close())

  /** Rows in every table an import writes, and the data version: equal before and after a refused file. */
  async function stored(): Promise<Record<string, number>> {
    const { rows } = await sql<Record<string, number>>`
      select (select count(*) from data_points)::integer as data_points, (select count(*) from import_batches)::integer as import_batches,
        (select count(*) from actions)::integer as actions, (select count(*) from risks)::integer as risks,
        (select count(*) from risk_links)::integer as risk_links, (select count(*) from audit_events)::integer as audit_events,
        (select count(*) from indicator_summaries)::integer as summaries, (select version from data_version)::integer as version`.execute(
      handle.db,
    )
    return rows[0]!
  }

  let files = 0
  function recordsOf(c: FuzzCase): { records: () => AsyncIterable<CsvRecord>; name: string } {
    const name = `fuzz-${engine}-${++files}.${c.kind}`
    if (c.kind === 'csv') return { name, records: () => readCsvRecords(chunksOf(c)) }
    const file = path.join(dir, name)
    writeFileSync(file, c.bytes)
    return { name, records: () => readXlsxRecords(file) }
  }

  async function run(c: FuzzCase, dryRun: boolean): Promise<Outcome> {
    const { records, name } = recordsOf(c)
    if (c.importer === 'data') {
      const options = {
        sourceName: name,
        actor: 'fuzz',
        dryRun,
        format: c.kind === 'xlsx' ? ('xlsx' as const) : undefined,
      }
      const report =
        c.kind === 'csv'
          ? await importData(handle.db, chunksOf(c), options)
          : await importRecords(handle.db, records(), options)
      const { added, revised, unchanged, rejected, rowsRead } = report
      return {
        problems: report.errors.map((e) => ({ line: e.line, message: `${e.column ?? ''}: ${e.reason}` })),
        counts: { added, revised, unchanged, rejected, rowsRead },
        stored: report.stored,
      }
    }
    if (c.importer === 'actions') {
      const report = await importActions(handle.db, records(), {
        fileName: name,
        strategyId: config.primaryStrategy,
        dryRun,
      })
      const { created, updated, unchanged, rows } = report
      return {
        problems: report.problems.map((p) => ({ line: p.line, message: `${p.column}: ${p.message}` })),
        counts: { created, updated, unchanged, rows },
        stored: report.stored,
      }
    }
    const report = await importRisks(handle.db, model, records(), { fileName: name, dryRun })
    const { added, updated, unchanged, rowsRead } = report
    const problems = report.errors.map((e) => {
      const m = /^[^:]+?(?::(\d+))?: (.*)$/s.exec(e)
      expect(m, `a problem names the file: ${e}`).not.toBeNull()
      return { line: m![1] ? Number(m![1]) : null, message: m![2]! }
    })
    return { problems, counts: { added, updated, unchanged, rowsRead }, stored: report.stored }
  }

  /** The import's answer, or a failure saying it hung. */
  async function within<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${ANSWER_WITHIN_MS / 1000} s: the import hangs`)),
        ANSWER_WITHIN_MS,
      )
    })
    try {
      return await Promise.race([work, hang])
    } finally {
      clearTimeout(timer)
    }
  }

  const describeCase = (c: FuzzCase) =>
    `${c.importer} ${c.kind}, ${c.bytes.length} bytes, cut at [${c.cuts.join(', ')}]: ${c.story.join('; ')}`

  async function property(c: FuzzCase) {
    const before = await stored()
    const dry = await within(run(c, true))
    expect(await stored(), 'a dry run stores nothing').toEqual(before)
    const real = await within(run(c, false))
    if (process.env.FUZZ_VERBOSE)
      console.log(
        describeCase(c),
        '→',
        real.stored ? 'stored' : 'refused',
        JSON.stringify(real.counts),
        real.problems
          .slice(0, 2)
          .map((p) => `${p.line}: ${p.message.slice(0, 90)}`)
          .join(' | '),
      )
    for (const p of real.problems) {
      expect(p.message.replace(/^[^:]*: /, '').trim(), 'every problem says what is wrong').not.toBe('')
      if (c.kind === 'csv') expect(p.line, `a CSV's problem names its line: ${p.message}`).toBeGreaterThan(0)
      else expect(p.line === null || p.line > 0, `a line, or the whole file: ${p.message}`).toBe(true)
    }
    expect(dry.problems, 'the dry run finds what the import finds').toEqual(real.problems)
    expect(dry.counts, 'the dry run counts what the import does').toEqual(real.counts)
    if (real.problems.length) {
      expect(real.stored, 'refused: not stored').toBe(false)
      expect(await stored(), 'refused: nothing stored').toEqual(before)
    }
  }

  it.each<Importer>(['data', 'actions', 'risks'])(
    '%s: a clear error with its line, or a success; never a hang, an exception or stored data on error',
    async (importer) => {
      await forAll(RUNS, (r) => fuzzCase(importer, r), property, describeCase)
    },
    600_000,
  )

  it.each<Importer>(['data', 'actions', 'risks'])(
    '%s: refuses a workbook cut short at 10 points, each at once, storing nothing',
    async (importer) => {
      const r = new Random(12)
      const rows = rowsFor(importer, r)
      while (rows.length < 40) rows.push(rows.at(-1) ?? rows[0]!)
      const bytes = await toXlsx(rows, r)
      for (let k = 1; k <= 10; k++) {
        const cut = k === 10 ? bytes.length - 5 : Math.floor((bytes.length * k) / 10)
        const c: FuzzCase = {
          importer,
          kind: 'xlsx',
          bytes: bytes.subarray(0, cut),
          cuts: [],
          story: [`cut at ${cut} of ${bytes.length}`],
        }
        const before = await stored()
        const started = Date.now()
        const outcome = await within(run(c, false))
        expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS)
        expect(outcome.problems).toEqual([
          { line: null, message: expect.stringMatching(/the workbook is incomplete: its end is missing/) },
        ])
        expect(await stored()).toEqual(before)
      }
    },
    120_000,
  )
})
