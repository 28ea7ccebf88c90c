/**
 * Opens the database: embedded PGlite (file-backed) by default, or a PostgreSQL server when a
 * postgres:// URL is given. Both speak the same dialect, so one schema and one set of queries serve.
 */
import { Kysely, PostgresDialect } from 'kysely'
import type { Database } from './database.js'
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js'
import { SerialisedPGliteDialect } from './pglite-serialised.js'

export type Engine = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  engine: Engine
  /** The embedded data directory's lock, held while the database is open (null for a server or in memory). */
  lock: DataDirLock | null
  close: () => Promise<void>
}

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise the embedded database. */
  databaseUrl: string | null
  /** Folder for the embedded database's files; null keeps it in memory (tests). */
  dataDir: string | null
  /** The command opening an embedded data directory, named in its lock for anyone else who tries. */
  holder?: string
  /** Told when the server cuts an idle connection; the default writes one line to standard error. */
  onIdleConnectionError?: (error: Error & { code?: string }) => void
}

function defaultIdleConnectionError(error: Error & { code?: string }) {
  console.error(`database: an idle connection was closed by the server (${error.code ?? 'no code'}: ${error.message}); it will be replaced`)
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    // An idle connection can be cut by the server (a restart, a failover, an administrator). pg
    // reports that as an 'error' on the pool; unheard, it would end the process. The pool replaces
    // the connection on next use, so the right response is to say so and carry on.
    pool.on('error', (error: Error & { code?: string }) => {
      ;(options.onIdleConnectionError ?? defaultIdleConnectionError)(error)
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, engine: 'postgres', lock: null, close: () => db.destroy() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  // Only one process may open a data directory: take its lock before PGlite touches a file.
  const lock = options.dataDir ? acquireDataDirLock(options.dataDir, options.holder ?? 'open') : null
  try {
    // bigint (int8, type 20) as text, as the pg driver returns it, so ids look the same on both engines.
    const parsers = { 20: (value: string) => value }
    const pglite = options.dataDir ? new PGlite(options.dataDir, { parsers }) : new PGlite({ parsers })
    await pglite.waitReady
    const db = new Kysely<Database>({ dialect: new SerialisedPGliteDialect({ pglite }) })
    return {
      db,
      engine: 'pglite',
      lock,
      close: async () => {
        try {
          await db.destroy()
          if (!pglite.closed) await pglite.close()
        } finally {
          lock?.release()
        }
      },
    }
  } catch (error) {
    lock?.release()
    throw error
  }
}
