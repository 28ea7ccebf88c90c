/**
 * Summaries benchmark on PostgreSQL: a synthetic dataset (every county and unitary authority, the
 * regions and England; BENCH_INDICATORS indicators, 15 years, 16 breakdowns: about 500,000 rows by
 * default) imported once, then the summaries recomputed whole and incrementally after a change to
 * 1% of the rows, in the same run. The incremental and whole recomputes after the change are each
 * timed from the same state (the summaries as before the change, restored in a transaction that is
 * then rolled back), so the two figures compare like with like.
 * Writes bench/results/summaries.json and summaries.md. Needs the PostgreSQL at BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test), where it creates and drops its own database
 * (BENCH_KEEP=1 keeps it, to look at the queries).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { projectRoot } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import type { Database } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { importData, type ImportOptions } from '../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from '../src/modules/indicators/reference-data.js'
import { recomputeSummaries, writeSummaries } from '../src/modules/indicators/summaries/summaries.service.js'
import { Random } from '../test/helpers/random.js'

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const indicatorCount = Number(process.env.BENCH_INDICATORS ?? 12)
const changeShare = Number(process.env.BENCH_CHANGE ?? 0.01)
const YEARS = Array.from({ length: 15 }, (_, i) => 2009 + i)
const BREAKDOWNS: [string, string, string][] = [
  ['Persons', '', ''],
  ['Male', '', ''],
  ['Female', '', ''],
  ...Array.from({ length: 10 }, (_, i): [string, string, string] => [
    'Persons',
    'Deprivation decile',
    `Decile ${i + 1}`,
  ]),
  ...['Asian', 'Black', 'White'].map((g): [string, string, string] => ['Persons', 'Ethnic group', g]),
]
const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'
const options: ImportOptions = { sourceName: 'bench.csv', format: 'template', actor: 'bench' }

function indicatorsYaml(): string {
  const lines = ['indicators:']
  for (let i = 1; i <= indicatorCount; i++)
    lines.push(
      `  - id: bench-${i}`,
      `    name: Benchmark proportion ${i} (synthetic)`,
      '    definition: synthetic',
      '    value_type: proportion',
      '    unit: "%"',
      '    multiplier: 100',
      `    polarity: ${i % 2 ? 'higher_is_better' : 'lower_is_better'}`,
      '    ci_method: wilson',
      '    frequency: annual',
      '    rba_kind: population_indicator',
      i % 3 === 0 ? '    target: { value: 40, by: "2026", source: synthetic }' : '    target: tbc',
      '    fingertips_id: null',
      '    data_source: synthetic',
      '    owner: tbc',
      '    in_framework: false',
    )
  return lines.join('\n') + '\n'
}

type Cell = { indicator: number; area: string; year: number; breakdown: number; count: number }

const line = (c: Cell) => {
  const [sex, type, category] = BREAKDOWNS[c.breakdown]!
  return `bench-${c.indicator},${c.area},${c.year},${sex},,${type},${category},${(c.count / 10).toFixed(1)},${c.count},1000,,,,,,synthetic,`
}

function cells(areas: string[], random: Random): Cell[] {
  const out: Cell[] = []
  for (let indicator = 1; indicator <= indicatorCount; indicator++)
    for (const area of areas)
      for (const year of YEARS)
        for (let breakdown = 0; breakdown < BREAKDOWNS.length; breakdown++)
          out.push({ indicator, area, year, breakdown, count: random.int(100, 600) })
  return out
}

const csvOf = (list: readonly Cell[]) => [header, ...list.map(line)].join('\n') + '\n'

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T; load: number }> {
  const started = process.hrtime.bigint()
  const result = await run()
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result, load: os.loadavg()[0]! }
}

class Rollback extends Error {}

/** Times `run` from the summaries as they stood before the change, then rolls everything back. */
async function fromBefore(db: Kysely<Database>, run: (tx: Kysely<Database>) => Promise<number>) {
  let out: { seconds: number; result: number; load: number } | null = null
  await db
    .transaction()
    .execute(async (tx) => {
      await sql`delete from indicator_summaries`.execute(tx)
      await sql`insert into indicator_summaries select * from bench_summaries_before`.execute(tx)
      out = await timed(() => run(tx))
      throw new Rollback()
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e
    })
  return out!
}

