import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- Partner organisations: owners of actions and risks, members of boards.
    create table organisations (
      id text primary key,
      name text not null,
      kind text not null,
      source text not null,
      created_at timestamptz not null default now(),
      archived_at timestamptz
    );

    create table users (
      id bigserial primary key,
      email text not null,
      display_name text not null,
      role text not null check (role in ('administrator', 'analyst', 'owner', 'board_member')),
      organisation_id text references organisations (id),
      -- null for an account that signs in only through the organisation's identity provider
      password_hash text,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      last_signed_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index users_email on users (lower(email));

    -- Sessions live here, not in memory, so any app process behind a load balancer can serve any
    -- request. The cookie holds a random token; only its SHA-256 is stored.
    create table sessions (
      token_hash text primary key,
      user_id bigint not null references users (id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ended_at timestamptz
    );
    create index sessions_user on sessions (user_id);
    `,
  )
}
