import { afterEach, describe, expect, it, vi } from 'vitest'
import { startPageWarmer, type PageWarmer } from './page-warmer.js'

describe('warming pages after a change', () => {
  let warmer: PageWarmer | undefined
  afterEach(() => {
    warmer?.stop()
    vi.useRealTimers()
  })

  /** Keys read one per tick (the last repeats); every cached URL was kept at key '1|d'. */
  function setUp(keys: string[]) {
    vi.useFakeTimers()
    const rendered: string[] = []
    let i = 0
    warmer = startPageWarmer({
      readKey: async () => keys[Math.min(i++, keys.length - 1)]!,
      staleUrls: (key) => (key === '1|d' ? [] : ['/', '/indicators']),
      render: async (url) => {
        rendered.push(url)
      },
      intervalMs: 100,
      onError: (e) => {
        throw e
      },
    })
    return { rendered, ticks: (n: number) => vi.advanceTimersByTimeAsync(n * 100) }
  }

  it('renders nothing while every page is current', async () => {
    const { rendered, ticks } = setUp(['1|d'])
    await ticks(5)
    expect(rendered).toEqual([])
    expect(warmer!.warmedKey()).toBe('1|d')
  })

  it('renders the stale pages once, when a new key has held for one interval', async () => {
    const { rendered, ticks } = setUp(['1|d', '1|d', '2|d', '3|d', '4|d', '4|d'])
    await ticks(5)
    expect(rendered).toEqual([]) // still changing: an import's run of writes
    await ticks(5)
    expect(rendered).toEqual(['/', '/indicators'])
    expect(warmer!.warmedKey()).toBe('4|d')
  })

  it('warms again on a new day, since the date is part of the key', async () => {
    const { rendered, ticks } = setUp(['1|d', '1|d', '1|e'])
    await ticks(5)
    expect(rendered).toEqual(['/', '/indicators'])
  })
})
