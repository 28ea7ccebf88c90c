/**
 * Issue 17, item 5: the server listens before the check for indicators missing summaries, which
 * (with any recomputation) runs in the background after listen. Here the background work is held
 * back by an injected slow step: /health and pages answer meanwhile, and the summaries a database
 * from before summaries lacked appear once the work is done.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { startServer, type Running } from '../../src/app/server.js'
import { createTestDatabase } from '../helpers/test-db.js'

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || null

describe.skipIf(!serverUrl)('a fast start: missing summaries are worked out after the server listens', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let running: Running | undefined
  const config = () =>
    loadConfig({ ...process.env, DATABASE_URL: database.url!, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' })
  const summaries = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from indicator_summaries`.execute(database.db)).rows[0]!.n)
  let before = 0

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    // A first start loads the shipped seed figures (their import computes summaries).
    const first = await startServer(config())
    await first.background
    await first.stop()
    before = await summaries()
    // A database from before summaries existed: data, but no summaries.
    await sql`delete from indicator_summaries`.execute(database.db)
  }, 240_000)

  afterAll(async () => {
    await running?.stop()
    await database?.close()
  })

  it('answers /health and a page while the background work is held back, then has the summaries', async () => {
    expect(before).toBeGreaterThan(0)
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let backgroundBegan = false
    running = await startServer(config(), {
      beforeBackground: async () => {
        backgroundBegan = true
        await held
      },
    })
    let finished = false
    void running.background.then(() => (finished = true))
    const health = await fetch(`${running.url}/health`)
    expect(health.status).toBe(200)
    expect((await fetch(`${running.url}/`)).status).toBe(200)
    expect(backgroundBegan).toBe(true)
    expect(finished).toBe(false)
    expect(await summaries()).toBe(0)

    release()
    await running.background
    expect(finished).toBe(true)
    expect(await summaries()).toBe(before)
  })
})
