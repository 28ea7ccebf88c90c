/**
 * The national benchmark (`npm run bench:national`, part of `npm run bench`): writes the synthetic
 * national dataset in Fingertips export format (bench/lib/national-dataset.ts) and, on each engine,
 * measures in one run: raw COPY of the file into a bare table; our import of it (importData);
 * recomputing the summaries of every indicator in it (recomputeSummaries); re-importing the unchanged
 * file; then the overview, an indicator page, an API call and the whole-data CSV download at 10 and 50
 * connections, page cache on and off, each against the same bytes served as a static file by the
 * same server. Results: bench/results/national[-<label>].json and .md.
 *
 * Environment: BENCH_NATIONAL_ROWS (default: full size, about 4.5 million; rounded up to whole
 * indicators), BENCH_ENGINES (postgres,pglite), BENCH_SECONDS (5 per load run), BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/test; the benchmark creates and drops its own database there),
 * BENCH_RESULTS_NAME (national), BENCH_DOWNLOAD (/downloads/latest/data.csv), BENCH_RENDER_LIMIT_S (300:
 * the longest the server's start may take to answer every target once; a target with no answer by
 * then is recorded and left out), BENCH_SLOW_MS (2000: uncached, a target whose one answer took
 * longer is not load-tested, as its requests would outlive the run and spoil the next),
 * BENCH_SMALL_COUNT_EVERY (400: one row in so many has a count below the disclosure threshold; 0: none).
 * Only public entry points: importData, recomputeSummaries, the loaders, and the server over HTTP.
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { loadConfig, projectRoot } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { loadStrategyFolder } from '../src/app/server.js'
import { importData } from '../src/modules/indicators/import/import.service.js'
import { recomputeSummaries } from '../src/modules/indicators/summaries/summaries.service.js'
import { loadAreas, loadIndicatorMetadata } from '../src/modules/indicators/reference-data.js'
import { YEARS, benchMetadata, nationalAreas, rowsPerIndicator, writeNationalFile } from './lib/national-dataset.js'
import type { BenchIndicator } from './lib/national-dataset.js'
import { machine, measure } from './lib/measure.js'
import { rawCopyPglite, rawCopyPostgres } from './lib/raw-copy.js'
import { ServerTimeout, runLoad, startServer } from './lib/load.js'
import { staticPath, type FirstAnswer } from './lib/static-baseline.js'
import {
  writeNationalResults,
  type EngineResult,
  type FirstAnswerRow,
  type ImportCounts,
  type LoadRow,
} from './lib/national-report.js'

type Engine = 'postgres' | 'pglite'
const requestedRows = Number(process.env.BENCH_NATIONAL_ROWS ?? Number.POSITIVE_INFINITY)
const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',') as Engine[]
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const resultsName = process.env.BENCH_RESULTS_NAME ?? 'national'
const download = process.env.BENCH_DOWNLOAD ?? '/downloads/latest/data.csv'
/** The longest the server's start may take to give every target's first answer. */
const renderLimitS = Number(process.env.BENCH_RENDER_LIMIT_S ?? 300)
/** Uncached, a target slower than this once is not load-tested (its requests would outlive the run). */
const slowMs = Number(process.env.BENCH_SLOW_MS ?? 2000)
const smallCountEvery = Number(process.env.BENCH_SMALL_COUNT_EVERY ?? 400)
const CONNECTIONS = [10, 50]
const BREAKDOWNS = 13

interface Prepared {
  /** What the app's server process is given to open the same database. */
  env: Record<string, string>
  open: () => Promise<DatabaseHandle>
  rawCopy: (file: string, rows: number) => ReturnType<typeof rawCopyPostgres>
  drop: () => Promise<void>
}

/** An empty database of the engine's own: a new database on the server, or a new PGlite directory. */
async function prepare(engine: Engine, scratch: string): Promise<Prepared> {
  if (engine === 'pglite') {
    const dataDir = path.join(scratch, 'pglite-data')
    const bare = path.join(scratch, 'pglite-bare')
    mkdirSync(dataDir)
    return {
      env: { DATABASE_URL: '', BENCH_DATA_DIR: dataDir },
      open: () => openDatabase({ databaseUrl: null, dataDir, holder: 'bench' }),
      rawCopy: async (file, rows) => {
        mkdirSync(bare)
        try {
          return await rawCopyPglite(bare, file, rows)
        } finally {
          rmSync(bare, { recursive: true, force: true })
        }
      },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    }
  }
  const name = `bc_national_${process.pid}`
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(sql).finally(() => client.end())
  }
  await admin(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString(), dataDir: null }),
    rawCopy: (file, rows) => rawCopyPostgres(url.toString(), file, rows),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  }
}

