/**
 * Runs a database command in this process: it opens the database itself (taking an embedded data
 * directory's lock, so no other process opens it meanwhile), brings it as far as the command needs
 * through the same start-up as the server, and closes it when the command ends.
 */
import path from 'node:path'
import type { Config } from '../../config.js'
import { projectRoot } from '../../config.js'
import type { DatabaseHandle } from '../../db/client.js'
import { loadShippedData } from '../../modules/indicators/startup-data.js'
import { loadStrategyFolder, prepareDatabase } from '../server.js'
import type { CommandContext, CommandIo, Readiness } from './command-context.js'
import { runDatabaseCommand } from './commands/index.js'

const order: Readiness[] = ['schema', 'reference', 'strategies']

export async function runLocally(
  config: Readonly<Config>,
  argv: string[],
  io: CommandIo,
  actor: string,
  cwd = process.cwd(),
): Promise<number> {
  let handle = null as DatabaseHandle | null
  let ready = -1
  const ctx: CommandContext = {
    io,
    config,
    cwd,
    actor,
    async database(readiness) {
      handle ??= await prepareDatabase(config, argv[0] ?? 'open')
      const wanted = order.indexOf(readiness)
      if (wanted >= 2 && ready < 2) await loadStrategyFolder(handle, config, () => {})
      if (wanted >= 1 && ready < 1)
        await loadShippedData(handle.db, path.join(projectRoot, 'data'), () => {}, { datasets: config.shippedDatasets })
      ready = Math.max(ready, wanted)
      return handle
    },
  }
  try {
    return await runDatabaseCommand(ctx, argv)
  } finally {
    await handle?.close()
  }
}
