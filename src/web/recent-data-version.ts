/**
 * The data version as the page cache sees it, read at most once a second: under load, one query a
 * second instead of one a request. A write in this process forgets it at once; another process's
 * write (several app processes on one PostgreSQL) shows within the second.
 *
 * When the database cannot be read, the last version read stays in use, so pages already cached
 * keep being served through an outage. Until a read succeeds again, requests do not wait for one
 * (it may take the whole connection timeout): they get the last version at once while a read is
 * tried in the background, at most once a second.
 *
 * On the embedded database a long import holds the one connection until it commits, and a read
 * waits behind it. A read that takes longer than `busyMs` is answered with the last version read
 * (true until the import commits), so cached pages keep flowing while the import runs. After a
 * write in this process, though, the next request waits for the read: the write's pages must show.
 */
export interface RecentDataVersion {
  currentVersion: () => Promise<string>
  /** A write in this process: the next request reads afresh, and waits for it. */
  forget: () => void
}

export interface RecentDataVersionOptions {
  maxAgeMs?: number
  /** How long a request waits for a read before the last version read serves. */
  busyMs?: number
  /** Told once when reads start failing (with the error), and once when they work again (null). */
  onOutage?: (error: unknown, lastVersion: string) => void
}

export function recentDataVersion(
  read: () => Promise<string>,
  options: RecentDataVersionOptions = {},
): RecentDataVersion {
  const maxAgeMs = options.maxAgeMs ?? 1000
  const busyMs = options.busyMs ?? 250
  let known: { version: Promise<string>; at: number } | null = null
  let lastGood: string | null = null
  let failing = false
  let outageReported = false
  let generation = 0 // moves on forget(), so a read begun before a write never overrides it
  let mustWait = false // after forget(), until a read succeeds

  const remember = (version: Promise<string>) => (known = { version, at: Date.now() })

  const succeeded = (asked: number, version: string) => {
    lastGood = version
    if (outageReported) options.onOutage?.(null, version)
    outageReported = false
    if (asked !== generation) return version
    failing = false
    mustWait = false
    remember(Promise.resolve(version))
    return version
  }

  const failed = (asked: number, error: unknown) => {
    // Nothing read yet means nothing cached either: the request fails as the database does.
    if (lastGood === null) {
      if (asked === generation) known = null
      throw error
    }
    if (!outageReported) options.onOutage?.(error, lastGood)
    outageReported = true
    if (asked === generation) {
      failing = true
      remember(Promise.resolve(lastGood))
    }
    return lastGood
  }

  const readNow = (): Promise<string> => {
    const asked = generation
    const version = read().then(
      (v) => succeeded(asked, v),
      (error: unknown) => failed(asked, error),
    )
    remember(version)
    return version
  }

  /** The version, or the last one read if the database is too busy to say within busyMs. */
  const promptly = (version: Promise<string>): Promise<string> => {
    const fallback = lastGood
    if (fallback === null || mustWait) return version
    let timer: NodeJS.Timeout | undefined
    const busy = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(fallback), busyMs)))
    return Promise.race([version, busy]).finally(() => clearTimeout(timer))
  }

  const currentVersion = (): Promise<string> => {
    if (known && Date.now() - known.at <= maxAgeMs) return promptly(known.version)
    if (!failing || lastGood === null) return promptly(readNow())
    const stale = Promise.resolve(lastGood)
    void readNow()
    remember(stale)
    return stale
  }

  const forget = () => {
    generation++
    known = null
    failing = false
    mustWait = true
  }
  return { currentVersion, forget }
}
