/**
 * Opens the database: embedded PGlite (file-backed) by default, or a PostgreSQL server when a
 * postgres:// URL is given. Both speak the same dialect, so one schema and one set of queries serve.
 */
import { Kysely, PostgresDialect } from 'kysely'
import type { Pool } from 'pg'
import type { Database } from './database.js'
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js'
import { SerialisedPGliteDialect } from './pglite-serialised.js'
import { oneLineError } from './unavailable.js'

export type Engine = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  engine: Engine
  /** The embedded data directory's lock, held while the database is open (null for a server or in memory). */
  lock: DataDirLock | null
  close: () => Promise<void>
}

export type ConnectionError = Error & { code?: string }

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise the embedded database. */
  databaseUrl: string | null
  /** Folder for the embedded database's files; null keeps it in memory (tests). */
  dataDir: string | null
  /** The command opening an embedded data directory, named in its lock for anyone else who tries. */
  holder?: string
  /**
   * Told once for each server connection that is lost (a restart, a failover, an administrator),
   * whether it was idle in the pool or in use; the default writes one line to standard error.
   */
  onConnectionError?: (error: ConnectionError) => void
  /** How long a query waits for a connection before failing; see CONNECTION_TIMEOUT_MS. */
  connectionTimeoutMs?: number
}

/**
 * A healthy server hands over a connection in milliseconds (tens with TLS), and a pooled one is
 * normally free as soon as a query ends. Three seconds is far beyond both, so it fires only when
 * the server is unreachable or the pool is swamped; then a 503 with Retry-After within seconds is
 * better than a request that waits for ever (pg's default) or until a proxy gives up (30-60 s).
 */
export const CONNECTION_TIMEOUT_MS = 3000

function logConnectionError(error: ConnectionError) {
  console.error(`database: lost a connection (${oneLineError(error)}); the pool replaces it on next use`)
}

/**
 * pg reports a lost connection as an 'error' event: on the pool when the client was idle, on the
 * client itself when it was checked out. Either, unheard, ends the process. A dead client may also
 * emit more than once (the server's message, then the closed socket), so each client is reported
 * once. The pool drops broken clients and connects afresh, so the right response is to say so.
 */
function hearConnectionErrors(pool: Pool, report: (error: ConnectionError) => void) {
  const reported = new WeakSet<object>()
  const once = (error: ConnectionError, client: object) => {
    if (reported.has(client)) return
    reported.add(client)
    report(error)
  }
  pool.on('error', (error, client) => once(error, client))
  pool.on('connect', (client) => client.on('error', (error) => once(error, client)))
}

const asText = (value: string) => value
/**
 * Types both engines hand back as the database's own text: bigint (int8, 20), as the pg driver
 * already does, so ids look the same on both; and date (1082), a calendar day as 'YYYY-MM-DD'
 * rather than a Date at some machine's local midnight.
 */
const textTypes = new Map<number, (value: string) => string>([
  [20, asText],
  [1082, asText],
])

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const [{ default: pg }, { CopyingPgClient }] = await Promise.all([import('pg'), import('./copying-pg-client.js')])
    const pool = new pg.Pool({
      // pg's own client, able also to COPY rows in (db/copy-in.ts).
      Client: CopyingPgClient,
      connectionString: options.databaseUrl,
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          textTypes.get(oid) ?? pg.types.getTypeParser(oid, format),
      },
      max: 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
    })
    hearConnectionErrors(pool, options.onConnectionError ?? logConnectionError)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, engine: 'postgres', lock: null, close: () => db.destroy() }
  }
  // PGlite, able also to COPY rows in (db/copy-in.ts).
  const { CopyingPGlite: PGlite } = await import('./copying-pglite.js')
  // Only one process may open a data directory: take its lock before PGlite touches a file.
  const lock = options.dataDir ? acquireDataDirLock(options.dataDir, options.holder ?? 'open') : null
  try {
    const parsers = Object.fromEntries(textTypes)
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
