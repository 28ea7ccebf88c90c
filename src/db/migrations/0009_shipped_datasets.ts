import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- Which batches came from the datasets shipped in data/: they have the lowest precedence, so a
    -- shipped figure never replaces one that an analyst's import has revised.
    alter table import_batches add column kind text not null default 'import' check (kind in ('import', 'shipped'));
    update import_batches set kind = 'shipped' where actor = 'system:start';

    -- Each shipped dataset's content hash when it was last loaded: it loads again only when it changes.
    create table shipped_datasets (
      name text primary key,
      content_hash text not null,
      import_batch_id bigint references import_batches (id),
      loaded_at timestamptz not null default now()
    );
    `,
  )
}
