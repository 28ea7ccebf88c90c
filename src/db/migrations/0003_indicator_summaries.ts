import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- Derived from data_points whenever an indicator's data changes; pages read these rows and
    -- never compute on request. Rewritten per indicator, so they are a cache, not a record.
    create table indicator_summaries (
      indicator_id text not null references indicators (id),
      area_code text not null references areas (code),
      sex text not null,
      age text not null,
      category_type text not null,
      category text not null,
      summary jsonb not null,
      finding text not null,
      computed_at timestamptz not null default now(),
      primary key (indicator_id, area_code, sex, age, category_type, category)
    );
    `,
  )
}
