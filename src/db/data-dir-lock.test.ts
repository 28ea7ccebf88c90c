import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, liveLockHolder, readLockHolder } from './data-dir-lock.js'

const dirs: string[] = []
const scratch = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A separate process that takes the lock, says so, and waits to be killed. */
async function holdInChild(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `
    const { acquireDataDirLock } = await import(${JSON.stringify(path.resolve('src/db/data-dir-lock.ts'))})
    acquireDataDirLock(${JSON.stringify(dir)}, 'import')
    console.log('held')
    setInterval(() => {}, 1000)
  `,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve())
    child.on('exit', (code) => reject(new Error(`the child exited with ${code}`)))
  })
  return child
}

describe('the data directory lock', () => {
  it('lets one holder in, names it to the next, and frees the directory on release', () => {
    const dir = scratch()
    const lock = acquireDataDirLock(dir, 'serve')
    expect(readLockHolder(dir)).toMatchObject({ pid: process.pid, command: 'serve' })
    // Another process would be refused; within this one a second acquire stands for it.
    expect(() => acquireDataDirLock(dir, 'import')).toThrow(DataDirLockedError)
    expect(() => acquireDataDirLock(dir, 'import')).toThrow(
      new RegExp(`held by \`best-chance serve\` \\(process ${process.pid} `),
    )
    lock.publish({ port: 1234, token: 'secret', url: 'http://localhost:3000' })
    expect(liveLockHolder(dir)?.control).toEqual({ port: 1234, token: 'secret', url: 'http://localhost:3000' })
    lock.release()
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
    acquireDataDirLock(dir, 'import').release()
  })

  it('is readable only by its owner, since it carries the command channel token', () => {
    const dir = scratch()
    const lock = acquireDataDirLock(dir, 'serve')
    expect(statSync(path.join(dir, LOCK_FILE)).mode & 0o077).toBe(0)
    lock.release()
  })

  it('refuses while another live process holds it, and takes over once that process is killed', async () => {
    const dir = scratch()
    const child = await holdInChild(dir)
    try {
      expect(() => acquireDataDirLock(dir, 'serve')).toThrow(/held by `best-chance import` \(process \d+ /)
    } finally {
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
    }
    expect(readLockHolder(dir)?.pid).toBe(child.pid) // left behind by the kill
    expect(liveLockHolder(dir)).toBeNull()
    const lock = acquireDataDirLock(dir, 'serve')
    expect(readLockHolder(dir)?.pid).toBe(process.pid)
    lock.release()
  })

  it('treats a lock from before a reboot as stale even if its pid is alive now', () => {
    const dir = scratch()
    const mine = acquireDataDirLock(dir, 'serve')
    const held = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))
    mine.release()
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ ...held, pid: 1, bootId: 'another-boot' }))
    const lock = acquireDataDirLock(dir, 'serve')
    expect(readLockHolder(dir)?.pid).toBe(process.pid)
    lock.release()
  })
})
