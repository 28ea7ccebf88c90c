/**
 * The API's answer when the database refuses a value it was passed (PostgreSQL's invalid text
 * representation, a number out of range, a date out of range …): 400 in the API's error shape,
 * never 500. The database here is a Kysely whose driver refuses every query as PostgreSQL would,
 * with the SQLSTATE code pg and PGlite both put on the error.
 */
import Fastify from 'fastify'
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import type { Database } from '../../db/database.js'
import { strategyService } from '../strategy/strategy.service.js'
import { openDataRoutes } from './open-data.web.js'

function refusingDatabase(code: string, message: string): Kysely<Database> {
  const connection: DatabaseConnection = {
    executeQuery: async () => {
      throw Object.assign(new Error(message), { code, severity: 'ERROR' })
    },
    streamQuery: () => {
      throw new Error('not used')
    },
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
}

async function apiWith(db: Kysely<Database>) {
  const app = Fastify({ logger: false })
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' })
  openDataRoutes(app, { db, config, strategies: strategyService(db, config.primaryStrategy) })
  await app.ready()
  return app
}

describe('the API when the database refuses a value', () => {
  it.each([
    ['22P02', 'invalid input syntax for type bigint: "x"'],
    ['22003', 'value "99999999999999999999" is out of range for type bigint'],
    ['22008', 'date/time field value out of range: "0000-12-31"'],
  ])('answers %s with 400 in the error shape, saying nothing of the database', async (code, message) => {
    const app = await apiWith(refusingDatabase(code, message))
    for (const url of [
      '/api/v1/indicators',
      '/api/v1/data?indicator=gld-eyfs&as_of=2024-01-01',
      '/api/v1/areas',
      '/api/v1/indicators/gld-eyfs/summaries',
    ]) {
      const res = await app.inject(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json(), url).toEqual({
        error: { status: 400, message: 'Check the address or the form: part of it is not valid.' },
      })
      expect(res.body).not.toContain(message)
    }
    await app.close()
  })

  it('still answers 500 for a database error that is not about a value', async () => {
    const app = await apiWith(refusingDatabase('42P01', 'relation "indicators" does not exist'))
    const res = await app.inject('/api/v1/indicators')
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('relation')
    await app.close()
  })
})
