/**
 * The ceiling an import is measured against: raw COPY of the same file into a bare table of text
 * columns (no checks, no indexes), on the same engine, in the same run.
 */
import { createReadStream, openAsBlob } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { FINGERTIPS_HEADER } from './fingertips-format.js'
import { measure, type PhaseResult } from './measure.js'

const bareTable = `create table bare_copy (${FINGERTIPS_HEADER.map((_, i) => `c${i} text`).join(', ')})`

/** COPY FROM STDIN through the pg driver into the database at this address; checks every row arrived. */
export async function rawCopyPostgres(databaseUrl: string, file: string, rows: number): Promise<PhaseResult> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(bareTable)
    const result = await measure(rows, () =>
      pipeline(
        createReadStream(file),
        client.query(copyFrom('copy bare_copy from stdin with (format csv, header true)')),
      ),
    )
    const copied = Number((await client.query('select count(*) from bare_copy')).rows[0].count)
    if (copied !== rows) throw new Error(`raw COPY stored ${copied} rows, not ${rows}`)
    await client.query('drop table bare_copy')
    return result
  } finally {
    await client.end()
  }
}

/** COPY FROM '/dev/blob' into a PGlite of its own in this data directory (as our import's engine is). */
export async function rawCopyPglite(dataDir: string, file: string, rows: number): Promise<PhaseResult> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = new PGlite(dataDir)
  await db.waitReady
  try {
    await db.exec(bareTable)
    const result = await measure(rows, async () => {
      const blob = await openAsBlob(file)
      await db.query(`copy bare_copy from '/dev/blob' with (format csv, header true)`, [], { blob })
    })
    const copied = Number((await db.query<{ n: string }>('select count(*)::text as n from bare_copy')).rows[0]!.n)
    if (copied !== rows) throw new Error(`raw COPY stored ${copied} rows, not ${rows}`)
    return result
  } finally {
    await db.close()
  }
}
