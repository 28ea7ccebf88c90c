/**
 * Page benchmark: latency (p50, p99) and requests per second for the overview, an indicator page
 * and an API call, at 10 and 50 concurrent connections, against the same overview HTML streamed as
 * a static file from the same server, measured in one run because the machine is noisy. The server
 * runs in its own process (bench/pages-server.ts), once with the page cache on (as in production)
 * and once with PAGE_CACHE=off, to show what the cache buys. Writes bench/results/pages.json and .md.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { projectRoot } from '../src/config.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const concurrencies = [10, 50]

interface Row {
  cache: 'on' | 'off'
  target: string
  url: string
  connections: number
  requestsPerSecond: number
  p50ms: number
  p99ms: number
  errors: number
  non2xx: number
}

async function startServer(pageCache: boolean): Promise<{ port: number; indicator: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench/pages-server.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PAGE_CACHE: pageCache ? 'on' : 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const ready = /ready (\d+) (\S+)/.exec(out)
      if (ready) resolve({ port: Number(ready[1]), indicator: ready[2]!, child })
    })
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)))
  })
}

async function load(url: string, connections: number) {
  await autocannon({ url, connections, duration: 1 }) // warm up: the first render fills the cache
  return autocannon({ url, connections, duration: seconds })
}

const rows: Row[] = []
for (const cache of ['on', 'off'] as const) {
  const server = await startServer(cache === 'on')
  const base = `http://127.0.0.1:${server.port}`
  const targets: [string, string][] = [
    ['static file (same HTML as the overview)', '/bench/static-overview.html'],
    ['overview', '/'],
    ['indicator page', `/indicators/${server.indicator}`],
    ['API: an indicator’s data', `/api/v1/indicators/${server.indicator}/data`],
  ]
  try {
    for (const [target, url] of targets) {
      for (const connections of concurrencies) {
        const r = await load(base + url, connections)
        rows.push({
          cache,
          target,
          url,
          connections,
          requestsPerSecond: Math.round(r.requests.average),
          p50ms: r.latency.p50,
          p99ms: r.latency.p99,
          errors: r.errors,
          non2xx: r.non2xx,
        })
        console.log(
          `cache ${cache} ${target} @${connections}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`,
        )
      }
    }
  } finally {
    server.child.kill()
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
