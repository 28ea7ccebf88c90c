import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table areas (
      code text primary key,
      name text not null,
      type text not null,
      parent_code text,
      valid_from date,
      valid_to date,
      source text not null
    );

    create table comparator_groups (
      group_id text not null,
      group_name text not null,
      area_code text not null references areas (code),
      primary key (group_id, area_code)
    );

    create table indicators (
      id text primary key,
      name text not null,
      fingertips_id integer,
      in_framework boolean not null,
      metadata jsonb not null,
      source_file text not null,
      updated_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create index indicators_fingertips on indicators (fingertips_id);

    create table import_batches (
      id bigserial primary key,
      source_name text not null,
      format text not null,
      actor text not null,
      imported_at timestamptz not null default now(),
      rows_read integer not null,
      added integer not null,
      revised integer not null,
      unchanged integer not null,
      rejected integer not null
    );

    -- A revision never overwrites: the replaced row keeps its values, with when and by which
    -- import it was replaced. The current value of a key is its row with replaced_at null.
    create table data_points (
      id bigserial primary key,
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
      import_batch_id bigint not null references import_batches (id),
      recorded_at timestamptz not null,
      replaced_at timestamptz,
      replaced_by_batch_id bigint references import_batches (id)
    );
    create unique index data_points_current
      on data_points (indicator_id, area_code, period_key, sex, age, category_type, category)
      where replaced_at is null;
    create index data_points_history on data_points (indicator_id, area_code, period_key);
    `,
  )
}
