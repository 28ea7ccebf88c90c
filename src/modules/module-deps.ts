/** What every module's routes are given: the database, the strategy read model and the configuration. */
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { StrategyService } from './strategy/strategy.service.js'

export interface WebDeps {
  db: Kysely<Database>
  strategies: StrategyService
  config: Readonly<Config>
}
