/**
 * Issue 10: restarting PostgreSQL under load used to end the server (an unheard 'error' from a
 * checked-out pg client), cached pages answered 500 while it was down, and nothing came back
 * without a manual restart. Here the real server (`best-chance serve`, in its own process, so a
 * crash is a dead process and not a test-runner error) runs on a private PostgreSQL cluster, which
 * is stopped and started again while 50 requests are always in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, projectRoot } from '../../src/config.js'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createApp } from '../../src/app/app.js'
import { RETRY_AFTER_SECONDS } from '../../src/web/service-unavailable.js'
import { freePort, startPrivateCluster, type PrivateCluster } from '../helpers/private-postgres.js'

const UNAVAILABLE_H1 = '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>'
const STACK = /app-stack|\n\s+at .+:\d+:\d+/

describe('with no database to reach (nothing was ever cached)', () => {
  let app: Awaited<ReturnType<typeof createApp>>
  let database: DatabaseHandle
  beforeAll(async () => {
    // development shows stacks on 500 pages: the 503 page must still show none.
    const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' })
    database = await openDatabase({
      databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/none`,
      dataDir: null,
    })
    app = await createApp({ db: database.db, strategies: strategyService(database.db, config.primaryStrategy), config })
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it('answers a page with 503, Retry-After and the GOV.UK page, without a stack', async () => {
    const res = await app.inject('/pledges')
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS))
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.body).toContain(UNAVAILABLE_H1)
    expect(res.body).not.toContain('has not been saved')
    expect(res.body).not.toMatch(STACK)
    expect(res.body).not.toMatch(/ECONNREFUSED|postgres/i)
  })

  it('answers the API with a JSON 503 in its own error shape', async () => {
    const res = await app.inject('/api/v1/strategies')
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS))
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.json()).toEqual({ error: { status: 503, message: expect.stringMatching(/unavailable/) } })
  })

  it('tells someone who posted a form that it was not saved', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: 'bc_csrf=token-1' },
      payload: { _csrf: 'token-1', email: 'a@example.org', password: 'x' },
    })
    expect(res.statusCode).toBe(503)
    expect(res.body).toContain(UNAVAILABLE_H1)
    expect(res.body).toContain('What you entered has not been saved.')
  })

  it('reports itself down on /health', async () => {
    const res = await app.inject('/health')
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ status: 'DOWN', database: 'DOWN' })
  })
})

type Kind = 'cached page' | 'uncached page' | 'uncached API'

interface Sample {
  kind: Kind
  start: number
  end: number
  status: number | 'network error'
  retryAfter: string | null
  etag: string | null
  unavailablePage: boolean
  unavailableJson: boolean
  stack: boolean
  error?: string
}

/** A distinct URL for each request of a kind, so "uncached" ones can never come from the cache. */
function urlFor(kind: Kind, n: number): string {
  if (kind === 'cached page') return '/'
  if (kind === 'uncached page') return `/pledges?n=${n}`
  const asOf = new Date(Date.UTC(2000, 0, 1) + (n % 8000) * 86_400_000).toISOString().slice(0, 10)
  return `/api/v1/indicators/one-year-check/data?as_of=${asOf}`
}

