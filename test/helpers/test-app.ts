/** The real app on a fresh database of the given engine, with strategy files loaded as at start. */
import path from 'node:path'
import { loadConfig, projectRoot, type Config } from '../../src/config.js'
import type { Engine } from '../../src/db/client.js'
import { loadStrategyFolder } from '../../src/app/server.js'
import { loadShippedData } from '../../src/modules/indicators/startup-data.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createApp } from '../../src/app/app.js'
import { createTestDatabase } from './test-db.js'

export const fixtures = {
  strategiesDir: path.join(projectRoot, 'test/fixtures/strategies'),
  sourcesDir: path.join(projectRoot, 'test/fixtures/sources'),
}

/**
 * The shipped datasets most tests load (vitest.config.ts sets SHIPPED_DATASETS): the seed figures,
 * not the published real data (tens of thousands of rows, minutes to load on PGlite), which
 * test/integration/real-data.test.ts loads with { realData: true }.
 */
export const SEED_ONLY = ['seed-figures.csv']

export async function createTestApp(
  engine: Engine,
  env: Record<string, string> = {},
  options: { realData?: boolean } = {},
) {
  const config: Config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env })
  const database = await createTestDatabase(engine)
  const app = await createApp({
    db: database.db,
    strategies: strategyService(database.db, config.primaryStrategy),
    config,
  })
  await loadStrategyFolder(database, config, () => {})
  await loadShippedData(database.db, path.join(projectRoot, 'data'), () => {}, {
    datasets: options.realData ? null : (config.shippedDatasets ?? SEED_ONLY),
  })
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}
