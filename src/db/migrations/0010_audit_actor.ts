/**
 * Who made a change, kept as data beside the stable actor key: the channel (web, cli, import,
 * system), the user's id and organisation when a signed-in person made it, and a name to show.
 * Earlier events keep only their key; pages fall back to it.
 */
import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table audit_events add column actor_channel text;
    alter table audit_events add column actor_user_id bigint;
    alter table audit_events add column actor_organisation_id text;
    alter table audit_events add column actor_name text;
    create index audit_events_actor_user on audit_events (actor_user_id);
    `,
  )
}