async function request(base: string, kind: Kind, n: number): Promise<Sample> {
  const start = performance.now()
  const blank = {
    kind,
    start,
    retryAfter: null,
    etag: null,
    unavailablePage: false,
    unavailableJson: false,
    stack: false,
  }
  try {
    const res = await fetch(base + urlFor(kind, n), { signal: AbortSignal.timeout(15_000) })
    const body = await res.text()
    return {
      ...blank,
      end: performance.now(),
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      etag: res.headers.get('etag'),
      unavailablePage: body.includes(UNAVAILABLE_H1),
      unavailableJson: res.status === 503 && /^\{"error":\{"status":503,/.test(body),
      stack: STACK.test(body),
    }
  } catch (error) {
    return { ...blank, end: performance.now(), status: 'network error', error: String(error) }
  }
}

/** 50 loops, each always with one request in flight, until stop() is called. */
function load(base: string) {
  const kinds: Kind[] = [
    ...Array(20).fill('cached page'),
    ...Array(20).fill('uncached page'),
    ...Array(10).fill('uncached API'),
  ]
  const samples: Sample[] = []
  let running = true
  let n = 0
  const loops = kinds.map(async (kind) => {
    while (running) samples.push(await request(base, kind, n++))
  })
  return {
    samples,
    stop: async () => {
      running = false
      await Promise.all(loops)
      return samples
    },
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** `best-chance serve` as an operator runs it, with its output kept for the assertions. */
async function serve(databaseUrl: string) {
  const port = await freePort()
  const output = { stdout: '', stderr: '' }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/app/cli/main.ts'), 'serve'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    },
  })
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    const health = await fetch(`${base}/health`).catch(() => null)
    if (health?.status === 200) return { child, base, output }
    await sleep(250)
  }
  throw new Error(
    `the server did not start (exit ${child.exitCode ?? child.signalCode}):\n${output.stderr}\n${output.stdout}`,
  )
}

async function end(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

describe('PostgreSQL restarted while the server answers 50 concurrent requests', () => {
  let cluster: PrivateCluster | undefined
  let server: Awaited<ReturnType<typeof serve>> | undefined
  let samples: Sample[] = []
  const times = { stopped: 0, startBegan: 0, up: 0 }
  let warmEtag: string | null = null

  beforeAll(async () => {
    try {
      cluster = await startPrivateCluster()
      server = await serve(cluster.url)
      // Warm the cached page, and check the uncached kinds work before the outage.
      for (const kind of ['cached page', 'cached page', 'uncached page', 'uncached API'] as Kind[]) {
        const sample = await request(server.base, kind, 0)
        if (sample.status !== 200) throw new Error(`${kind} answered ${sample.status} before the outage`)
        if (kind === 'cached page') warmEtag = sample.etag
      }
      const traffic = load(server.base)
      await sleep(1500)
      await cluster.stop()
      times.stopped = performance.now()
      await sleep(2000)
      times.startBegan = performance.now()
      await cluster.start()
      times.up = performance.now()
      await sleep(7000)
      samples = await traffic.stop()
    } catch (error) {
      await end(server?.child)
      await cluster?.destroy()
      throw error
    }
  }, 150_000)

  afterAll(async () => {
    await end(server?.child)
    await cluster?.destroy()
  }, 60_000)

  /** Requests of a kind begun and answered wholly while the database was down. */
  const whileDown = (kind: Kind) =>
    samples.filter((s) => s.kind === kind && s.start >= times.stopped && s.end <= times.startBegan)
  const statuses = (list: Sample[]) => [...new Set(list.map((s) => s.status))]
  /** What happened when, for failure messages: per phase and kind, how many of each status. */
  const report = () => {
    const phases: [string, number, number][] = [
      ['before', 0, times.stopped],
      ['down', times.stopped, times.startBegan],
      ['starting', times.startBegan, times.up],
      ['up to 5 s', times.up, times.up + 5000],
      ['after', times.up + 5000, Infinity],
    ]
    return phases
      .map(([phase, from, to]) => {
        const inPhase = samples.filter((s) => s.start >= from && s.start < to)
        const counts = statuses(inPhase).map((st) => `${st}×${inPhase.filter((s) => s.status === st).length}`)
        return `${phase}: ${counts.join(' ')}`
      })
      .join('; ')
  }

  it('keeps the process up, and it still answers', async () => {
    expect(server!.child.exitCode).toBeNull()
    expect(server!.child.signalCode).toBeNull()
    expect(server!.output.stderr).not.toMatch(/uncaught|unhandled/i)
    expect((await fetch(`${server!.base}/health`)).status).toBe(200)
  })

  it('answers every request with 200 or 503, never a 500 or a dropped connection', () => {
    expect(samples.length).toBeGreaterThan(500)
    expect(samples.filter((s) => s.status === 'network error').map((s) => s.error)).toEqual([])
    expect(statuses(samples).sort(), report()).toEqual([200, 503])
  })

  it('answers each request begun while the database is down within 5 s (the connection timeout is 3 s)', () => {
    const begunDown = samples.filter((s) => s.start >= times.stopped && s.start < times.startBegan)
    expect(begunDown.length).toBeGreaterThan(50)
    expect(Math.max(...begunDown.map((s) => s.end - s.start))).toBeLessThan(5000)
  })

  it('keeps serving the cached page throughout, the same page as before', () => {
    const cached = samples.filter((s) => s.kind === 'cached page')
    expect(statuses(cached), report()).toEqual([200])
    const down = whileDown('cached page')
    expect(down.length).toBeGreaterThan(20)
    expect(new Set(down.map((s) => s.etag))).toEqual(new Set([warmEtag]))
  })

  it('answers uncached pages with the 503 page and Retry-After while the database is down', () => {
    const down = whileDown('uncached page')
    expect(down.length).toBeGreaterThan(10)
    expect(statuses(down), report()).toEqual([503])
    expect(down.every((s) => s.unavailablePage && !s.stack && s.retryAfter === String(RETRY_AFTER_SECONDS))).toBe(true)
  })

  it('answers the API with a JSON 503 and Retry-After while the database is down', () => {
    const down = whileDown('uncached API')
    expect(down.length).toBeGreaterThan(2)
    expect(statuses(down), report()).toEqual([503])
    expect(down.every((s) => s.unavailableJson && s.retryAfter === String(RETRY_AFTER_SECONDS))).toBe(true)
  })

  it('succeeds again for every request within 5 s of the database returning', () => {
    const after = samples.filter((s) => s.start >= times.up + 5000)
    for (const kind of ['cached page', 'uncached page', 'uncached API'] as Kind[]) {
      expect(after.filter((s) => s.kind === kind).length, kind).toBeGreaterThan(5)
    }
    expect(statuses(after), report()).toEqual([200])
  })

  it('logs each lost connection once, in one line, and the page cache its outage and recovery once each', () => {
    const lost = server!.output.stderr.split('\n').filter((line) => line.startsWith('database: lost a connection ('))
    expect(lost.length).toBeGreaterThan(0)
    expect(lost.length).toBeLessThanOrEqual(10) // the pool holds at most 10 connections
    const stdout = server!.output.stdout
    expect(stdout.match(/page cache: cannot read the data version/g)).toHaveLength(1)
    expect(stdout.match(/page cache: the database answers again/g)).toHaveLength(1)
  })
})
