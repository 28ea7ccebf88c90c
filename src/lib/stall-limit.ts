/**
 * Records from a source that must keep coming: if the source gives nothing for `ms`, reading fails
 * with a FileProblem at once, so an import reading inside a transaction rolls back instead of
 * holding the transaction open for as long as a stalled source (a network drive that stopped
 * answering, a stream whose writer went away) keeps it waiting. The commands read regular files,
 * which always end; this is the guarantee for any other source an import is given.
 */
import { FileProblem } from './file-problem.js'

/** The source stopped giving records: whoever reads it must not wait for it either (not even to close it). */
export class StalledSource extends FileProblem {}

export async function* withStallLimit<T>(source: AsyncIterable<T>, ms: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]()
  let stalled = false
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined
      const stall = new Promise<'stalled'>((resolve) => {
        timer = setTimeout(() => resolve('stalled'), ms)
      })
      const next = await Promise.race([iterator.next(), stall]).finally(() => clearTimeout(timer))
      if (next === 'stalled') {
        stalled = true
        throw new StalledSource(
          null,
          `the file stopped arriving: nothing more was read from it for ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`,
        )
      }
      if (next.done) return
      yield next.value
    }
  } finally {
    // A stalled source is left to end when it can: waiting for it here would be the wait this prevents.
    if (stalled) void iterator.return?.()?.catch(() => {})
    else await iterator.return?.()
  }
}
