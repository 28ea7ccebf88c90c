import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- Boards are the strategy's body items (strategy_nodes of kind 'body'), never copied here:
    -- each record names its board by strategy and id. Nodes are archived, never deleted, so the
    -- references always resolve.

    -- Who sits on a board: a role in an organisation, never a named person.
    create table board_memberships (
      id bigserial primary key,
      strategy_id text not null,
      board_id text not null,
      role_title text not null,
      organisation_id text not null references organisations (id),
      member_kind text not null check (member_kind in ('chair', 'member', 'representative', 'adviser')),
      from_date date not null,
      to_date date,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_by text not null,
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      foreign key (strategy_id, board_id) references strategy_nodes (strategy_id, id),
      check (to_date is null or to_date >= from_date)
    );
    create index board_memberships_board on board_memberships (strategy_id, board_id);

    create table meetings (
      id bigserial primary key,
      strategy_id text not null,
      board_id text not null,
      meets_on date not null,
      title text not null,
      location text,
      status text not null check (status in ('planned', 'held', 'cancelled')),
      public boolean not null default true,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_by text not null,
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      foreign key (strategy_id, board_id) references strategy_nodes (strategy_id, id)
    );
    create index meetings_board on meetings (strategy_id, board_id, meets_on);
    create index meetings_date on meetings (meets_on);

    create table agenda_items (
      id bigserial primary key,
      meeting_id bigint not null references meetings (id),
      position integer not null,
      title text not null,
      purpose text not null check (purpose in ('decision', 'discussion', 'information')),
      presenter_role text,
      created_by text not null,
      created_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create index agenda_items_meeting on agenda_items (meeting_id, position);

    -- Papers are published elsewhere (the council's committee system, a partner's site): a link.
    create table papers (
      id bigserial primary key,
      meeting_id bigint not null references meetings (id),
      agenda_item_id bigint references agenda_items (id),
      title text not null,
      url text not null check (url like 'https://%'),
      restricted boolean not null default false,
      created_by text not null,
      created_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create index papers_meeting on papers (meeting_id);

    create table decisions (
      id bigserial primary key,
      meeting_id bigint not null references meetings (id),
      agenda_item_id bigint references agenda_items (id),
      text text not null,
      decided_on date not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create index decisions_meeting on decisions (meeting_id);

    -- Actions arising are tracked actions (the delivery module's, whose origin also says
    -- "meeting:<id>"); this says which meeting they arose at.
    create table meeting_actions (
      meeting_id bigint not null references meetings (id),
      action_id bigint not null references actions (id),
      created_by text not null,
      created_at timestamptz not null default now(),
      primary key (meeting_id, action_id)
    );
    create index meeting_actions_action on meeting_actions (action_id);
    `,
  )
}
