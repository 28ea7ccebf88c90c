/**
 * Opens the database: embedded PGlite (file-backed) by default, or a PostgreSQL server when a
 * postgres:// URL is given. Both speak the same dialect, so one schema and one set of queries serve.
 */
import { mkdirSync } from 'node:fs'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import type { Database } from './database.js'

export type Engine = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  engine: Engine
  close: () => Promise<void>
}

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise the embedded database. */
  databaseUrl: string | null
  /** Folder for the embedded database's files; null keeps it in memory (tests). */
  dataDir: string | null
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
    return { db, engine: 'postgres', close: () => db.destroy() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  // bigint (int8, type 20) as text, as the pg driver returns it, so ids look the same on both engines.
  const parsers = { 20: (value: string) => value }
  const pglite = options.dataDir ? new PGlite(options.dataDir, { parsers }) : new PGlite({ parsers })
  await pglite.waitReady
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}