/** Areas, the benchmark's copy of the indicator metadata and the strategies, as the app loads them at start. */
async function loadReference(database: DatabaseHandle, metadataFiles: string[]) {
  await migrateToLatest(database.db)
  await loadAreas(
    database.db,
    readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8'),
    readFileSync(path.join(projectRoot, 'data/areas/comparator-groups.csv'), 'utf8'),
  )
  await loadIndicatorMetadata(database.db, metadataFiles)
  await loadStrategyFolder(database, loadConfig({ ...process.env, NODE_ENV: 'production' }), () => {})
}

async function timedImport(database: DatabaseHandle, file: string, rows: number) {
  let counts: ImportCounts | null = null
  const phase = await measure(rows, async () => {
    const r = await importData(database.db, createReadStream(file), {
      sourceName: path.basename(file),
      actor: 'bench',
      defaults: { source: 'Synthetic national benchmark data' },
    })
    if (!r.stored || r.rejected > 0)
      throw new Error(`the bench file did not load: ${JSON.stringify({ ...r, errors: r.errors.slice(0, 5) })}`)
    const { added, revised, unchanged, rejected } = r
    counts = { added, revised, unchanged, rejected, warnings: r.warnings.length + r.warningsOmitted }
  })
  return { ...phase, ...counts! }
}

/** Import, summaries and re-import on one engine, then the pages with the cache on and off. */
async function benchEngine(
  engine: Engine,
  scratch: string,
  file: { path: string; rows: number },
  metadata: { files: string[]; indicators: BenchIndicator[] },
): Promise<EngineResult> {
  const prepared = await prepare(engine, scratch)
  try {
    console.log(`${engine}: raw COPY…`)
    const rawCopy = await prepared.rawCopy(file.path, file.rows)
    const database = await prepared.open()
    let result: Omit<EngineResult, 'pages' | 'firstAnswers'>
    try {
      await loadReference(database, metadata.files)
      console.log(`${engine}: import…`)
      const firstImport = await timedImport(database, file.path, file.rows)
      if (firstImport.added !== file.rows) throw new Error(`${firstImport.added} of ${file.rows} rows added`)
      console.log(`${engine}: summaries…`)
      let written = 0
      const ids = metadata.indicators.map((i) => i.id)
      const summaries = await measure(file.rows, async () => (written = await recomputeSummaries(database.db, ids)))
      console.log(`${engine}: re-import…`)
      const reimport = await timedImport(database, file.path, file.rows)
      result = {
        engine,
        rawCopy,
        firstImport,
        importVsCopy: Number((firstImport.rowsPerSecond / rawCopy.rowsPerSecond).toFixed(3)),
        summaries: { ...summaries, written },
        reimport,
        reimportVsFirst: Number((reimport.seconds / firstImport.seconds).toFixed(3)),
      }
    } finally {
      await database.close()
    }
    const on = await benchPages(engine, 'on', prepared.env, metadata.indicators[0]!.id)
    const off = await benchPages(engine, 'off', prepared.env, metadata.indicators[0]!.id)
    return { ...result, firstAnswers: [...on.firstAnswers, ...off.firstAnswers], pages: [...on.rows, ...off.rows] }
  } finally {
    await prepared.drop()
  }
}

interface Target {
  name: string
  label: string
  url: string
}

/**
 * Starts the app's server, whose start takes each target's first answer; a target with no answer
 * within the limit (an uncached page can take minutes) is recorded and left out, and the server
 * started again without it.
 */
async function startWithin(env: Record<string, string>, cache: 'on' | 'off', targets: Target[]) {
  const firstAnswers: FirstAnswerRow[] = []
  let remaining = targets
  for (;;) {
    const started = Date.now()
    try {
      const server = await startServer(
        'national-server.ts',
        {
          ...env,
          PAGE_CACHE: cache,
          BENCH_TARGETS: JSON.stringify(Object.fromEntries(remaining.map((t) => [t.name, t.url]))),
        },
        renderLimitS * 1000,
      )
      const firsts = JSON.parse(server.words[0]!) as Record<string, FirstAnswer>
      for (const t of remaining) firstAnswers.push({ cache, target: t.label, url: t.url, ...firsts[t.name]! })
      return { server, firstAnswers, answered: remaining }
    } catch (error) {
      if (!(error instanceof ServerTimeout)) throw error
      const answered = new Set([...error.output.matchAll(/answered (\S+)/g)].map((m) => m[1]))
      const slow = remaining.find((t) => !answered.has(t.name))!
      const seconds = Math.round((Date.now() - started) / 1000)
      console.log(`  ${slow.label}: no first answer within ${seconds} s of the server's start; left out`)
      firstAnswers.push({
        cache,
        target: slow.label,
        url: slow.url,
        bytes: null,
        ms: null,
        note: `no answer within ${seconds} s of start`,
      })
      remaining = remaining.filter((t) => t !== slow)
    }
  }
}

