/** The PostgreSQL client survives the server cutting its connections (a restart, a failover), idle or in use. */
import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.js'
import { isDatabaseUnavailable } from '../../src/db/unavailable.js'
import { engines } from '../helpers/test-db.js'

const url = process.env.TEST_DATABASE_URL!

async function terminateBackend(pid: number) {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query('select pg_terminate_backend($1)', [pid])
  await admin.end()
}

async function until(done: () => boolean) {
  for (let i = 0; i < 50 && !done(); i++) await new Promise((r) => setTimeout(r, 20))
}

describe.skipIf(!engines.includes('postgres'))('a PostgreSQL connection cut by the server', () => {
  it('is reported once when idle, replaced on next use, and does not end the process', async () => {
    const cut: string[] = []
    const database = await openDatabase({
      databaseUrl: url,
      dataDir: null,
      onConnectionError: (e) => cut.push(e.code ?? ''),
    })
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid
      await terminateBackend(pid)
      await until(() => cut.length > 0)
      await new Promise((r) => setTimeout(r, 100)) // the closed socket follows the server's message
      expect(cut).toEqual(['57P01'])
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db)
      expect(again.rows).toEqual([{ one: 1 }])
    } finally {
      await database.close()
    }
  })

  it('is reported once when checked out (in a transaction), fails that transaction as unavailable, and is replaced', async () => {
    const cut: string[] = []
    const database = await openDatabase({
      databaseUrl: url,
      dataDir: null,
      onConnectionError: (e) => cut.push(e.code ?? ''),
    })
    try {
      const failure = await database.db
        .transaction()
        .execute(async (trx) => {
          const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid
          await terminateBackend(pid)
          // Idle in a transaction, the client is out of the pool: only its own listener hears this.
          await until(() => cut.length > 0)
          await new Promise((r) => setTimeout(r, 100))
          await sql`select 1`.execute(trx)
        })
        .then(
          () => null,
          (error: unknown) => error,
        )
      expect(cut).toEqual(['57P01'])
      expect(isDatabaseUnavailable(failure)).toBe(true)
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db)
      expect(again.rows).toEqual([{ one: 1 }])
    } finally {
      await database.close()
    }
  })
})
