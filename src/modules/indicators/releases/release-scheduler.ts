/**
 * Publishes releases at their time with no request needed: the server polls every few seconds
 * (RELEASE_POLL_MS) and once at start, so a release that fell due while the server was down is
 * published when it comes back. The state is the releases table, and each due release is claimed by
 * one conditional update, so several server processes on one database publish it exactly once.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { publishDueReleases } from './releases.service.js'

export interface ReleaseScheduler {
  /** Settles when the poll under way (if any) has finished; no poll starts after. */
  stop(): Promise<void>
}

export function startReleaseScheduler(
  db: Kysely<Database>,
  options: { intervalMs: number; log: (line: string) => void; onError: (error: unknown) => void },
): ReleaseScheduler {
  let running: Promise<void> | null = null
  let stopped = false
  const poll = () => {
    if (running || stopped) return
    running = publishDueReleases(db)
      .then((ids) => {
        if (ids.length) options.log(`published release(s) ${ids.join(', ')} at their release time`)
      })
      .catch(options.onError)
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(poll, options.intervalMs)
  timer.unref()
  poll()
  return {
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
