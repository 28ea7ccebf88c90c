/** A source that stops giving records fails the read at once, without waiting for the source to close. */
import { describe, expect, it } from 'vitest'
import { StalledSource, withStallLimit } from './stall-limit.js'

async function read<T>(source: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = []
  try {
    for await (const item of source) items.push(item)
    return { items, error: null }
  } catch (error) {
    return { items, error }
  }
}

describe('withStallLimit', () => {
  it('passes every record of a source that keeps coming, however slowly overall', async () => {
    async function* slow() {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 20))
        yield i
      }
    }
    expect(await read(withStallLimit(slow(), 200))).toEqual({ items: [0, 1, 2, 3, 4], error: null })
  })

  it('fails with a StalledSource, after what came before, when the source gives nothing for the limit', async () => {
    let closed = false
    const stalled: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => {
        let n = 0
        return {
          next: () => (n++ < 2 ? Promise.resolve({ done: false, value: n }) : new Promise(() => {})),
          return: () => {
            closed = true
            return new Promise(() => {}) // closing it would wait for ever too
          },
        }
      },
    }
    const started = Date.now()
    const { items, error } = await read(withStallLimit(stalled, 100))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(items).toEqual([1, 2])
    expect(error).toBeInstanceOf(StalledSource)
    expect((error as Error).message).toBe('the file stopped arriving: nothing more was read from it for 100 ms')
    expect(closed).toBe(true)
  })
})
