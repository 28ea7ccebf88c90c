/**
 * The built command line against a running server on the embedded database, as the README tells a
 * new partnership to use it: every database command takes effect in the running server at once
 * (the new account signs in; an imported figure shows without a restart); a second server is
 * refused; and after the server is stopped and started twice everything a command said it stored
 * is still there. Without a server, two imports at once are stored whole or one is refused.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { liveLockHolder } from '../../src/db/data-dir-lock.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bc-cli-server-'))
const dataDir = path.join(scratch, 'var')
const bin = path.join(projectRoot, 'bin/best-chance.js')
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  USER: 'analyst',
}
const PASSWORD = 'a long test password for the administrator'

function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { cwd: scratch, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin!.end(stdin ?? '')
  })
}

let server: ChildProcess | null = null
let url = ''

async function startServer() {
  server = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  const deadline = Date.now() + 120_000
  for (;;) {
    const holder = liveLockHolder(dataDir)
    if (holder?.control && holder.pid === server.pid) {
      url = holder.control.url
      return
    }
    if (server.exitCode !== null || Date.now() > deadline) throw new Error('the server did not start')
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function stopServer() {
  const stopping = server!
  server = null
  const exited = new Promise((resolve) => stopping.once('exit', resolve))
  stopping.kill('SIGTERM')
  await exited
}

/** Signs in through the real form; true when the account's session works. */
async function signsIn(email: string, password: string): Promise<boolean> {
  const form = await fetch(`${url}/sign-in`)
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  })
  return res.status === 303
}

const page = async (p: string) => (await fetch(`${url}${p}`)).text()

const figures = (value: number) =>
  `indicator_id,area_code,period,value,count,denominator,lower_95,upper_95,source\nyear-6-obesity,E09000002,2021/22,${value},1100,3313,31.6,34.8,synthetic test figures\n`

beforeAll(() => {
  // The installed command runs the build: build it from these sources.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: projectRoot, stdio: 'inherit' })
}, 240_000)

afterAll(async () => {
  if (server) await stopServer()
  rmSync(scratch, { recursive: true, force: true })
})

describe('best-chance commands while the server runs on the embedded database', () => {
  it('take effect in the running server at once, and all survive two restarts', async () => {
    await startServer()
    expect(existsSync(path.join(dataDir, 'best-chance.lock'))).toBe(true)

    const added = await cli(
      [
        'users',
        'add',
        '--email',
        'admin@example.org',
        '--name',
        'Partnership administrator',
        '--role',
        'administrator',
        '--password-stdin',
      ],
      PASSWORD,
    )
    expect(added).toMatchObject({ code: 0, stdout: 'added admin@example.org (administrator)\n' })
    expect(await signsIn('admin@example.org', PASSWORD)).toBe(true)

    writeFileSync(path.join(scratch, 'figures.csv'), figures(34.1))
    const imported = await cli(['import', 'figures.csv'])
    expect(imported.code).toBe(0)
    expect(imported.stdout).toMatch(/revised 1.*\nstored as import \d+/)
    expect(await page('/indicators/year-6-obesity')).toContain('34.1%')

    writeFileSync(
      path.join(scratch, 'actions.csv'),
      'title,organisation,lead_role,status\nSynthetic: run the holiday activities programme,lbbd,Head of Early Help,on track\n',
    )
    expect(await cli(['import-actions', 'actions.csv'])).toMatchObject({ code: 0 })
    expect(await page('/actions')).toContain('Synthetic: run the holiday activities programme')

    writeFileSync(
      path.join(scratch, 'risks.csv'),
      'reference,kind,title,cause,effect,organisation,owner_role,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,review_date,status,board,outcomes,indicators\n' +
        ',risk,Synthetic: funding for the family hubs ends,Grant ends,Fewer sessions,lbbd,Head of Early Help,4,4,3,3,2030-01-01,open,,,\n',
    )
    expect(await cli(['import-risks', 'risks.csv'])).toMatchObject({ code: 0 })

    const group = await cli(['comparators', 'set', 'test-neighbours', 'Test neighbours', 'E09000002', 'E09000026'])
    expect(group).toMatchObject({ code: 0, stdout: 'comparator group test-neighbours ("Test neighbours"): 2 areas\n' })
    const strategy = await cli(['strategy', 'load', path.join(projectRoot, 'data/strategies/best-chance-2022-25.yaml')])
    expect(strategy.code).toBe(0)
    expect(strategy.stdout).toContain('unchanged')

    // Two imports at once through the server: one after the other, both whole.
    writeFileSync(path.join(scratch, 'a.csv'), figures(34.3))
    writeFileSync(path.join(scratch, 'b.csv'), figures(34.5))
    const both = await Promise.all([cli(['import', 'a.csv']), cli(['import', 'b.csv'])])
    expect(both.map((r) => r.code)).toEqual([0, 0])
    const batches = both.map((r) => /stored as import (\d+)/.exec(r.stdout)![1])
    expect(new Set(batches).size).toBe(2)

    // A backup while the server runs is taken inside it; a restore into its full database is refused.
    mkdirSync(path.join(scratch, 'backups'))
    const exported = await cli(['export-all', 'backups'])
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(/^exported \d+ rows of \d+ tables .* to .*best-chance-export-.*\.jsonl\.gz\n/)
    const restored = await cli(['restore', 'backups'])
    expect(restored.code).toBe(1)
    expect(restored.stderr).toContain('this database is not empty')

    // A second server on the same directory is refused, naming the directory and the holder.
    const second = await cli(['serve'])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(
      `the embedded database in ${dataDir} is held by \`best-chance serve\` (process ${server!.pid} `,
    )

    for (let i = 0; i < 2; i++) {
      await stopServer()
      // Released on a normal stop; were a stop ever cut short, a stale lock is taken over.
      expect(liveLockHolder(dataDir)).toBeNull()
      await startServer()
    }
    expect(await signsIn('admin@example.org', PASSWORD)).toBe(true)
    const indicator = await page('/indicators/year-6-obesity')
    expect(indicator).toMatch(/34\.[35]%/)
    expect(await page('/actions')).toContain('Synthetic: run the holiday activities programme')
    await stopServer()

    // With no server, the command opens the directory itself.
    const listed = await cli(['users', 'list'])
    expect(listed).toMatchObject({ code: 0 })
    expect(listed.stdout).toContain('admin@example.org\tadministrator')
    const risks = await cli(['import-risks', 'risks.csv', '--dry-run'])
    expect(risks.stdout).toMatch(/rows read 1, added 1|unchanged 0/)
  }, 400_000)

  it('without a server, stores two imports at once whole, or refuses one naming the holder', async () => {
    writeFileSync(path.join(scratch, 'c.csv'), figures(33.9))
    writeFileSync(path.join(scratch, 'd.csv'), figures(34.7))
    const both = await Promise.all([cli(['import', 'c.csv']), cli(['import', 'd.csv'])])
    for (const r of both) {
      if (r.code === 0) expect(r.stdout).toMatch(/stored as import \d+/)
      else expect(r.stderr).toMatch(/is held by `best-chance import` \(process \d+ .*try again when it has finished/)
    }
    expect(both.some((r) => r.code === 0)).toBe(true)
    expect((await cli(['migrate'])).stdout).toBe('database schema is up to date (pglite)\n')
  }, 120_000)
})
