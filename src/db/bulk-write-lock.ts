/**
 * Bulk writes (imports, strategy loads, restores) run one at a time across every process on the
 * database, so two never interleave their checks against stored values. On PostgreSQL that is a
 * transaction-scoped advisory lock: a second import waits for the first to commit, and is told it
 * is waiting. On PGlite, one session, the serialised driver already queues transactions, and the
 * data directory's lock keeps other processes out.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from './database.js'

/** An arbitrary constant that names this lock among the database's advisory locks. */
const BULK_WRITE_LOCK = 7_406_221_503

/** Inside a transaction (withChange's, or one the caller opened): the lock is held until it ends. */
export async function takeBulkWriteLock(trx: Kysely<Database>, onWaiting?: () => void): Promise<void> {
  const { rows } = await sql<{
    taken: boolean
  }>`select pg_try_advisory_xact_lock(${BULK_WRITE_LOCK}::bigint) as taken`.execute(trx)
  if (rows[0]?.taken) return
  onWaiting?.()
  await sql`select pg_advisory_xact_lock(${BULK_WRITE_LOCK}::bigint)`.execute(trx)
}
