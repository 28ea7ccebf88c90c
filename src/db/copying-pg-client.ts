/**
 * The pg pool's client as openDatabase makes it: every query runs as pg runs it, except one whose
 * one parameter is a CopyIn (copy-in.ts), which streams through `COPY … FROM STDIN` on this
 * connection. Loaded with pg, only for the server engine.
 */
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { copyOf, type CopyIn } from './copy-in.js'

type CopyResult = { command: 'COPY'; rowCount: number; rows: never[] }

/** The pool's client: a CopyIn streams through `COPY … FROM STDIN` on this connection. */
export class CopyingPgClient extends pg.Client {
  // pg's query has a dozen overloads; every call passes through unchanged but a CopyIn's.
  override query(...args: any[]): any {
    const chunk = copyOf(args[1])
    if (!chunk) return (super.query as (...a: unknown[]) => unknown)(...args)
    return this.#copy(chunk)
  }

  #copy(chunk: CopyIn): Promise<CopyResult> {
    const stream = (super.query as (q: unknown) => ReturnType<typeof copyFrom>)(copyFrom(chunk.statement('stdin')))
    return new Promise((resolve, reject) => {
      stream.on('error', reject)
      stream.on('finish', () => resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [] }))
      stream.end(chunk.csv)
    })
  }
}
