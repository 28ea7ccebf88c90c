/**
 * The audit trail's actor organisation as text, like the organisations' own ids ('lbbd', 'nelft'):
 * 0010 made it a bigint, so every change made on the web by a person with an organisation failed.
 */
import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `alter table audit_events alter column actor_organisation_id type text using actor_organisation_id::text;`)
}
