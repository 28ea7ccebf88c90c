/**
 * Import benchmark: synthetic Fingertips-format files (100,000 and 1,000,000 rows by default;
 * BENCH_ROWS=a,b,… to change) loaded by our importer and, in the same run, by raw PostgreSQL COPY
 * into a bare table. Two sizes show whether memory stays flat as the file grows.
 * The machine is noisy, so the figure that matters is the ratio measured in one run. Peak memory is
 * the highest resident set size sampled during each phase, above what the process held before it.
 * Writes bench/results/import.json and import.md. Needs the PostgreSQL at BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test), where it creates and drops its own database.
 */
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { projectRoot } from '../src/config.js'
import { RateMethod, rate } from '../src/modules/stats/index.js'
import { openDatabase } from '../src/db/client.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { importData } from '../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata, readCsvObjects } from '../src/modules/indicators/reference-data.js'
import { FINGERTIPS_HEADER } from './lib/fingertips-format.js'
import { machine, measure, type PhaseResult } from './lib/measure.js'
import { rawCopyPostgres } from './lib/raw-copy.js'

const sizes = (process.env.BENCH_ROWS ?? '100000,1000000').split(',').map(Number)
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const header = FINGERTIPS_HEADER.join(',')

/** Synthetic rows with unique keys: area × year × sex × age band × category. */
async function writeSyntheticFile(file: string, areas: { code: string; name: string }[], rows: number) {
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
            const denominator = 20_000 + (n % 50_000)
            const count = 10 + (n % 400)
            const value = (count / denominator) * 100_000
            // Intervals by the test indicator's own method (exact Poisson), as a producer would publish them.
            const [l95, l998] = rate(count, denominator, { method: RateMethod.exact, confidence: [0.95, 0.998] }).limits
            const fields = [
              '93356',
              '"Campylobacter incidence rate/100,000\n"',
              'E92000001',
              'England',
              area.code,
              `"${area.name}"`,
              'County & UA',
              sex,
              age,
              ct,
              c,
              String(year),
              value.toFixed(4),
              l95!.lower!.toFixed(4),
              l95!.upper!.toFixed(4),
              l998!.lower!.toFixed(4),
              l998!.upper!.toFixed(4),
              String(count),
              String(denominator),
              '',
              '',
              'Similar',
              'Similar',
              `${year}0000`,
              '',
              '',
            ]
            await write(fields.join(',') + '\n')
          }
  }
  await new Promise<void>((resolve) => out.end(resolve))
}

interface SizeResult {
  rows: number
  rawCopy: PhaseResult
  ourImport: PhaseResult & { added: number; rejected: number; warnings: number }
  speedOfOursVsCopy: number
}

async function runSize(rows: number, scratch: string, admin: pg.Client, areasCsv: string): Promise<SizeResult> {
  const dbName = `bc_bench_${process.pid}_${rows}`
  await admin.query(`create database ${dbName}`)
  const url = new URL(serverUrl)
  url.pathname = `/${dbName}`
  try {
    const areas = (await readCsvObjects(areasCsv))
      .filter((a) => a.type === 'county_ua')
      .map((a) => ({ code: a.code!, name: a.name! }))
    const file = path.join(scratch, `fingertips-synthetic-${rows}.csv`)
    console.log(`writing ${rows.toLocaleString('en-GB')} synthetic rows…`)
    await writeSyntheticFile(file, areas, rows)

    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: null })
    await migrateToLatest(database.db)
    await loadAreas(
      database.db,
      areasCsv,
      readFileSync(path.join(projectRoot, 'data/areas/comparator-groups.csv'), 'utf8'),
    )
    await loadIndicatorMetadata(database.db, [path.join(projectRoot, 'test/fixtures/indicators/test-indicators.yaml')])

    console.log('raw COPY into a bare table…')
    const copy = await rawCopyPostgres(url.toString(), file, rows)

    console.log('our import (PostgreSQL)…')
    let report: Awaited<ReturnType<typeof importData>> | null = null
    const ours = await measure(rows, async () => {
      report = await importData(database.db, createReadStream(file), {
        sourceName: 'synthetic',
        actor: 'bench',
        defaults: { source: 'synthetic benchmark data' },
      })
    })
    await database.close()
    rmSync(file)
    const r = report!
    if (!r.stored || r.added !== rows)
      throw new Error(`bench rows did not all load: ${JSON.stringify({ ...r, errors: r.errors.slice(0, 5) })}`)
    return {
      rows,
      rawCopy: copy,
      ourImport: { ...ours, added: r.added, rejected: r.rejected, warnings: r.warnings.length + r.warningsOmitted },
      speedOfOursVsCopy: Number((ours.rowsPerSecond / copy.rowsPerSecond).toFixed(3)),
    }
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`)
  }
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-bench-'))
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    const areasCsv = readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8')
    const results: SizeResult[] = []
    for (const rows of sizes) results.push(await runSize(rows, scratch, admin, areasCsv))
    const result = {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      file: 'synthetic Fingertips-format CSV, 26 columns',
      sizes: results,
    }
    mkdirSync(path.join(projectRoot, 'bench/results'), { recursive: true })
    writeFileSync(path.join(projectRoot, 'bench/results/import.json'), JSON.stringify(result, null, 2) + '\n')
    const n = (x: number) => x.toLocaleString('en-GB')
    writeFileSync(
      path.join(projectRoot, 'bench/results/import.md'),
      `# Import benchmark\n\nMeasured ${result.measuredAt} by \`npm run bench\` on ${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}, PostgreSQL server on localhost. Synthetic data.\n\n` +
        `| rows | raw COPY s | raw COPY rows/s | raw COPY peak MiB | our import s | our rows/s | our peak MiB | ours ÷ COPY speed |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n` +
        results
          .map(
            (x) =>
              `| ${n(x.rows)} | ${x.rawCopy.seconds.toFixed(1)} | ${n(x.rawCopy.rowsPerSecond)} | ${x.rawCopy.peakMemoryMiB} | ${x.ourImport.seconds.toFixed(1)} | ${n(x.ourImport.rowsPerSecond)} | ${x.ourImport.peakMemoryMiB} | ${x.speedOfOursVsCopy} |`,
          )
          .join('\n') +
        `\n\nPeak memory is the highest resident set size sampled every 25 ms during the phase, above what the process held when it began. Our import parses, checks every row, stages in chunks, finds repeated keys, compares with stored values and stores with revisions and summaries, all in one transaction.\n`,
    )
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await admin.end()
    rmSync(scratch, { recursive: true, force: true })
  }
}

await main()
