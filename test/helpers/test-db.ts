/**
 * A fresh, migrated database per test file, on each engine: PGlite in memory always, and a
 * PostgreSQL server when TEST_DATABASE_URL is set (npm test sets it and starts the server).
 * Each PostgreSQL test database is created for the file and dropped after it.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type DatabaseHandle, type Engine } from '../../src/db/client.js'
import { migrateToLatest } from '../../src/db/migrate.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || null

if (!serverUrl) {
  const message =
    'TEST_DATABASE_URL is not set: storage tests run on PGlite only. `npm test` sets it and starts PostgreSQL.'
  if (process.env.CI) throw new Error(`${message} In CI the PostgreSQL path must be tested.`)
  console.warn(`\n!! ${message}\n`)
}

/** The engines storage tests run on: use with describe.each. */
export const engines: Engine[] = serverUrl ? ['pglite', 'postgres'] : ['pglite']

/** A test database; `url` is the server database's address (null for in-memory PGlite). */
export async function createTestDatabase(engine: Engine): Promise<DatabaseHandle & { url: string | null }> {
  if (engine === 'pglite') {
    const handle = await openDatabase({ databaseUrl: null, dataDir: null })
    await migrateToLatest(handle.db)
    return { ...handle, url: null }
  }
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is needed for the postgres engine')
  const name = `bc_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await adminQuery(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  // Dropping the database at the end cuts connections the pool may still be closing: expected here.
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: null, onConnectionError: () => {} })
  await migrateToLatest(handle.db)
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close()
      await adminQuery(`drop database if exists ${name} with (force)`)
    },
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl! })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
