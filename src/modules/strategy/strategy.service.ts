/** Strategy reads for pages and the API: the read model, rebuilt only when the data version moves. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { readDataVersion } from '../../db/data-version.js'
import { buildReadModel, type StrategyReadModel } from './strategy.read-model.js'
import * as repo from './strategy.repository.js'

export function strategyService(db: Kysely<Database>, primaryStrategyId: string | null) {
  let cached: StrategyReadModel | null = null
  let building: Promise<StrategyReadModel> | null = null

  async function build(version: string): Promise<StrategyReadModel> {
    const [nodes, links] = await Promise.all([repo.findActiveNodes(db), repo.findLinks(db)])
    return buildReadModel(version, nodes, links, primaryStrategyId)
  }

  return {
    /** The current read model; one cheap version query per call. */
    async readModel(): Promise<StrategyReadModel> {
      const version = await readDataVersion(db)
      if (cached?.version === version) return cached
      building ??= build(version).finally(() => (building = null))
      cached = await building
      return cached
    },
  }
}

export type StrategyService = ReturnType<typeof strategyService>
