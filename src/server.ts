/**
 * Starts the product: opens the database, migrates it, loads the strategy files (a no-op when they
 * have not changed), and serves the web app until told to stop.
 */
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { openDatabase, type DatabaseHandle } from './db/client.js'
import { migrateToLatest } from './db/migrate.js'
import { loadStrategies } from './modules/strategy/strategy.loader.js'
import { readStrategyFiles, strategyFilesIn } from './modules/strategy/strategy.folder.js'
import { sourceReader } from './modules/strategy/strategy.files.js'
import { strategyService } from './modules/strategy/strategy.service.js'
import { formatProblem } from './modules/strategy/strategy.validate.js'
import { createApp } from './web/app.js'
import { loadShippedData } from './modules/indicators/startup-data.js'
import { projectRoot } from './config.js'
import path from 'node:path'

export interface Running {
  app: FastifyInstance
  database: DatabaseHandle
  url: string
  stop: () => Promise<void>
}

export async function prepareDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  await migrateToLatest(database.db)
  return database
}

export async function loadStrategyFolder(database: DatabaseHandle, config: Config, log: (line: string) => void) {
  const result = await loadStrategies(database.db, readStrategyFiles(strategyFilesIn(config.strategiesDir)), {
    actor: 'system:start',
    sourceText: sourceReader(config.sourcesDir),
  })
  if (!result.ok) {
    throw new Error(`the strategy files were refused:\n${result.problems.map(formatProblem).join('\n')}`)
  }
  for (const s of result.summaries) {
    log(`strategy ${s.strategyId}: ${s.status} (${s.added} added, ${s.updated} updated, ${s.archived} archived)`)
  }
}

export async function startServer(config: Config): Promise<Running> {
  const database = await prepareDatabase(config)
  try {
    const app = await createApp({ db: database.db, strategies: strategyService(database.db, config.primaryStrategy), config })
    await loadStrategyFolder(database, config, (line) => app.log.info(line))
    await loadShippedData(database.db, path.join(projectRoot, 'data'), (line) => app.log.info(line))
    const url = await app.listen({ port: config.port, host: config.host })
    app.log.info(`Best Chance is serving on ${url} (${database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`)
    return {
      app,
      database,
      url,
      stop: async () => {
        await app.close()
        await database.close()
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}
