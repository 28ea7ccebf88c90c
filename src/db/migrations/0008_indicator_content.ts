import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

// TODO(indicator content): tables for this module; replace this placeholder before it lands.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `select 1;`)
}
