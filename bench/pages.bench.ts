/**
 * Page benchmark: latency (p50, p99) and requests per second for the overview, an indicator page
 * and an API call, at 10 and 50 concurrent connections, against the same overview HTML streamed as
 * a static file from the same server, measured in one run because the machine is noisy. The server
 * runs in its own process (bench/pages-server.ts), once with the page cache on (as in production)
 * and once with PAGE_CACHE=off, to show what the cache buys. Writes bench/results/pages.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { projectRoot } from '../src/config.js'
import { runLoad, startServer, type LoadResult } from './lib/load.js'
import { staticPath } from './lib/static-baseline.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const concurrencies = [10, 50]

interface Row extends LoadResult {
  cache: 'on' | 'off'
  target: string
  url: string
}

const rows: Row[] = []
for (const cache of ['on', 'off'] as const) {
  const server = await startServer('pages-server.ts', { PAGE_CACHE: cache })
  const indicator = server.words[0]!
  const base = `http://127.0.0.1:${server.port}`
  const targets: [string, string][] = [
    ['static file (same HTML as the overview)', staticPath('overview')],
    ['overview', '/'],
    ['indicator page', `/indicators/${indicator}`],
    ['API: an indicator’s data', `/api/v1/indicators/${indicator}/data`],
  ]
  try {
    for (const [target, url] of targets) {
      for (const connections of concurrencies) {
        const r = await runLoad(base + url, connections, seconds)
        rows.push({ cache, target, url, ...r })
        console.log(
          `cache ${cache} ${target} @${connections}: ${r.requestsPerSecond} req/s, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, non-2xx ${r.non2xx}`,
        )
      }
    }
  } finally {
    await server.stop()
  }
}

const staticRate = (connections: number) =>
  rows.find((r) => r.cache === 'on' && r.url.startsWith('/bench/') && r.connections === connections)!.requestsPerSecond
const results = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  secondsPerRun: seconds,
  rows: rows.map((r) => ({
    ...r,
    ratioToStatic: Number((r.requestsPerSecond / staticRate(r.connections)).toFixed(2)),
  })),
}
mkdirSync(path.join(projectRoot, 'bench/results'), { recursive: true })
writeFileSync(path.join(projectRoot, 'bench/results/pages.json'), JSON.stringify(results, null, 2) + '\n')
const table = results.rows
  .map(
    (r) =>
      `| ${r.cache} | ${r.target} | ${r.connections} | ${r.requestsPerSecond} | ${r.p50ms} | ${r.p99ms} | ${r.ratioToStatic} | ${r.non2xx} |`,
  )
  .join('\n')
writeFileSync(
  path.join(projectRoot, 'bench/results/pages.md'),
  `# Page benchmark\n\nMeasured ${results.measuredAt} by \`npm run bench:pages\` on ${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}; ` +
    `${seconds} s per run after a 1 s warm-up; server and load generator in separate processes on the same machine. ` +
    `"÷ static" is requests per second divided by the static file's at the same concurrency, with the cache on, in the same run.\n\n` +
    `| page cache | target | connections | requests/s | p50 ms | p99 ms | ÷ static | non-2xx |\n|---|---|---|---|---|---|---|---|\n${table}\n`,
)
console.log('written bench/results/pages.json and pages.md')
