import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { recentDataVersion } from './recent-data-version.js'

/** A data-version read the test answers by hand. */
function fakeReads() {
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = []
  const read = vi.fn(() => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })))
  return { read, pending, next: () => pending.shift()! }
}

const settled = async <T>(promise: Promise<T>) => {
  let state: { value?: T; error?: unknown } | 'pending' = 'pending'
  promise.then(
    (value) => (state = { value }),
    (error: unknown) => (state = { error }),
  )
  await new Promise((r) => setTimeout(r, 0))
  return state
}

describe('recentDataVersion', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }))
  afterEach(() => vi.useRealTimers())
  const later = (ms: number) => vi.setSystemTime(Date.now() + ms)

  it('reads at most once a second, and again at once after forget()', async () => {
    const { read, next } = fakeReads()
    const v = recentDataVersion(read)
    const first = v.currentVersion()
    next().resolve('1')
    expect(await first).toBe('1')
    later(500)
    expect(await v.currentVersion()).toBe('1')
    expect(read).toHaveBeenCalledTimes(1)
    v.forget()
    const afterWrite = v.currentVersion()
    next().resolve('2')
    expect(await afterWrite).toBe('2')
    expect(read).toHaveBeenCalledTimes(2)
  })

  it('keeps the last version when a read fails, and reports the outage once', async () => {
    const { read, next } = fakeReads()
    const outages: (string | null)[] = []
    const v = recentDataVersion(read, {
      onOutage: (error, last) => outages.push(error ? `down at ${last}` : `up at ${last}`),
    })
    const first = v.currentVersion()
    next().resolve('7')
    await first
    later(1001)
    const during = v.currentVersion()
    next().reject(new Error('connect ECONNREFUSED'))
    expect(await during).toBe('7')
    later(1001)
    const again = v.currentVersion()
    expect(await settled(again)).toEqual({ value: '7' }) // answered without waiting for the read
    next().reject(new Error('connect ECONNREFUSED'))
    await new Promise((r) => setTimeout(r, 0))
    expect(outages).toEqual(['down at 7'])
  })

  it('while reads fail, tries one read a second in the background and none in between', async () => {
    const { read, next } = fakeReads()
    const v = recentDataVersion(read)
    const first = v.currentVersion()
    next().resolve('3')
    await first
    later(1001)
    const failing = v.currentVersion()
    next().reject(new Error('down'))
    await failing
    later(1001)
    await v.currentVersion()
    await v.currentVersion()
    await v.currentVersion()
    expect(read).toHaveBeenCalledTimes(3)
  })

  it('takes up a new version as soon as the background read succeeds, and reports the recovery', async () => {
    const { read, next } = fakeReads()
    const outages: string[] = []
    const v = recentDataVersion(read, {
      onOutage: (error, last) => outages.push(error ? `down at ${last}` : `up at ${last}`),
    })
    const first = v.currentVersion()
    next().resolve('3')
    await first
    later(1001)
    const failing = v.currentVersion()
    next().reject(new Error('down'))
    await failing
    later(1001)
    expect(await v.currentVersion()).toBe('3')
    next().resolve('4')
    await new Promise((r) => setTimeout(r, 0))
    expect(await v.currentVersion()).toBe('4')
    expect(outages).toEqual(['down at 3', 'up at 4'])
  })

  it('fails the request when no version was ever read (nothing is cached then either), and tries again next time', async () => {
    const { read, next } = fakeReads()
    const v = recentDataVersion(read)
    const first = v.currentVersion()
    next().reject(new Error('down'))
    await expect(first).rejects.toThrow('down')
    const second = v.currentVersion()
    next().resolve('1')
    expect(await second).toBe('1')
  })

  it('after a write in this process, waits for a fresh read even while reads were failing', async () => {
    const { read, next } = fakeReads()
    const v = recentDataVersion(read)
    const first = v.currentVersion()
    next().resolve('5')
    await first
    later(1001)
    const failing = v.currentVersion()
    next().reject(new Error('down'))
    await failing
    v.forget()
    const afterWrite = v.currentVersion()
    expect(await settled(afterWrite)).toBe('pending')
    next().resolve('6')
    expect(await afterWrite).toBe('6')
  })

  it('does not let a read begun before a write override the fresh one', async () => {
    const { read, next } = fakeReads()
    const v = recentDataVersion(read)
    const before = v.currentVersion()
    const stale = next()
    v.forget()
    const after = v.currentVersion()
    next().resolve('9')
    stale.resolve('8')
    expect(await before).toBe('8')
    expect(await after).toBe('9')
    expect(await v.currentVersion()).toBe('9')
  })

  it('answers with the last version when a read waits behind a long write, but waits after a write of its own', async () => {
    const { read, next } = fakeReads()
    const v = recentDataVersion(read, { busyMs: 20 })
    const first = v.currentVersion()
    next().resolve('1')
    expect(await first).toBe('1')
    later(1500)
    const busy = v.currentVersion() // the read is queued behind an import's transaction
    expect(await settled(busy)).toBe('pending')
    expect(await busy).toBe('1')
    next().resolve('1')
    v.forget()
    const afterWrite = v.currentVersion()
    await new Promise((r) => setTimeout(r, 40))
    expect(await settled(afterWrite)).toBe('pending')
    next().resolve('2')
    expect(await afterWrite).toBe('2')
  })
})
