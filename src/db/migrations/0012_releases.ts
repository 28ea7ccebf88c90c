import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- An import under the release workflow lands as a release: a draft until an approver sets its
    -- release time, published by the server's scheduler at that time. Its figures wait in
    -- release_points, never in data_points, so nothing that reads data_points (every public page,
    -- download, the API, summaries, board packs) can show a figure before its release.
    create table releases (
      id bigserial primary key,
      status text not null check (status in ('draft', 'approved', 'published', 'withdrawn')),
      import_batch_id bigint not null unique references import_batches (id),
      created_by text not null,
      created_by_user_id bigint references users (id),
      created_at timestamptz not null default now(),
      -- the rows as compared with the published figures when imported (counted again at publication)
      added integer not null,
      revised integer not null,
      quality_notes text,
      quality_checks jsonb not null default '[]',
      checked_by text,
      checked_at timestamptz,
      approved_by text,
      approved_by_user_id bigint references users (id),
      approved_at timestamptz,
      release_at timestamptz,
      -- the public note of what changed, why and when: required when a release revises published figures
      amendment_note text,
      published_at timestamptz,
      check (status in ('draft', 'withdrawn') or (approved_by is not null and release_at is not null)),
      check (status <> 'published' or published_at is not null)
    );
    create index releases_due on releases (release_at) where status = 'approved';

    create table release_points (
      release_id bigint not null references releases (id),
      indicator_id text not null references indicators (id),
      area_code text not null references areas (code),
      period_key text not null,
      period_label text not null,
      period_type text not null,
      sex text not null,
      age text not null,
      category_type text not null,
      category text not null,
      value double precision,
      count double precision,
      denominator double precision,
      lower_95 double precision,
      upper_95 double precision,
      lower_998 double precision,
      upper_998 double precision,
      value_note text,
      source text not null,
      source_quote text,
      primary key (release_id, indicator_id, area_code, period_key, sex, age, category_type, category)
    );

    -- What a published release changed, indicator by indicator: the amendment history's index.
    create table release_indicators (
      release_id bigint not null references releases (id),
      indicator_id text not null references indicators (id),
      added integer not null,
      revised integer not null,
      primary key (release_id, indicator_id)
    );
    create index release_indicators_indicator on release_indicators (indicator_id);
    `,
  )
}
