/**
 * PGlite's limits, measured with the real commands, so the README can say when to move to
 * PostgreSQL with figures rather than guesses.
 *
 * Why a separate benchmark: bench/import.bench.ts imports in its own process on PostgreSQL only.
 * PGlite runs the database inside the command's own process, so its memory is the command's
 * memory, and its start-up reads the data directory: both grow with the data. This runs
 * `best-chance import` and `best-chance serve` as children, exactly as an operator would, on both
 * engines, and measures:
 *   - a synthetic Fingertips file of 100,000 rows, then one of 1,000,000 (BENCH_ROWS changes
 *     them; the larger file's first rows are the smaller file's, unchanged, so the second import
 *     takes the data to the larger size): wall time, and the command's peak resident set size from
 *     GNU time (%M, the kernel's own high-water mark); on PostgreSQL also the server backends' peak;
 *   - `best-chance serve` start-up, spawn to the first 200 from /health, with an empty data
 *     directory (a fresh one each run), then restarted with nothing imported and after each import
 *     (3 runs each), with the process's resident memory when it first answers;
 *   - the data directory's size (PGlite) and the database's size (PostgreSQL) at each step.
 * Writes bench/results/pglite-limits.json and .md. Needs GNU time at /usr/bin/time and the
 * PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), where it
 * creates and drops its own database. Run: node --import tsx bench/pglite-limits.bench.ts
 */
import { spawn, type ChildProcess } from 'node:child_process'
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { projectRoot } from '../src/config.js'

const sizes = (process.env.BENCH_ROWS ?? '100000,1000000').split(',').map(Number)
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const STARTS = Number(process.env.BENCH_STARTS ?? 3)
const CLI = ['--import', 'tsx', 'src/app/cli/main.ts']
/** A shipped indicator with a Fingertips id: the command line loads only data/indicators. */
const FINGERTIPS_ID = '20101'

const header =
  'Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal'

/** Synthetic proportions with unique keys (year × area × sex × age band × category), deterministic, so a larger file begins with the smaller one. */
async function writeSyntheticFile(file: string, rows: number) {
  const areas = readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((f) => f[2] === 'county_ua')
    .map((f) => f[0]!)
  const out = createWriteStream(file)
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))
  await write(header + '\n')
  const sexes = ['Persons', 'Male', 'Female']
  const ages = Array.from({ length: 20 }, (_, i) => `${i * 5}-${i * 5 + 4} yrs`)
  const categories = [
    ['', ''],
    ['Deprivation decile', 'Most deprived decile'],
    ['Deprivation decile', 'Least deprived decile'],
    ['Ethnic group', 'Black'],
  ]
  let n = 0
  outer: for (let year = 2000; ; year++) {
    for (const area of areas)
      for (const sex of sexes)
        for (const age of ages)
          for (const [ct, c] of categories) {
            if (n++ >= rows) break outer
            const denominator = 1000 + (n % 5000)
            const count = 10 + (n % 400)
            const value = ((count / denominator) * 100).toFixed(4)
            await write(
              [
                FINGERTIPS_ID,
                'Synthetic proportion',
                'E92000001',
                'England',
                area,
                'Synthetic area',
                'County & UA',
                sex,
                age,
                ct,
                c,
                String(year),
                value,
                '',
                '',
                '',
                '',
                String(count),
                String(denominator),
                '',
                '',
                '',
                '',
                `${year}0000`,
                '',
                '',
              ].join(',') + '\n',
            )
          }
  }
  await new Promise<void>((resolve) => out.end(resolve))
}

interface Exit {
  code: number | null
  stdout: string
  stderr: string
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onSpawn?: (child: ChildProcess) => void,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.on('error', reject)
    child.on('exit', (code) => setImmediate(() => resolve({ code, stdout, stderr })))
    onSpawn?.(child)
  })
}

function envFor(target: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  delete env.DATA_DIR
  return { ...env, ...target }
}

/** Resident memory of a process from /proc: VmRSS now, VmHWM its peak so far (KiB). */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') }
  } catch {
    return null
  }
}

