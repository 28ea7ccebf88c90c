/**
 * An actor's organisation is an organisation's id, which is text ('lbbd', 'nelft'), not a number:
 * migration 0010 made the column bigint, so a signed-in owner's change could not be recorded.
 */
import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table audit_events alter column actor_organisation_id type text using actor_organisation_id::text;
    `,
  )
}
