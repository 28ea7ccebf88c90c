/** The PostgreSQL client survives the server cutting its idle connections (a restart, a failover). */
import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.js'
import { engines } from '../helpers/test-db.js'

describe.skipIf(!engines.includes('postgres'))('a PostgreSQL connection cut by the server', () => {
  it('is reported, replaced on next use, and does not end the process', async () => {
    const url = process.env.TEST_DATABASE_URL!
    const cut: string[] = []
    const database = await openDatabase({ databaseUrl: url, dataDir: null, onIdleConnectionError: (e) => cut.push(e.code ?? '') })
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query('select pg_terminate_backend($1)', [pid])
      await admin.end()
      for (let i = 0; i < 50 && cut.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
      expect(cut).toEqual(['57P01'])
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db)
      expect(again.rows).toEqual([{ one: 1 }])
    } finally {
      await database.close()
    }
  })
})
