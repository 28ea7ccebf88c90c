/**
 * Starts the product: opens the database, migrates it, loads the strategy files (a no-op when they
 * have not changed), and serves the web app until told to stop.
 */
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { openDatabase, type DatabaseHandle } from '../db/client.js'
import { migrateToLatest } from '../db/migrate.js'
import { loadStrategies } from '../modules/strategy/strategy.loader.js'
import { readStrategyFiles, strategyFilesIn } from '../modules/strategy/strategy.folder.js'
import { sourceReader } from '../modules/strategy/strategy.files.js'
import { strategyService } from '../modules/strategy/strategy.service.js'
import { formatProblem } from '../modules/strategy/strategy.validate.js'
import { createApp } from './app.js'
import { createMailer } from '../lib/mailer.js'
import { startOutboxSender } from '../modules/follows/outbox.sender.js'
import { completeMissingSummaries, loadShippedData } from '../modules/indicators/startup-data.js'
import { projectRoot } from '../config.js'
import path from 'node:path'
import type { CommandContext } from './cli/command-context.js'
import { runDatabaseCommand } from './cli/commands/index.js'
import { startControlServer, type ControlServer, type RunCommand } from './control/control-server.js'
import { startReleaseScheduler } from '../modules/indicators/releases/release-scheduler.js'
import { decideMissing, decideOnDataChange } from '../modules/disclosure/decisions.js'

export interface Running {
  app: FastifyInstance
  database: DatabaseHandle
  url: string
  /** The work begun after listening (summaries missing from an older database): settles when done. */
  background: Promise<void>
  stop: () => Promise<void>
}

export interface StartOptions {
  /** Runs before the background work: tests make it slow, to see the server answer meanwhile. */
  beforeBackground?: () => Promise<void>
}

/** Opens the configured database and migrates it; `holder` names the command in an embedded directory's lock. */
export async function prepareDatabase(config: Config, holder = 'serve'): Promise<DatabaseHandle> {
  // Whatever changes indicator data in this process decides disclosure control at this threshold as it writes.
  decideOnDataChange(config.disclosureThreshold)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, holder })
  try {
    await migrateToLatest(database.db)
  } catch (error) {
    await database.close()
    throw error
  }
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

export async function startServer(config: Config, options: StartOptions = {}): Promise<Running> {
  const database = await prepareDatabase(config)
  let control: ControlServer | null = null
  try {
    const app = await createApp({
      db: database.db,
      strategies: strategyService(database.db, config.primaryStrategy),
      config,
    })
    await loadStrategyFolder(database, config, (line) => app.log.info(line))
    const log = (line: string) => app.log.info(line)
    await loadShippedData(database.db, path.join(projectRoot, 'data'), log, {
      datasets: config.shippedDatasets,
      checkSummaries: false,
    })
    const url = await app.listen({ port: config.port, host: config.host })
    if (database.lock) control = await openCommandChannel(database, config, app, url)
    app.log.info(
      `Best Chance is serving on ${url} (${database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`,
    )
    const background = backgroundWork(database, app, options, config.disclosureThreshold)
    const sender = startOutboxSender(database.db, {
      mailer: createMailer(config.smtp),
      serviceName: config.serviceName,
      siteUrl: config.siteUrl,
      log: (line) => app.log.warn(line),
    })
    // Releases due (even while the server was down) are published now, and then as their time comes.
    const releases = startReleaseScheduler(database.db, {
      intervalMs: config.releases.pollMs,
      log: (line) => app.log.info(line),
      onError: (error) => app.log.error({ err: error }, 'publishing due releases failed: the next poll tries again'),
    })
    return {
      app,
      database,
      url,
      background,
      stop: async () => {
        // Commands already running finish (and are stored) before the database closes; so does the background work.
        await background
        await sender.stop()
        await releases.stop()
        await control?.close()
        await app.close()
        await database.close()
      },
    }
  } catch (error) {
    await control?.close()
    await database.close()
    throw error
  }
}

/**
 * After listening, so /health and pages answer at once: on a national database the check for
 * indicators missing summaries alone took 12.5 s before the server listened. A failure is logged,
 * never fatal: the pages show what summaries there are, and the next start tries again.
 */
async function backgroundWork(
  database: DatabaseHandle,
  app: FastifyInstance,
  options: StartOptions,
  threshold: number,
): Promise<void> {
  const started = Date.now()
  try {
    await options.beforeBackground?.()
    const missing = await completeMissingSummaries(database.db, (line) => app.log.info(line))
    // Disclosure decisions missing at this threshold (it changed, or the data was restored) are made
    // now rather than by the first visitor.
    const undecided = await decideMissing(database.db, threshold)
    app.log.info(
      `background start-up work done in ${Date.now() - started} ms (${missing} indicators were missing summaries, ${undecided} disclosure decisions)`,
    )
  } catch (error) {
    app.log.error(
      { err: error },
      'background start-up work failed: the check for missing summaries runs again at the next start',
    )
  }
}

/**
 * The server owns an embedded database, so the command line's database commands run here, with
 * the server's own connection; the lock file tells the command line where to send them.
 */
async function openCommandChannel(
  database: DatabaseHandle,
  config: Config,
  app: FastifyInstance,
  url: string,
): Promise<ControlServer> {
  const run: RunCommand = async (request, io) => {
    app.log.info({ command: request.argv.slice(0, 2).join(' '), actor: request.actor }, 'command from the command line')
    const ctx: CommandContext = { io, config, cwd: request.cwd, actor: request.actor, database: async () => database }
    return runDatabaseCommand(ctx, request.argv)
  }
  const control = await startControlServer(run, (error) => app.log.error(error))
  database.lock!.publish({ port: control.port, token: control.token, url })
  return control
}
