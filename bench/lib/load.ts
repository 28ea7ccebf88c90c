/**
 * Load runs against a server in its own process (so the load generator does not share its event
 * loop): start the server script, wait for its "ready <port> …" line, then autocannon at a given
 * number of connections after a 1 s warm-up, with the machine's load average during the run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { projectRoot } from '../../src/config.js'
import { sampleLoad, type LoadAverage } from './measure.js'

export interface BenchServer {
  port: number
  /** The words the server printed after its port on the ready line. */
  words: string[]
  child: ChildProcess
  stop: () => Promise<void>
}

/** The server did not print its ready line in time: killed; `output` is what it printed before. */
export class ServerTimeout extends Error {
  constructor(readonly output: string) {
    super('the bench server was not ready in time')
  }
}

/**
 * Starts `bench/<script>` with this environment; resolves when it prints "ready <port> …". With a
 * time limit, a server not ready by then is killed (its work may be CPU-bound, deaf to signals it
 * would handle) and the promise rejects with ServerTimeout.
 */
export function startServer(script: string, env: Record<string, string>, timeoutMs?: number): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench', script)], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const stop = async () => {
    if (child.exitCode === null) child.kill()
    await exited
  }
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL')
          reject(new ServerTimeout(out))
        }, timeoutMs)
      : undefined
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const ready = /ready (\d+)([^\n]*)\n/.exec(out)
      if (!ready) return
      clearTimeout(timer)
      resolve({ port: Number(ready[1]), words: ready[2]!.trim().split(/\s+/), child, stop })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the bench server ${script} exited with ${code}`))
    })
  })
}

/**
 * Waits until the server answers /health within 100 ms (at most two minutes): requests a load run
 * left in flight (an uncached page can take seconds each) must not bleed into the next run.
 */
export async function waitIdle(base: string): Promise<void> {
  const until = Date.now() + 120_000
  while (Date.now() < until) {
    const started = performance.now()
    const answer = await fetch(`${base}/health`).catch(() => null)
    if (answer?.ok && performance.now() - started < 100) return
    await new Promise((r) => setTimeout(r, 500))
  }
}

export interface LoadResult {
  connections: number
  requestsPerSecond: number
  p50ms: number
  p99ms: number
  /** Mean bytes per second of response bodies and headers. */
  bytesPerSecond: number
  errors: number
  timeouts: number
  non2xx: number
  loadAverage: LoadAverage
}

/** A warm-up second (the first render fills the page cache), then `seconds` measured; waits for the server to be idle first. */
export async function runLoad(url: string, connections: number, seconds: number): Promise<LoadResult> {
  await waitIdle(new URL(url).origin)
  await autocannon({ url, connections, duration: 1, timeout: 60 })
  const stopLoad = sampleLoad()
  const r = await autocannon({ url, connections, duration: seconds, timeout: 60 })
  return {
    connections,
    requestsPerSecond: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    bytesPerSecond: Math.round(r.throughput.average),
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    loadAverage: stopLoad(),
  }
}
