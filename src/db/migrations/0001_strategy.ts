import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table strategies (
      id text primary key,
      file_name text not null,
      content_hash text not null,
      loaded_at timestamptz not null default now(),
      archived_at timestamptz
    );

    create table strategy_nodes (
      strategy_id text not null references strategies (id),
      id text not null,
      kind text not null,
      parent_id text,
      number integer,
      title text not null,
      text text,
      detail jsonb not null default '{}',
      source_file text not null,
      source_section text,
      source_quote text not null,
      position integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      primary key (strategy_id, id)
    );
    create index strategy_nodes_kind on strategy_nodes (strategy_id, kind);

    -- Links are declared by the strategy of their "from" item and rewritten when it is reloaded.
    create table strategy_links (
      strategy_id text not null,
      from_id text not null,
      relation text not null,
      to_strategy_id text not null,
      to_id text not null,
      label text,
      position integer not null,
      primary key (strategy_id, from_id, relation, to_strategy_id, to_id),
      foreign key (strategy_id, from_id) references strategy_nodes (strategy_id, id),
      foreign key (to_strategy_id, to_id) references strategy_nodes (strategy_id, id)
    );
    create index strategy_links_to on strategy_links (to_strategy_id, to_id);

    create table audit_events (
      id bigserial primary key,
      occurred_at timestamptz not null default now(),
      actor text not null,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      before jsonb,
      after jsonb
    );
    create index audit_events_entity on audit_events (entity_type, entity_id);

    create table data_version (
      id integer primary key check (id = 1),
      version bigint not null,
      changed_at timestamptz not null default now()
    );
    insert into data_version (id, version) values (1, 0);
  `,
  )
}
