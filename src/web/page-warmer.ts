/**
 * After data changes, the public pages people were reading are rendered again in the background,
 * so the first visitor after an import or an edit meets a warm page, not a cold render. It watches
 * the cache key (data version and date) rather than this process's own writes, so a change made
 * through another server process, or a long import that commits late, warms pages here too; and it
 * waits for the key to hold still for one interval, so an import's run of changes warms once.
 */
export interface PageWarmerOptions {
  /** The page cache's key of the moment: data version and today's date. */
  readKey: () => Promise<string>
  /** The URLs kept at some other key, most wanted first. */
  staleUrls: (key: string) => string[]
  /** Renders one URL through the app, which keeps the result in the cache. */
  render: (url: string) => Promise<void>
  intervalMs: number
  onError: (error: unknown) => void
}

export interface PageWarmer {
  /** The key pages were last warmed at (null before the first check that held still). */
  warmedKey(): string | null
  stop(): void
}

export function startPageWarmer(options: PageWarmerOptions): PageWarmer {
  let seen: string | null = null
  let warmed: string | null = null
  let busy = false

  const tick = async () => {
    if (busy) return
    busy = true
    try {
      const key = await options.readKey()
      // Once per key: a page that does not cache (an error, say) is not rendered again and again.
      if (key === seen && key !== warmed) {
        for (const url of options.staleUrls(key)) await options.render(url)
        warmed = key
      }
      seen = key
    } catch (error) {
      options.onError(error)
    } finally {
      busy = false
    }
  }

  const timer = setInterval(() => void tick(), options.intervalMs)
  timer.unref()
  return { warmedKey: () => warmed, stop: () => clearInterval(timer) }
}
