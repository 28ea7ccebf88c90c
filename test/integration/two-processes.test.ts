/**
 * Issue 17, item 7: several `best-chance serve` processes behind a load balancer on one PostgreSQL.
 * Two real server processes share one fresh database with the page cache on: a session made on one
 * works on the other (sessions live in the database, the form token is the session's), a write
 * through one is visible through the other within a second (the page cache keys on the data version
 * in the database, read at most once a second), and so is a write by the command line.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { freePort } from '../helpers/private-postgres.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || null
const PASSWORD = 'a long test password for the owner of actions'
const main = path.join(projectRoot, 'src/app/cli/main.ts')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl! })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

interface Server {
  child: ChildProcess
  base: string
  stderr: () => string
}

async function serve(databaseUrl: string): Promise<Server> {
  const port = await freePort()
  let stderr = ''
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PAGE_CACHE: 'on',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    const health = await fetch(`${base}/health`).catch(() => null)
    if (health?.status === 200) return { child, base, stderr: () => stderr }
    await sleep(200)
  }
  child.kill('SIGKILL')
  throw new Error(`the server did not start (exit ${child.exitCode ?? child.signalCode}):\n${stderr}`)
}

async function end(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

function cli(
  databaseUrl: string,
  args: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'warn', USER: 'analyst' },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin!.end(stdin)
  })
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1]

/** Polls a page until it contains the text; the milliseconds it took, or null after the limit. */
async function visibleWithin(url: string, text: string, limitMs: number): Promise<number | null> {
  const start = Date.now()
  while (Date.now() - start <= limitMs) {
    if ((await (await fetch(url)).text()).includes(text)) return Date.now() - start
    await sleep(25)
  }
  return null
}

describe.skipIf(!serverUrl)('two server processes on one PostgreSQL, page cache on', () => {
  const name = `bc_test_two_${process.pid}_${randomBytes(4).toString('hex')}`
  let databaseUrl = ''
  let a: Server | undefined
  let b: Server | undefined

  beforeAll(async () => {
    await adminQuery(`create database ${name}`)
    const url = new URL(serverUrl!)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    // The first migrates and loads the shipped data; the second then starts on the same database.
    a = await serve(databaseUrl)
    b = await serve(databaseUrl)
    const added = await cli(
      databaseUrl,
      [
        'users',
        'add',
        '--email',
        'owner@example.org',
        '--name',
        'Action owner',
        '--role',
        'owner',
        '--organisation',
        'lbbd',
        '--password-stdin',
      ],
      PASSWORD,
    )
    if (added.code !== 0) throw new Error(`users add failed: ${added.stderr}`)
  }, 240_000)

  afterAll(async () => {
    await Promise.all([end(a?.child), end(b?.child)])
    await adminQuery(`drop database if exists ${name} with (force)`)
  }, 60_000)

  let session = { cookie: '', csrf: '' }

  it('keeps a session made on one process working on the other, form token included', async () => {
    const form = await fetch(`${a!.base}/sign-in`)
    const res = await fetch(`${a!.base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: formToken(await form.text())!,
        email: 'owner@example.org',
        password: PASSWORD,
      }),
    })
    expect(res.status).toBe(303)
    const cookie = cookiesOf(res)
    // Signed in on B with A's cookie: the sign-in page sends a signed-in visitor on.
    const onB = await fetch(`${b!.base}/sign-in?next=/`, { headers: { cookie }, redirect: 'manual' })
    expect(onB.status).toBe(303)
    const home = await (await fetch(`${b!.base}/`, { headers: { cookie } })).text()
    const csrf = formToken(home)
    expect(csrf).toBeTruthy()
    // The token B shows is the one A's session holds.
    expect(formToken(await (await fetch(`${a!.base}/`, { headers: { cookie } })).text())).toBe(csrf)
    session = { cookie, csrf: csrf! }
  })

  it('shows an action added through one process on the other within a second, its list page cached before', async () => {
    const title = `Synthetic: open a family hub ${randomBytes(3).toString('hex')}`
    // B keeps the public list in its page cache; twice, so the second is served from the cache.
    for (let i = 0; i < 2; i++) expect(await (await fetch(`${b!.base}/actions`)).text()).not.toContain(title)
    const body = new URLSearchParams({
      _csrf: session.csrf,
      title,
      description: 'Synthetic test action.',
      leadRole: 'Head of Early Help',
      intentionId: 'best-start-1',
      priorityId: 'first-1001-days',
      deliveryPlan: 'best-start',
      'startDate-day': '1',
      'startDate-month': '4',
      'startDate-year': '2025',
      'dueDate-day': '31',
      'dueDate-month': '3',
      'dueDate-year': '2027',
      status: 'on_track',
      interventionLevel: 'service',
    })
    const saved = await fetch(`${a!.base}/actions/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(saved.status, await saved.text()).toBe(303)
    const took = await visibleWithin(`${b!.base}/actions`, title, 1000)
    expect(took, 'the action did not show on the other process within a second').not.toBeNull()
    console.log(`two processes: an action added through A showed through B after ${took} ms`)
    // And through A, which made the write, at once.
    expect(await (await fetch(`${a!.base}/actions`)).text()).toContain(title)
    // A write made on B is seen by A too: both directions.
    const onB = await fetch(`${b!.base}/actions/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...body.entries()].map(([k, v]) => [k, k === 'title' ? `${v} (second)` : v])),
    })
    expect(onB.status).toBe(303)
    expect(await visibleWithin(`${a!.base}/actions`, `${title} (second)`, 1000)).not.toBeNull()
  })

  it('shows a figure imported by the command line on both processes within a second', async () => {
    const url = '/api/v1/indicators/year-6-obesity/data?area=E09000002'
    for (const s of [a!, b!])
      for (let i = 0; i < 2; i++) expect(await (await fetch(s.base + url)).text()).not.toContain('37.7')
    const { writeFileSync, mkdtempSync } = await import('node:fs')
    const dir = mkdtempSync(path.join((await import('node:os')).tmpdir(), 'bc-two-'))
    const file = path.join(dir, 'figures.csv')
    writeFileSync(
      file,
      'indicator_id,area_code,period,value,count,denominator,lower_95,upper_95,source\nyear-6-obesity,E09000002,2021/22,37.7,1249,3313,36.1,39.3,synthetic test figures\n',
    )
    const imported = await cli(databaseUrl, ['import', file])
    expect(imported.code, imported.stderr).toBe(0)
    const took = await Promise.all([a!, b!].map((s) => visibleWithin(s.base + url, '37.7', 1000)))
    expect(
      took.every((ms) => ms !== null),
      `took ${took.join(', ')} ms`,
    ).toBe(true)
  })

  it('logs no errors on either process', () => {
    expect(a!.stderr()).not.toMatch(/uncaught|unhandled|"level":50/i)
    expect(b!.stderr()).not.toMatch(/uncaught|unhandled|"level":50/i)
  })
})
