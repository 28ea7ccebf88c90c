import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- A signed-in partner following an indicator, an outcome or the whole dashboard by e-mail.
    -- Unfollowing ends the row (ended_at), never deletes it; one open follow per user and target.
    create table follows (
      id bigserial primary key,
      user_id bigint not null references users (id),
      target_kind text not null check (target_kind in ('indicator', 'outcome', 'dashboard')),
      target_strategy_id text not null default '',
      target_id text not null default '',
      created_at timestamptz not null default now(),
      ended_at timestamptz,
      check ((target_kind = 'dashboard') = (target_id = ''))
    );
    create unique index follows_open on follows (user_id, target_kind, target_strategy_id, target_id) where ended_at is null;
    create index follows_target on follows (target_kind, target_id) where ended_at is null;

    -- E-mails to send, written in the same transaction as the data they announce, sent later by
    -- the background sender. A sender leases a row (claimed_until) with a conditional update, so
    -- two senders never both take it; sent_at marks it done, and failures wait next_attempt_at.
    create table notification_outbox (
      id bigserial primary key,
      user_id bigint not null references users (id),
      indicator_ids text not null,
      published_at timestamptz not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      claimed_until timestamptz,
      claim_token text,
      last_error text,
      sent_at timestamptz
    );
    create index notification_outbox_due on notification_outbox (next_attempt_at) where sent_at is null;
    `,
  )
}
