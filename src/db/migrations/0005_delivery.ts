import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- Actions under the strategy's intentions and priorities, owned by a partner organisation and led
    -- by a role (never a person). Overdue and "no update for N weeks" are derived, never stored.
    create table actions (
      id bigserial primary key,
      -- Derived from the id, so it can never clash or be reused: ACT-0001, ..., ACT-10000.
      reference text generated always as ('ACT-' || lpad(id::text, greatest(4, length(id::text)), '0')) stored,
      title text not null,
      description text,
      strategy_id text,
      intention_id text,
      priority_id text,
      -- An outcome id of the strategy (that outcome's delivery plan) or a workstream's name.
      delivery_plan text,
      organisation_id text not null references organisations (id),
      lead_role text not null,
      start_date date,
      due_date date,
      status text not null check (status in ('not_started', 'on_track', 'at_risk', 'off_track', 'complete', 'cancelled')),
      intervention_level text check (intervention_level in ('civic', 'service', 'community')),
      -- Where the action came from, for example "meeting:12" for an action arising at a board meeting.
      origin text,
      created_at timestamptz not null default now(),
      created_by text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null,
      archived_at timestamptz,
      foreign key (strategy_id, intention_id) references strategy_nodes (strategy_id, id),
      foreign key (strategy_id, priority_id) references strategy_nodes (strategy_id, id)
    );
    create unique index actions_reference on actions (reference);
    create index actions_organisation on actions (organisation_id);

    -- The indicators an action aims to move. An unlinked indicator is archived, not deleted.
    create table action_indicators (
      action_id bigint not null references actions (id),
      indicator_id text not null references indicators (id),
      linked_at timestamptz not null default now(),
      archived_at timestamptz,
      primary key (action_id, indicator_id)
    );
    create index action_indicators_indicator on action_indicators (indicator_id);

    create table milestones (
      id bigserial primary key,
      action_id bigint not null references actions (id),
      title text not null,
      due_date date,
      completed_on date,
      created_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create index milestones_action on milestones (action_id);

    -- Dated progress updates: append-only, so the history of what owners said stands as said.
    create table progress_updates (
      id bigserial primary key,
      action_id bigint not null references actions (id),
      update_date date not null,
      status_at_update text not null check (status_at_update in ('not_started', 'on_track', 'at_risk', 'off_track', 'complete', 'cancelled')),
      commentary text not null,
      author_user_id bigint references users (id),
      author_organisation_id text references organisations (id),
      -- Who wrote it as the audit trail names them (an account, or an import's file).
      author text not null,
      created_at timestamptz not null default now()
    );
    create index progress_updates_action on progress_updates (action_id, update_date);
    `,
  )
}
