import { sql, type Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- A board's performance pack for a meeting, version by version. A draft is content frozen for
    -- review; signing it off adds the PDF printed from that content, kept byte for byte. The content
    -- is JSON text (hashed as stored), never jsonb, so the stored bytes are the hashed bytes.
    create table board_packs (
      id bigserial primary key,
      strategy_id text not null,
      board_id text not null,
      meeting_id bigint not null references meetings (id),
      version integer not null check (version >= 1),
      status text not null check (status in ('draft', 'signed_off')),
      as_of date not null,
      content text not null,
      content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
      pdf bytea,
      pdf_sha256 text,
      reason text,
      created_by text not null,
      created_at timestamptz not null default now(),
      signed_off_by text,
      signed_off_at timestamptz,
      foreign key (strategy_id, board_id) references strategy_nodes (strategy_id, id),
      unique (meeting_id, version),
      check (status = 'draft' or (pdf is not null and pdf_sha256 is not null and signed_off_by is not null and signed_off_at is not null))
    );
    create index board_packs_board on board_packs (strategy_id, board_id, meeting_id);
    create index board_packs_signed_off on board_packs (signed_off_at) where status = 'signed_off';
    `,
  )
  // Nothing deletes a pack, and nothing changes one once signed off, whatever the code above does.
  // A draft may change only by being signed off: its content, hash, version and meeting stay.
  await sql
    .raw(
      `create function board_packs_frozen() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'board packs are never deleted (pack %)', old.id; end if;
        if old.status = 'signed_off' then raise exception 'board pack % is signed off and cannot be changed: make a new version', old.id; end if;
        if new.content is distinct from old.content or new.content_sha256 is distinct from old.content_sha256
          or new.version is distinct from old.version or new.meeting_id is distinct from old.meeting_id
          or new.board_id is distinct from old.board_id or new.strategy_id is distinct from old.strategy_id or new.as_of is distinct from old.as_of then
          raise exception 'a board pack''s content never changes (pack %)', old.id;
        end if;
        return new;
      end $$`,
    )
    .execute(db)
  await sql
    .raw(
      'create trigger board_packs_frozen before update or delete on board_packs for each row execute function board_packs_frozen()',
    )
    .execute(db)
}