async function main() {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  const dbName = `bc_bench_summaries_${process.pid}`
  await admin.query(`create database ${dbName}`)
  const url = new URL(serverUrl)
  url.pathname = `/${dbName}`
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: null })
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bc-summaries-bench-'))
  try {
    const db = handle.db
    await migrateToLatest(db)
    const read = (f: string) => readFileSync(path.join(projectRoot, 'data/areas', f), 'utf8')
    await loadAreas(db, read('areas.csv'), read('comparator-groups.csv'), read('statistical-neighbours.csv'))
    writeFileSync(path.join(scratch, 'bench.yaml'), indicatorsYaml())
    await loadIndicatorMetadata(db, [path.join(scratch, 'bench.yaml')])
    const areas = read('areas.csv')
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => ['country', 'region', 'county_ua'].includes(f[2] ?? ''))
      .map((f) => f[0]!)
    const random = new Random(17)
    const base = cells(areas, random)
    const baseCsv = csvOf(base)
    const ids = Array.from({ length: indicatorCount }, (_, i) => `bench-${i + 1}`)
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from indicator_summaries`.execute(db)).rows[0]!.n

    const firstImport = await timed(() => importData(db, [baseCsv], options))
    const summaries = await count()
    const reimportUnchanged = await timed(() => importData(db, [baseCsv], options))
    await sql`delete from indicator_summaries`.execute(db)
    const wholeFromEmpty = await timed(() => recomputeSummaries(db, ids))
    const wholeUnchanged = await timed(() => recomputeSummaries(db, ids))
    await sql`create table bench_summaries_before as select * from indicator_summaries`.execute(db)

    const changed = base
      .filter(() => random.next() < changeShare)
      .map((c) => ({ ...c, count: c.count === 600 ? 599 : c.count + 1 }))
    const changeImport = await timed(() => importData(db, [csvOf(changed)], { ...options, sourceName: 'change.csv' }))
    const batchId = changeImport.result.batchId!
    const { rows: rewritten } = await sql<{ n: number }>`
      select count(*)::int as n from indicator_summaries s join bench_summaries_before b using
        (indicator_id, area_code, sex, age, category_type, category) where s.summary is distinct from b.summary`.execute(
      db,
    )
    const incremental = await fromBefore(db, (tx) => writeSummaries(tx, ids, { batchId }))
    const whole = await fromBefore(db, (tx) => writeSummaries(tx, ids))
    const forced = await fromBefore(db, (tx) => writeSummaries(tx, ids, { batchId, incrementalOnly: true }))

    const results = {
      when: new Date().toISOString(),
      engine: 'postgres',
      cpus: os.cpus().length,
      rows: base.length,
      indicators: indicatorCount,
      areas: areas.length,
      summaries,
      changedRows: changed.length,
      summariesChangedByTheChange: rewritten[0]!.n,
      seconds: {
        firstImport: firstImport.seconds,
        reimportUnchanged: reimportUnchanged.seconds,
        wholeRecomputeFromEmpty: wholeFromEmpty.seconds,
        wholeRecomputeUnchanged: wholeUnchanged.seconds,
        importOfTheChange: changeImport.seconds,
        incrementalAfterChange: incremental.seconds,
        wholeAfterChange: whole.seconds,
        incrementalOnlyAfterChange: forced.seconds,
      },
      written: {
        wholeRecomputeFromEmpty: wholeFromEmpty.result,
        wholeRecomputeUnchanged: wholeUnchanged.result,
        incrementalAfterChange: incremental.result,
        wholeAfterChange: whole.result,
        incrementalOnlyAfterChange: forced.result,
      },
      loadAverage: {
        firstImport: firstImport.load,
        reimportUnchanged: reimportUnchanged.load,
        wholeRecomputeFromEmpty: wholeFromEmpty.load,
        importOfTheChange: changeImport.load,
        incrementalAfterChange: incremental.load,
        wholeAfterChange: whole.load,
        incrementalOnlyAfterChange: forced.load,
      },
    }
    const out = path.join(projectRoot, 'bench/results')
    mkdirSync(out, { recursive: true })
    writeFileSync(path.join(out, 'summaries.json'), JSON.stringify(results, null, 2) + '\n')
    writeFileSync(path.join(out, 'summaries.md'), markdown(results))
    console.log(markdown(results))
  } finally {
    await handle.close()
    if (!process.env.BENCH_KEEP) await admin.query(`drop database if exists ${dbName} with (force)`)
    else console.log(`kept database ${dbName}`)
    await admin.end()
    rmSync(scratch, { recursive: true, force: true })
  }
}

function markdown(r: {
  when: string
  cpus: number
  rows: number
  indicators: number
  areas: number
  summaries: number
  changedRows: number
  summariesChangedByTheChange: number
  seconds: Record<string, number>
  written: Record<string, number>
  loadAverage: Record<string, number>
}): string {
  const s = (k: string) => r.seconds[k]!.toFixed(2)
  const w = (k: string) => (r.written[k] ?? '').toLocaleString()
  const l = (k: string) => (r.loadAverage[k] !== undefined ? r.loadAverage[k]!.toFixed(2) : '')
  return `# Summaries benchmark (PostgreSQL)

${r.when}, ${r.cpus} CPUs. \`npm run bench:summaries\`. Synthetic data: ${r.rows.toLocaleString()} rows
(${r.indicators} indicators × ${r.areas} areas × 15 years × 16 breakdowns), ${r.summaries.toLocaleString()} summaries.
The change: ${r.changedRows.toLocaleString()} rows (1%, at random) given new values, which changes
${r.summariesChangedByTheChange.toLocaleString()} summaries.

| Step | Seconds | Summaries written | Load average |
| --- | ---: | ---: | ---: |
| First import (rows and every summary) | ${s('firstImport')} | | ${l('firstImport')} |
| Re-import of the unchanged file | ${s('reimportUnchanged')} | 0 | ${l('reimportUnchanged')} |
| Whole recompute, from no summaries | ${s('wholeRecomputeFromEmpty')} | ${w('wholeRecomputeFromEmpty')} | ${l('wholeRecomputeFromEmpty')} |
| Whole recompute, nothing changed | ${s('wholeRecomputeUnchanged')} | ${w('wholeRecomputeUnchanged')} | |
| Import of the 1% change (incremental summaries inside) | ${s('importOfTheChange')} | | ${l('importOfTheChange')} |
| Summaries after the 1% change, incremental (as an import does) | ${s('incrementalAfterChange')} | ${w('incrementalAfterChange')} | ${l('incrementalAfterChange')} |
| Summaries after the 1% change, whole | ${s('wholeAfterChange')} | ${w('wholeAfterChange')} | ${l('wholeAfterChange')} |
| Summaries after the 1% change, targets only (never whole) | ${s('incrementalOnlyAfterChange')} | ${w('incrementalOnlyAfterChange')} | ${l('incrementalOnlyAfterChange')} |

Incremental after the change: ${(r.seconds.incrementalAfterChange! / r.seconds.wholeAfterChange!).toFixed(2)} × the whole
recompute's time. Re-import of the unchanged file: ${(r.seconds.reimportUnchanged! / r.seconds.firstImport!).toFixed(3)} × the first import.
`
}

await main()
