import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- The story behind an indicator's curve, written by analysts in Markdown. Every save adds a new
    -- version and archives the one it replaces, so the history is kept whole and nothing is deleted.
    create table indicator_commentary (
      id bigserial primary key,
      indicator_id text not null references indicators (id),
      version integer not null check (version >= 1),
      story_md text not null default '',
      partners_md text not null default '',
      what_works_md text not null default '',
      updated_by text not null,
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      unique (indicator_id, version)
    );
    -- One current version per indicator.
    create unique index indicator_commentary_current on indicator_commentary (indicator_id) where archived_at is null;
    `,
  )
}
