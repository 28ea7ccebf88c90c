/**
 * A throwaway PostgreSQL cluster of the test's own, on a free loopback port, so a test can stop and
 * start the server without touching the shared one on 5432 that other tests use at the same time.
 * initdb refuses to run as root (these machines run tests as root), so the cluster belongs to the
 * postgres user. Missing binaries are an error, never a skip: scripts/test.sh installs them.
 */
import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface PrivateCluster {
  url: string
  port: number
  stop: () => Promise<void>
  start: () => Promise<void>
  /** Stops (immediately, if need be) and deletes the cluster; safe to call whatever state it is in. */
  destroy: () => Promise<void>
}

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<version>/bin). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) {
    throw new Error(
      `no PostgreSQL server binaries under ${root} (initdb, pg_ctl): install the postgresql package (npm test does)`,
    )
  }
  return path.join(root, newest, 'bin')
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = postgresBinDir()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-pg-'))
  const data = path.join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  // As the postgres user when we are root; as ourselves otherwise.
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args)
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  const start = async () => {
    await pg('pg_ctl', ['start', '-w', '-t', '30', '-D', data, '-l', path.join(dir, 'server.log'), '-o', options])
  }
  const stop = async () => {
    await pg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data])
  }
  const destroy = async () => {
    await pg('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]).catch(() => {}) // already stopped
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    await start()
  } catch (error) {
    await destroy()
    throw error
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop, start, destroy }
}
