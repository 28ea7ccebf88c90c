/**
 * One process at a time opens an embedded (PGlite) data directory: two PGlite instances on the
 * same files corrupt them. The holder writes `best-chance.lock` (who it is, and when it is a
 * server, where its command channel listens) with an exclusive create; it is removed when the
 * holder closes the database or exits. A lock whose process is gone (killed, crashed, or from
 * before a reboot) is stale and taken over, under a second exclusive file so two processes
 * cannot both take it over.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const LOCK_FILE = 'best-chance.lock'

/** Where a running server accepts commands from the command line (see src/control/). */
export interface ControlAddress {
  port: number
  token: string
  /** The server's public address, for messages. */
  url: string
}

export interface LockHolder {
  pid: number
  hostname: string
  /** Identifies this boot of the machine: a pid from before a reboot is not the same process. */
  bootId: string | null
  /** When the process started, from /proc (clock ticks since boot): a reused pid is a different process. */
  processStart: string | null
  /** The command that holds it, e.g. "serve" or "import". */
  command: string
  since: string
  control?: ControlAddress
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(describeHeldLock(dataDir, holder))
    this.name = 'DataDirLockedError'
  }
}

export function describeHeldLock(dataDir: string, holder: LockHolder): string {
  const what = `\`best-chance ${holder.command}\` (process ${holder.pid} on ${holder.hostname}, since ${holder.since})`
  const serving = holder.control ? `, serving ${holder.control.url}` : ''
  const advice =
    holder.command === 'serve'
      ? 'stop that server first, or run this command while it serves: the command line passes its work to it'
      : 'try again when it has finished'
  return `the embedded database in ${dataDir} is held by ${what}${serving}: ${advice}. Several processes can share a PostgreSQL server (DATABASE_URL) instead.`
}

export interface DataDirLock {
  readonly path: string
  /** Adds the command channel's address to the lock, for the command line to find. */
  publish(control: ControlAddress): void
  release(): void
}

const TAKEOVER_STALE_MS = 10_000

/** Takes the lock or throws DataDirLockedError naming the live holder. */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = path.join(dataDir, LOCK_FILE)
  const me = currentProcess(command)
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(lockPath, me)) return heldLock(lockPath, me)
    const holder = readLockHolder(dataDir)
    if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder)
    takeOverStale(lockPath, holder)
  }
  const holder = readLockHolder(dataDir)
  throw holder
    ? new DataDirLockedError(dataDir, holder)
    : new Error(`could not take the lock ${lockPath}: it keeps changing`)
}

/** The holder named in the lock file, or null when there is none (or it cannot be read). */
export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockHolder
  } catch {
    return null
  }
}

/** The live holder of the lock, or null when the directory is free (or its lock is stale). */
export function liveLockHolder(dataDir: string): LockHolder | null {
  const holder = readLockHolder(dataDir)
  return holder && isAlive(holder) ? holder : null
}

export function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true // another machine's process: we cannot tell, so assume so
  if (holder.bootId && bootId() && holder.bootId !== bootId()) return false
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const start = processStart(holder.pid)
  return !(holder.processStart && start && start !== holder.processStart)
}

function heldLock(lockPath: string, me: LockHolder): DataDirLock {
  let released = false
  const release = () => {
    if (released) return
    released = true
    process.removeListener('exit', release)
    const holder = readLockHolder(path.dirname(lockPath))
    if (holder?.pid === me.pid && holder.since === me.since) unlinkQuietly(lockPath)
  }
  // A process that exits without closing the database still frees the directory.
  process.on('exit', release)
  return {
    path: lockPath,
    publish(control) {
      const temp = `${lockPath}.${me.pid}.tmp`
      writeDurably(temp, { ...me, control }, 'w')
      renameSync(temp, lockPath)
    },
    release,
  }
}

/** Removes a stale lock; only one process at a time may, and only if the lock is still the stale one it read. */
function takeOverStale(lockPath: string, stale: LockHolder | null) {
  const guard = `${lockPath}.takeover`
  if (!createExclusive(guard, currentProcess('takeover'))) {
    // Another process is taking it over; a guard left by a crash mid-takeover expires.
    if (Date.now() - mtime(guard) > TAKEOVER_STALE_MS) unlinkQuietly(guard)
    return
  }
  try {
    const now = readLockHolder(path.dirname(lockPath))
    const unchanged = JSON.stringify(now) === JSON.stringify(stale)
    // An unreadable lock may be one being written this instant: only a while later is it stale.
    if (unchanged && (now !== null || Date.now() - mtime(lockPath) > TAKEOVER_STALE_MS)) unlinkQuietly(lockPath)
  } finally {
    unlinkQuietly(guard)
  }
}

function createExclusive(file: string, content: LockHolder): boolean {
  try {
    writeDurably(file, content, 'wx')
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function writeDurably(file: string, content: LockHolder, flag: 'w' | 'wx') {
  const fd = openSync(file, flag, 0o600)
  try {
    writeSync(fd, JSON.stringify(content, null, 2) + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function currentProcess(command: string): LockHolder {
  return {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: bootId(),
    processStart: processStart(process.pid),
    command,
    since: new Date().toISOString(),
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return null
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started. The command name (field 2) may hold spaces, so count from its ')'. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs
  } catch {
    return 0
  }
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file)
  } catch {
    // already gone
  }
}