const mib = (kib: number) => Math.round(kib / 1024)

interface ImportResult {
  rows: number
  seconds: number
  peakRssMiB: number
  serverBackendPeakMiB: number | null
  report: string
}

/** `best-chance import`, under GNU time for the exact peak RSS; on PostgreSQL, the backends' peaks sampled meanwhile. */
async function timedImport(
  file: string,
  rows: number,
  target: Record<string, string>,
  admin: pg.Client | null,
  dbName: string | null,
): Promise<ImportResult> {
  const backendPeaks = new Map<number, number>()
  let sampling = true
  const sampler = (async () => {
    while (sampling && admin) {
      const { rows: pids } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
        dbName,
      ])
      for (const { pid } of pids) {
        const m = memoryOf(pid)
        if (m) backendPeaks.set(pid, Math.max(backendPeaks.get(pid) ?? 0, m.hwm))
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  const started = process.hrtime.bigint()
  const exit = await run(
    '/usr/bin/time',
    ['-f', 'peak_rss_kib=%M', process.execPath, ...CLI, 'import', file],
    envFor(target),
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  sampling = false
  await sampler
  const peak = /peak_rss_kib=(\d+)/.exec(exit.stderr)
  if (exit.code !== 0 || !peak)
    throw new Error(`import failed (${exit.code}):\n${exit.stdout}\n${exit.stderr.slice(0, 3000)}`)
  return {
    rows,
    seconds,
    peakRssMiB: mib(Number(peak[1])),
    serverBackendPeakMiB: admin ? mib(Math.max(0, ...backendPeaks.values())) : null,
    report: exit.stdout.trim().split('\n')[0]!,
  }
}

interface StartResult {
  seconds: number
  rssMiB: number
}

/** `best-chance serve`: seconds from spawn to the first 200 from /health, and its resident memory then; stopped with SIGTERM. */
async function timedStart(target: Record<string, string>): Promise<StartResult> {
  let child: ChildProcess | null = null
  let stdout = ''
  const started = process.hrtime.bigint()
  const exited = run(
    process.execPath,
    [...CLI, 'serve'],
    envFor({ ...target, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production' }),
    (c) => {
      child = c
      c.stdout!.on('data', (d: Buffer) => (stdout += d))
    },
  )
  let result: StartResult
  for (;;) {
    const url = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1]
    if (url) {
      const res = await fetch(`${url}/health`).catch(() => null)
      if (res?.status === 200) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        result = { seconds, rssMiB: mib(memoryOf(child!.pid!)?.rss ?? 0) }
        break
      }
    }
    if (child!.exitCode !== null) throw new Error(`serve stopped: ${(await exited).stderr.slice(0, 3000)}`)
    await new Promise((r) => setTimeout(r, 10))
  }
  child!.kill('SIGTERM')
  await exited
  return result
}

async function starts(
  target: Record<string, string>,
  times = STARTS,
): Promise<{ medianSeconds: number; runs: number[]; rssMiB: number }> {
  const results: StartResult[] = []
  for (let i = 0; i < times; i++) results.push(await timedStart(target))
  const runs = results.map((r) => Number(r.seconds.toFixed(2)))
  const sorted = [...runs].sort((a, b) => a - b)
  return {
    medianSeconds: sorted[Math.floor(sorted.length / 2)]!,
    runs,
    rssMiB: Math.max(...results.map((r) => r.rssMiB)),
  }
}

function directorySize(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size
  }
  return total
}

const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')

/** The one-minute load average, sampled every 5 s while the benchmark runs: the machine is shared. */
function sampleLoad() {
  const samples: number[] = [os.loadavg()[0]!]
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 5000).unref()
  return () => {
    clearInterval(timer)
    const sorted = [...samples].sort((a, b) => a - b)
    return {
      samples: samples.length,
      min: sorted[0]!,
      median: sorted[Math.floor(sorted.length / 2)]!,
      max: sorted.at(-1)!,
    }
  }
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-pglite-limits-'))
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  const dbName = `bc_bench_limits_${process.pid}`
  const loadBefore = loadAverage()
  const loadDuring = sampleLoad()
  try {
    const files: Record<number, string> = {}
    for (const rows of sizes) {
      console.log(`writing ${rows.toLocaleString('en-GB')} synthetic rows…`)
      files[rows] = path.join(scratch, `synthetic-${rows}.csv`)
      await writeSyntheticFile(files[rows]!, rows)
    }

    // PGlite: an empty data directory each time, then one directory through every step.
    console.log('PGlite: serve with an empty data directory…')
    const empty = await (async () => {
      const runs: StartResult[] = []
      for (let i = 0; i < STARTS; i++) runs.push(await timedStart({ DATA_DIR: path.join(scratch, `empty-${i}`) }))
      const seconds = runs.map((r) => Number(r.seconds.toFixed(2)))
      return {
        medianSeconds: [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)]!,
        runs: seconds,
        rssMiB: Math.max(...runs.map((r) => r.rssMiB)),
      }
    })()
    const dataDir = path.join(scratch, 'empty-0')
    const pglite = { DATA_DIR: dataDir }
    const pgliteSteps = [
      {
        rows: 0,
        import: null as ImportResult | null,
        start: await starts(pglite),
        dataMiB: Math.round(directorySize(dataDir) / 2 ** 20),
      },
    ]
    for (const rows of sizes) {
      console.log(`PGlite: import ${rows.toLocaleString('en-GB')} rows…`)
      const imported = await timedImport(files[rows]!, rows, pglite, null, null)
      console.log(`  ${imported.report} in ${imported.seconds.toFixed(1)} s, peak ${imported.peakRssMiB} MiB`)
      console.log('PGlite: restarts…')
      pgliteSteps.push({
        rows,
        import: imported,
        start: await starts(pglite),
        dataMiB: Math.round(directorySize(dataDir) / 2 ** 20),
      })
    }

    // PostgreSQL: the same steps on a fresh database.
    await admin.query(`create database ${dbName}`)
    const url = new URL(serverUrl)
    url.pathname = `/${dbName}`
    const postgres = { DATABASE_URL: url.toString() }
    const dbSize = async () =>
      Math.round(Number((await admin.query('select pg_database_size($1) as size', [dbName])).rows[0].size) / 2 ** 20)
    console.log('PostgreSQL: serve on an empty database…')
    const pgFirst = await timedStart(postgres)
    const postgresSteps = [
      { rows: 0, import: null as ImportResult | null, start: await starts(postgres), dataMiB: await dbSize() },
    ]
    for (const rows of sizes) {
      console.log(`PostgreSQL: import ${rows.toLocaleString('en-GB')} rows…`)
      const imported = await timedImport(files[rows]!, rows, postgres, admin, dbName)
      console.log(
        `  ${imported.report} in ${imported.seconds.toFixed(1)} s, peak ${imported.peakRssMiB} MiB (server backends ${imported.serverBackendPeakMiB} MiB)`,
      )
      postgresSteps.push({ rows, import: imported, start: await starts(postgres), dataMiB: await dbSize() })
    }

    const result = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      loadAverage: { before: loadBefore, after: loadAverage(), oneMinuteDuring: loadDuring() },
      file: `synthetic Fingertips-format CSV, 26 columns, indicator ${FINGERTIPS_ID}; each larger file begins with the smaller one`,
      pglite: { emptyDataDirectoryStart: empty, steps: pgliteSteps },
      postgres: {
        emptyDatabaseStart: { seconds: Number(pgFirst.seconds.toFixed(2)), rssMiB: pgFirst.rssMiB },
        steps: postgresSteps,
      },
    }
    mkdirSync(path.join(projectRoot, 'bench/results'), { recursive: true })
    writeFileSync(path.join(projectRoot, 'bench/results/pglite-limits.json'), JSON.stringify(result, null, 2) + '\n')
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {})
    await admin.end()
    rmSync(scratch, { recursive: true, force: true })
  }
}

await main()
