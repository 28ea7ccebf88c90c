/**
 * Import benchmark: synthetic Fingertips-format files (100,000 and 1,000,000 rows by default;
 * BENCH_ROWS=a,b,… to change) loaded by our importer and, in the same run, by the engine's own
 * COPY of the same file into a bare table: on PostgreSQL (`COPY … FROM STDIN`) and on PGlite
 * (`COPY … FROM '/dev/blob'`, the whole file handed over as the blob; both PGlite databases in
 * scratch data directories, as a deployment keeps them). Two sizes show whether memory stays flat.
 * BENCH_ENGINES=postgres or pglite measures one engine only.
 * The machine is noisy, so the figure that matters is the ratio measured in one run; the load
 * average at the start and end of each phase is recorded with it. Peak memory is the highest
 * resident set size sampled during each phase, above what the process held before it.
 * Writes bench/results/import.json and import.md after every measurement. Needs the PostgreSQL at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), where it creates and drops
 * its own database.
 */
import { createReadStream, mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { projectRoot } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { importData, type ImportReport } from '../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata, readCsvObjects } from '../src/modules/indicators/reference-data.js'
import { header, writeSyntheticFile } from './synthetic-fingertips.js'
import { writeImportResults, type EngineResult, type Measured } from './import-results.js'

const sizes = (process.env.BENCH_ROWS ?? '100000,1000000').split(',').map(Number)
const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',')
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const bareTable = `create table bare_copy (${header
  .split(',')
  .map((_, i) => `c${i} text`)
  .join(', ')})`

/** Runs a phase, sampling memory; returns seconds, peak resident set above the start, and the load. */
async function measure(rows: number, run: () => Promise<unknown>): Promise<Measured> {
  global.gc?.()
  const loadBefore = os.loadavg()[0]!
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25)
  const started = process.hrtime.bigint()
  await run()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  return {
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    peakMemoryMiB: Math.round((peak - baseline) / 2 ** 20),
    loadAverage: [Number(loadBefore.toFixed(2)), Number(os.loadavg()[0]!.toFixed(2))],
  }
}

async function prepare(database: DatabaseHandle, areasCsv: string) {
  await migrateToLatest(database.db)
  const groups = readFileSync(path.join(projectRoot, 'data/areas/comparator-groups.csv'), 'utf8')
  await loadAreas(database.db, areasCsv, groups)
  await loadIndicatorMetadata(database.db, [path.join(projectRoot, 'test/fixtures/indicators/test-indicators.yaml')])
}

async function ourImport(database: DatabaseHandle, file: string, rows: number) {
  let report: ImportReport | null = null
  const measured = await measure(rows, async () => {
    report = await importData(database.db, createReadStream(file), {
      sourceName: 'synthetic',
      actor: 'bench',
      defaults: { source: 'synthetic benchmark data' },
    })
  })
  const r = report!
  if (!r.stored || r.added !== rows)
    throw new Error(`bench rows did not all load: ${JSON.stringify({ ...r, errors: r.errors.slice(0, 5) })}`)
  return { ...measured, added: r.added, rejected: r.rejected, warnings: r.warnings.length + r.warningsOmitted }
}

function result(
  engine: EngineResult['engine'],
  rows: number,
  rawCopy: Measured,
  copied: number,
  ours: EngineResult['ourImport'],
): EngineResult {
  if (copied !== rows) throw new Error(`raw COPY loaded ${copied} of ${rows} rows`)
  return {
    engine,
    rows,
    rawCopy,
    ourImport: ours,
    speedOfOursVsCopy: Number((ours.rowsPerSecond / rawCopy.rowsPerSecond).toFixed(3)),
  }
}

async function onPostgres(rows: number, file: string, admin: pg.Client, areasCsv: string): Promise<EngineResult> {
  const dbName = `bc_bench_${process.pid}_${rows}`
  await admin.query(`create database ${dbName}`)
  const url = new URL(serverUrl)
  url.pathname = `/${dbName}`
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: null })
    await prepare(database, areasCsv)
    console.log('raw COPY into a bare table (PostgreSQL)…')
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    await client.query(bareTable)
    const copy = await measure(rows, () =>
      pipeline(
        createReadStream(file),
        client.query(copyFrom('copy bare_copy from stdin with (format csv, header true)')),
      ),
    )
    const copied = Number((await client.query('select count(*) from bare_copy')).rows[0].count)
    await client.end()
    console.log('our import (PostgreSQL)…')
    const ours = await ourImport(database, file, rows)
    await database.close()
    return result('postgres', rows, copy, copied, ours)
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`)
  }
}

async function onPGlite(rows: number, file: string, scratch: string, areasCsv: string): Promise<EngineResult> {
  const bareDir = mkdtempSync(path.join(scratch, 'pglite-copy-'))
  const oursDir = mkdtempSync(path.join(scratch, 'pglite-ours-'))
  try {
    console.log('raw COPY into a bare table (PGlite)…')
    const bare = new PGlite(bareDir)
    await bare.waitReady
    await bare.exec(bareTable)
    const copy = await measure(rows, async () => {
      const blob = await openAsBlob(file)
      await bare.query("copy bare_copy from '/dev/blob' with (format csv, header true)", [], { blob })
    })
    const copied = (await bare.query<{ n: number }>('select count(*)::integer as n from bare_copy')).rows[0]!.n
    await bare.close()
    rmSync(bareDir, { recursive: true, force: true })
    const database = await openDatabase({ databaseUrl: null, dataDir: oursDir })
    await prepare(database, areasCsv)
    console.log('our import (PGlite)…')
    const ours = await ourImport(database, file, rows)
    await database.close()
    return result('pglite', rows, copy, copied, ours)
  } finally {
    rmSync(bareDir, { recursive: true, force: true })
    rmSync(oursDir, { recursive: true, force: true })
  }
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-bench-'))
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    const areasCsv = readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8')
    const areas = (await readCsvObjects(areasCsv))
      .filter((a) => a.type === 'county_ua')
      .map((a) => ({ code: a.code!, name: a.name! }))
    const results: EngineResult[] = []
    for (const rows of sizes) {
      const file = path.join(scratch, `fingertips-synthetic-${rows}.csv`)
      console.log(`writing ${rows.toLocaleString('en-GB')} synthetic rows…`)
      await writeSyntheticFile(file, areas, rows)
      if (engines.includes('postgres')) {
        results.push(await onPostgres(rows, file, admin, areasCsv))
        writeImportResults(results)
      }
      if (engines.includes('pglite')) {
        results.push(await onPGlite(rows, file, scratch, areasCsv))
        writeImportResults(results)
      }
      rmSync(file)
    }
    console.log(JSON.stringify(results, null, 2))
  } finally {
    await admin.end()
    rmSync(scratch, { recursive: true, force: true })
  }
}

await main()
