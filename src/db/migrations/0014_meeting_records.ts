import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- Meetings as boards run them (issue 15, item 6). A board's quorum: the strategy files and seed
    -- documents state none, so a board without a row here uses the documented default (boards.quorum.ts).
    create table board_terms (
      strategy_id text not null,
      board_id text not null,
      quorum integer not null check (quorum >= 1 and quorum <= 500),
      updated_by text not null,
      updated_at timestamptz not null default now(),
      primary key (strategy_id, board_id),
      foreign key (strategy_id, board_id) references strategy_nodes (strategy_id, id)
    );

    -- Each seat's attendance at a meeting: present, a named substitute (a role, from the seat's own
    -- organisation) in its place, apologies, or absent. Changed in place; the audit trail keeps
    -- every earlier answer.
    create table meeting_attendance (
      meeting_id bigint not null references meetings (id),
      membership_id bigint not null references board_memberships (id),
      attendance text not null check (attendance in ('present', 'substitute', 'apologies', 'absent')),
      substitute_role text,
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      primary key (meeting_id, membership_id),
      check ((attendance = 'substitute') = (substitute_role is not null))
    );

    -- Others in attendance (officers presenting, guests): a role in an organisation, never a name.
    create table meeting_attendees (
      id bigserial primary key,
      meeting_id bigint not null references meetings (id),
      role_title text not null,
      organisation_id text not null references organisations (id),
      created_by text not null,
      created_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create index meeting_attendees_meeting on meeting_attendees (meeting_id);

    -- An agenda item, paper or decision is corrected with a reason (the audit trail keeps the earlier
    -- version) or withdrawn with a reason: kept, struck through for those recording the meeting, and
    -- left out of everything else. Never deleted.
    alter table agenda_items add column corrected_at timestamptz;
    alter table agenda_items add column correction_reason text;
    alter table agenda_items add column withdrawn_at timestamptz;
    alter table agenda_items add column withdrawn_reason text;
    alter table agenda_items add constraint agenda_items_withdrawn_reason check (withdrawn_at is null or withdrawn_reason is not null);
    alter table papers add column corrected_at timestamptz;
    alter table papers add column correction_reason text;
    alter table papers add column withdrawn_at timestamptz;
    alter table papers add column withdrawn_reason text;
    alter table papers add constraint papers_withdrawn_reason check (withdrawn_at is null or withdrawn_reason is not null);
    alter table decisions add column corrected_at timestamptz;
    alter table decisions add column correction_reason text;
    alter table decisions add column withdrawn_at timestamptz;
    alter table decisions add column withdrawn_reason text;
    alter table decisions add constraint decisions_withdrawn_reason check (withdrawn_at is null or withdrawn_reason is not null);
    `,
  )
}
