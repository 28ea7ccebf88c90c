/** The import benchmark's results (bench/import.bench.ts) as bench/results/import.json and import.md. */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { projectRoot } from '../src/config.js'

export interface Measured {
  seconds: number
  rowsPerSecond: number
  peakMemoryMiB: number
  /** The one-minute load average when the phase began and when it ended. */
  loadAverage: [number, number]
}

export interface EngineResult {
  engine: 'postgres' | 'pglite'
  rows: number
  rawCopy: Measured
  ourImport: Measured & { added: number; rejected: number; warnings: number }
  speedOfOursVsCopy: number
}

export function writeImportResults(results: EngineResult[]): void {
  const result = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    file: 'synthetic Fingertips-format CSV, 26 columns',
    results,
  }
  mkdirSync(path.join(projectRoot, 'bench/results'), { recursive: true })
  writeFileSync(path.join(projectRoot, 'bench/results/import.json'), JSON.stringify(result, null, 2) + '\n')
  const n = (x: number) => x.toLocaleString('en-GB')
  const load = (m: Measured) => m.loadAverage.map((l) => l.toFixed(1)).join('→')
  const rows = results.map(
    (x) =>
      `| ${x.engine} | ${n(x.rows)} | ${x.rawCopy.seconds.toFixed(1)} | ${n(x.rawCopy.rowsPerSecond)} | ${x.rawCopy.peakMemoryMiB} | ${x.ourImport.seconds.toFixed(1)} | ${n(x.ourImport.rowsPerSecond)} | ${x.ourImport.peakMemoryMiB} | ${x.speedOfOursVsCopy} | ${load(x.rawCopy)} / ${load(x.ourImport)} |`,
  )
  writeFileSync(
    path.join(projectRoot, 'bench/results/import.md'),
    `# Import benchmark\n\nMeasured ${result.measuredAt} by \`npm run bench:import\` on ${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}, PostgreSQL server on localhost and PGlite in a data directory. Synthetic data.\n\n` +
      `| engine | rows | raw COPY s | raw COPY rows/s | raw COPY peak MiB | our import s | our rows/s | our peak MiB | ours ÷ COPY speed | load average (COPY / ours) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n` +
      rows.join('\n') +
      `\n\nRaw COPY is the engine's own COPY of the same file into a bare table of text columns: \`COPY … FROM STDIN\` on PostgreSQL, \`COPY … FROM '/dev/blob'\` on PGlite (the whole file handed to PGlite as the blob). Peak memory is the highest resident set size sampled every 25 ms during the phase, above what the process held when it began. Our import parses, checks every row, stages in chunks by COPY, finds repeated keys, compares with stored values and stores with revisions and summaries, all in one transaction. The load average (one minute, before → after each phase) shows how busy the shared machine was.\n`,
  )
}
