/** Writes the national benchmark's results as bench/results/<name>.json and a Markdown table. */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../src/config.js'
import type { LoadResult } from './load.js'
import type { LoadAverage, PhaseResult, machine } from './measure.js'

export interface ImportCounts {
  added: number
  revised: number
  unchanged: number
  rejected: number
  warnings: number
}

export interface LoadRow extends LoadResult {
  cache: 'on' | 'off'
  target: string
  url: string
  bytes: number
  /** The same bytes served as a static file by the same server, same connections, just before. */
  staticFile: LoadResult
  ratioToStatic: number
}

/** A target's first answer, taken when the server started (uncached unless a cache already held it). */
export interface FirstAnswerRow {
  cache: 'on' | 'off'
  target: string
  url: string
  bytes: number | null
  ms: number | null
  note?: string
}

export interface EngineResult {
  engine: 'postgres' | 'pglite'
  rawCopy: PhaseResult
  firstImport: PhaseResult & ImportCounts
  importVsCopy: number
  summaries: PhaseResult & { written: number }
  reimport: PhaseResult & ImportCounts
  reimportVsFirst: number
  firstAnswers: FirstAnswerRow[]
  pages: LoadRow[]
}

export interface NationalResult {
  measuredAt: string
  command: string
  machine: ReturnType<typeof machine>
  scale: {
    rows: number
    fullRows: number
    areas: number
    indicators: number
    periods: number
    breakdowns: number
    /** One row in so many has a count below the disclosure threshold (0: none). */
    smallCountEvery: number
  }
  file: { bytes: number; writeSeconds: number }
  secondsPerLoadRun: number
  engines: EngineResult[]
}

const n = (x: number) => x.toLocaleString('en-GB')
const load = (l: LoadAverage) => `${l.start}–${l.max}`
const phase = (name: string, p: PhaseResult, extra = '') =>
  `| ${name} | ${p.seconds.toFixed(1)} | ${n(p.rowsPerSecond)} | ${p.peakMemoryMiB} | ${load(p.loadAverage)} | ${extra} |`

function engineSection(e: EngineResult): string {
  const pages = e.pages.map(
    (r) =>
      `| ${r.cache} | ${r.target} | ${r.connections} | ${n(r.bytes)} | ${r.requestsPerSecond} | ${r.p50ms} | ${r.p99ms} | ${r.staticFile.requestsPerSecond} | ${r.staticFile.p99ms} | ${r.ratioToStatic} | ${r.non2xx + r.errors + r.timeouts} | ${load(r.loadAverage)} |`,
  )
  return [
    `## ${e.engine === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded)'}`,
    '',
    '| phase | seconds | rows/s | peak RSS MiB above start | load average (start–max) | notes |',
    '|---|---|---|---|---|---|',
    phase('raw COPY into a bare table', e.rawCopy),
    phase(
      'first import (importData)',
      e.firstImport,
      `${n(e.firstImport.added)} added; ${e.importVsCopy} × COPY speed`,
    ),
    phase('summary recomputation (every indicator in the file)', e.summaries, `${n(e.summaries.written)} summaries`),
    phase(
      're-import of the unchanged file',
      e.reimport,
      `${n(e.reimport.unchanged)} unchanged, ${n(e.reimport.added + e.reimport.revised)} changed; ${e.reimportVsFirst} × first import's time`,
    ),
    '',
    '| page cache | target | first answer ms | bytes | note |',
    '|---|---|---|---|---|',
    ...e.firstAnswers.map(
      (f) => `| ${f.cache} | ${f.target} | ${f.ms ?? '–'} | ${f.bytes === null ? '–' : n(f.bytes)} | ${f.note ?? ''} |`,
    ),
    '',
    '| page cache | target | connections | bytes | requests/s | p50 ms | p99 ms | static file requests/s | static p99 ms | ÷ static | failed | load average (start–max) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...(pages.length ? pages : ['| – | no target answered in time to be load-tested | | | | | | | | | | |']),
    '',
  ].join('\n')
}

export function writeNationalResults(name: string, result: NationalResult) {
  const dir = path.join(projectRoot, 'bench/results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(result, null, 2) + '\n')
  const s = result.scale
  const m = result.machine
  const md = [
    `# National benchmark: ${n(s.rows)} rows (${((100 * s.rows) / s.fullRows).toFixed(1)}% of the full ${n(s.fullRows)})`,
    '',
    `Measured ${result.measuredAt} by \`${result.command}\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `the machine is shared, so each row carries the one-minute load average during it. Synthetic data in Fingertips export format: ` +
      `${s.areas} areas (England, regions, upper-tier authorities) × ${s.indicators} indicators × ${s.periods} periods × ${s.breakdowns} breakdowns (3 sexes, 10 deprivation deciles); ` +
      `${s.smallCountEvery ? `one row in ${s.smallCountEvery} has a count below the disclosure threshold; ` : 'no count is below the disclosure threshold; '}` +
      `the file is ${n(result.file.bytes)} bytes, written in ${result.file.writeSeconds.toFixed(1)} s.`,
    '',
    `Import phases run in the benchmark's process: peak RSS is that process's (on PostgreSQL the server's own memory is not in it; PGlite runs inside it). ` +
      `Load runs: ${result.secondsPerLoadRun} s each after a 1 s warm-up, autocannon in the benchmark's process, the app in its own; ` +
      `"static file" is the same bytes as the target, served from a file by the same server just before, at the same connections; "÷ static" divides requests/s by it. ` +
      `"failed" counts non-2xx answers, errors and timeouts. "First answer" is each target's first response, taken as the server starts ` +
      `(so uncached, with the cache on or off), in order; a target with none within the start's time limit is left out, and uncached, one slower ` +
      `than the slow limit is not load-tested (its requests would outlive the run).`,
    '',
    ...result.engines.map(engineSection),
  ].join('\n')
  writeFileSync(path.join(dir, `${name}.md`), md)
}
