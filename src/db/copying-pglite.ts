/**
 * PGlite as openDatabase makes it: every query runs as PGlite runs it, except one whose one
 * parameter is a CopyIn (copy-in.ts), which PGlite reads as its file `/dev/blob` for
 * `COPY … FROM '/dev/blob'`, in a transaction or not. Loaded only for the embedded engine.
 */
import { PGlite, type QueryOptions, type Results, type Transaction as PGliteTransaction } from '@electric-sql/pglite'
import { copyOf, type CopyIn } from './copy-in.js'

const blobOptions = (chunk: CopyIn, options?: QueryOptions): QueryOptions => ({
  ...options,
  // A Buffer's memory is an ArrayBuffer (never shared): what a Blob takes.
  blob: new Blob([chunk.csv as Uint8Array<ArrayBuffer>]),
})

/** PGlite whose queries, in a transaction or not, take a CopyIn as the file `/dev/blob`. */
export class CopyingPGlite extends PGlite {
  override query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const chunk = copyOf(params)
    if (!chunk) return super.query<T>(text, params, options)
    return super.query<T>(chunk.statement("'/dev/blob'"), [], blobOptions(chunk, options))
  }

  override transaction<T>(callback: (tx: PGliteTransaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => {
      // The transaction as PGlite made it (its `closed` and the rest), with query taking a CopyIn.
      const query = <R>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<R>> => {
        const chunk = copyOf(params)
        if (!chunk) return tx.query<R>(text, params, options)
        return tx.query<R>(chunk.statement("'/dev/blob'"), [], blobOptions(chunk, options))
      }
      return callback(Object.create(tx, { query: { value: query } }) as PGliteTransaction)
    })
  }
}
