import { sql, type Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

/**
 * Disclosure control decided when data changes, not on every request (issue #17). Which figures are
 * suppressed is worked out per indicator over all its rows and versions and stored here, per
 * disclosure threshold (the threshold is configuration, so a decision names the one it was made at).
 * Only what is hidden or rewritten has a row: a point or summary with none is shown as stored, so a
 * decision row (disclosure_decisions) must exist before any of its points or summaries is served.
 *
 * A decision is dropped, with its rows, whenever what it was made from changes: an indicator's
 * summaries (every data change rewrites them), its value type or multiplier (which imply counts),
 * or an area's parent (the hierarchy's groups). The writers decide again in the same transaction;
 * a reader that finds no decision makes it (disclosure/decisions.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table disclosure_decisions (
      indicator_id text not null references indicators (id),
      threshold integer not null check (threshold >= 1),
      decided_at timestamptz not null default now(),
      primary key (indicator_id, threshold)
    );

    create table point_suppression (
      data_point_id bigint not null references data_points (id) on delete cascade,
      threshold integer not null,
      indicator_id text not null,
      suppressed text not null check (suppressed in ('small-count', 'secondary')),
      primary key (data_point_id, threshold),
      foreign key (indicator_id, threshold) references disclosure_decisions (indicator_id, threshold) on delete cascade
    );
    create index point_suppression_decision on point_suppression (indicator_id, threshold);

    create table summary_disclosure (
      indicator_id text not null,
      area_code text not null,
      sex text not null,
      age text not null,
      category_type text not null,
      category text not null,
      threshold integer not null,
      suppressed text check (suppressed in ('small-count', 'secondary')),
      summary jsonb,
      finding text,
      check ((suppressed is null) = (summary is not null and finding is not null)),
      primary key (indicator_id, area_code, sex, age, category_type, category, threshold),
      foreign key (indicator_id, threshold) references disclosure_decisions (indicator_id, threshold) on delete cascade
    );
    create index summary_disclosure_decision on summary_disclosure (indicator_id, threshold);
    `,
  )
  for (const statement of TRIGGERS) await sql.raw(statement).execute(db)
}

const TRIGGERS = [
  `create function disclosure_forget_summarised() returns trigger language plpgsql as $$
  begin
    delete from disclosure_decisions where indicator_id in (select distinct indicator_id from changed_summaries);
    return null;
  end $$`,
  ...['insert', 'update', 'delete'].map(
    (event) =>
      `create trigger indicator_summaries_${event}_forget_disclosure after ${event} on indicator_summaries
       referencing ${event === 'delete' ? 'old' : 'new'} table as changed_summaries
       for each statement execute function disclosure_forget_summarised()`,
  ),
  `create function disclosure_forget_indicator() returns trigger language plpgsql as $$
  begin
    if old.metadata->'value_type' is distinct from new.metadata->'value_type'
      or old.metadata->'multiplier' is distinct from new.metadata->'multiplier' then
      delete from disclosure_decisions where indicator_id = new.id;
    end if;
    return null;
  end $$`,
  `create trigger indicators_forget_disclosure after update of metadata on indicators
   for each row execute function disclosure_forget_indicator()`,
  `create function disclosure_forget_hierarchy() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and old.parent_code is not distinct from new.parent_code and old.code = new.code then
      return null;
    end if;
    if tg_op = 'INSERT' and not exists (select 1 from areas where parent_code = new.code) then
      return null;
    end if;
    delete from disclosure_decisions;
    return null;
  end $$`,
  `create trigger areas_forget_disclosure after insert or update or delete on areas
   for each row execute function disclosure_forget_hierarchy()`,
]
