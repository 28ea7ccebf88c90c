/**
 * Calendar dates come back from both engines as the database's own 'YYYY-MM-DD' text, whatever the
 * machine's time zone, so no query converts them and no reader sees a Date at some local midnight.
 */
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.js'
import { engines } from '../helpers/test-db.js'

describe.each(engines)('date columns on %s', (engine) => {
  it('read as YYYY-MM-DD text, and bigint ids as text, in any time zone', async () => {
    const database = await openDatabase({
      databaseUrl: engine === 'postgres' ? process.env.TEST_DATABASE_URL! : null,
      dataDir: null,
    })
    const zone = process.env.TZ
    process.env.TZ = 'Pacific/Kiritimati' // UTC+14: a Date at local midnight would fall on the day before in UTC
    try {
      const row = (
        await sql<{ day: unknown; none: unknown; id: unknown }>`
          select date '2026-03-31' as day, null::date as none, 9007199254740993::bigint as id`.execute(database.db)
      ).rows[0]!
      expect(row).toEqual({ day: '2026-03-31', none: null, id: '9007199254740993' })
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
      await database.close()
    }
  })
})
