import { sql, type Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

/**
 * Board packs become one kind of report among others: the Health and Wellbeing Board's progress
 * report and the annual progress report are kept in the same table, with the same versions,
 * sign-off and frozen record, but belong to no meeting (an annual report names its year). And at
 * sign-off the public version's PDF is printed and kept beside the board's, so the public archive
 * serves a stored file and never starts Chromium for a request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table board_packs add column kind text not null default 'board-pack' check (kind in ('board-pack', 'hwb', 'annual'));
    alter table board_packs add column period text;
    alter table board_packs alter column meeting_id drop not null;
    alter table board_packs add constraint board_packs_kind_meeting check ((kind = 'board-pack') = (meeting_id is not null));
    create unique index board_packs_report_version on board_packs (kind, strategy_id, board_id, (coalesce(period, '')), version) where meeting_id is null;
    alter table board_packs add column public_pdf bytea;
    alter table board_packs add column public_pdf_sha256 text;
    `,
  )
  // As 0011's, with the kind and the period frozen too.
  await sql
    .raw(
      `create or replace function board_packs_frozen() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'board packs are never deleted (pack %)', old.id; end if;
        if old.status = 'signed_off' then raise exception 'board pack % is signed off and cannot be changed: make a new version', old.id; end if;
        if new.content is distinct from old.content or new.content_sha256 is distinct from old.content_sha256
          or new.version is distinct from old.version or new.meeting_id is distinct from old.meeting_id
          or new.board_id is distinct from old.board_id or new.strategy_id is distinct from old.strategy_id or new.as_of is distinct from old.as_of
          or new.kind is distinct from old.kind or new.period is distinct from old.period then
          raise exception 'a board pack''s content never changes (pack %)', old.id;
        end if;
        return new;
      end $$`,
    )
    .execute(db)
}