async function benchPages(engine: Engine, cache: 'on' | 'off', env: Record<string, string>, indicator: string) {
  const targets: Target[] = [
    { name: 'overview', label: 'overview', url: '/' },
    { name: 'indicator', label: 'indicator page', url: `/indicators/${indicator}` },
    { name: 'api', label: 'API: an indicator’s data (first page)', url: `/api/v1/indicators/${indicator}/data` },
    { name: 'download', label: 'download: the whole dataset as CSV', url: download },
  ]
  console.log(`${engine}: pages with the cache ${cache}…`)
  const { server, firstAnswers, answered } = await startWithin(env, cache, targets)
  const base = `http://127.0.0.1:${server.port}`
  const rows: LoadRow[] = []
  try {
    for (const t of answered) {
      const first = firstAnswers.find((f) => f.url === t.url)!
      // Uncached, a page that takes seconds would leave its load run's requests working long after it.
      if (cache === 'off' && first.ms! > slowMs) {
        first.note = `load runs left out: one uncached answer took ${first.ms} ms (over ${slowMs} ms)`
        continue
      }
      for (const connections of CONNECTIONS) {
        const staticFile = await runLoad(base + staticPath(t.name), connections, seconds)
        const r = await runLoad(base + t.url, connections, seconds)
        const ratioToStatic = Number((r.requestsPerSecond / Math.max(1, staticFile.requestsPerSecond)).toFixed(3))
        rows.push({ ...r, cache, target: t.label, url: t.url, bytes: first.bytes!, staticFile, ratioToStatic })
        console.log(
          `  ${t.label} @${connections}: ${r.requestsPerSecond} req/s, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms (static ${staticFile.requestsPerSecond} req/s)`,
        )
      }
    }
  } finally {
    await server.stop()
  }
  return { rows, firstAnswers }
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-national-'))
  try {
    const areas = await nationalAreas(readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8'))
    const dir = path.join(projectRoot, 'data/indicators')
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort() // best-chance.yaml first: the primary strategy's indicators lead
      .map((f) => path.join(dir, f))
    mkdirSync(path.join(scratch, 'indicators'))
    const metadata = benchMetadata(sources, path.join(scratch, 'indicators'))
    const fullRows = rowsPerIndicator(areas.length) * metadata.indicators.length
    const filePath = path.join(scratch, 'national.csv')
    console.log(`writing the national file (${Math.min(requestedRows, fullRows).toLocaleString('en-GB')} rows asked)…`)
    let written: Awaited<ReturnType<typeof writeNationalFile>> | null = null
    const write = await measure(0, async () => {
      written = await writeNationalFile(
        filePath,
        areas,
        metadata.indicators,
        Math.min(requestedRows, fullRows),
        smallCountEvery,
      )
    })
    const { rows, indicators } = written!
    const engineResults: EngineResult[] = []
    for (const engine of engines)
      engineResults.push(await benchEngine(engine, scratch, { path: filePath, rows }, { ...metadata, indicators }))
    writeNationalResults(resultsName, {
      measuredAt: new Date().toISOString(),
      command: `BENCH_NATIONAL_ROWS=${process.env.BENCH_NATIONAL_ROWS ?? ''} BENCH_ENGINES=${engines.join(',')} BENCH_SECONDS=${seconds} BENCH_RENDER_LIMIT_S=${renderLimitS} BENCH_SMALL_COUNT_EVERY=${smallCountEvery} npm run bench:national`,
      machine: machine(),
      scale: {
        rows,
        fullRows,
        areas: areas.length,
        indicators: indicators.length,
        periods: YEARS,
        breakdowns: BREAKDOWNS,
        smallCountEvery,
      },
      file: { bytes: statSync(filePath).size, writeSeconds: write.seconds },
      secondsPerLoadRun: seconds,
      engines: engineResults,
    })
    console.log(`written bench/results/${resultsName}.json and ${resultsName}.md`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

await main()
