/**
 * Reads a file's first record before anything else is opened, so a command refuses a file it
 * cannot read (a workbook cut short, a file that is not UTF-8 from its first line) at once, before
 * it opens the database or takes its lock, and an import never begins a transaction on such a file.
 * Opening a workbook checks its zip directory, limits, sheet names and shared strings, so the first
 * record is where nearly every fault of a whole file shows.
 */
import { FileProblem } from './file-problem.js'

export interface ReadAhead<T> {
  /** Every record, the one read ahead first. */
  records: AsyncIterable<T>
  /** The file's fault, if reading its first record found one (the records then end at once). */
  problem: FileProblem | null
  /** Lets go of the file, for a command that stops before reading the rest. */
  close(): Promise<void>
}

export async function readAhead<T>(source: AsyncIterable<T>): Promise<ReadAhead<T>> {
  const iterator = source[Symbol.asyncIterator]()
  let first: IteratorResult<T>
  try {
    first = await iterator.next()
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error
    return { records: (async function* () {})(), problem: error, close: async () => {} }
  }
  let given = first.done === true
  const records: AsyncIterable<T> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (given) return iterator.next()
        given = true
        return first
      },
      return: async (value?: unknown) => (await iterator.return?.(value)) ?? { done: true, value: undefined as never },
    }),
  }
  return { records, problem: null, close: async () => void (await iterator.return?.()) }
}
