import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    -- The risk and issue log. A risk is scored twice on the 5 x 5 matrix (inherent: before its
    -- mitigations; residual: with them). An issue has already happened, so it has an impact and no
    -- likelihood: its impact is held in residual_impact and the other three scores stay null.
    create table risks (
      id bigserial primary key,
      reference text not null unique,
      kind text not null check (kind in ('risk', 'issue')),
      title text not null,
      cause text not null,
      effect text not null,
      organisation_id text not null references organisations (id),
      -- a role title, never a person's name
      owner_role text not null,
      inherent_likelihood smallint check (inherent_likelihood between 1 and 5),
      inherent_impact smallint check (inherent_impact between 1 and 5),
      residual_likelihood smallint check (residual_likelihood between 1 and 5),
      residual_impact smallint not null check (residual_impact between 1 and 5),
      review_date date,
      status text not null check (status in ('open', 'monitoring', 'closed')),
      -- the strategy body (strategy_nodes kind 'body') where it sits now; null until brought to one
      current_board_id text,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_by text not null,
      updated_at timestamptz not null default now(),
      archived_at timestamptz,
      check (
        (kind = 'risk' and inherent_likelihood is not null and inherent_impact is not null and residual_likelihood is not null)
        or (kind = 'issue' and inherent_likelihood is null and inherent_impact is null and residual_likelihood is null)
      ),
      check (reference ~ '^(RSK|ISS)-[0-9]{4,}$' and (kind = 'risk') = (reference like 'RSK-%'))
    );
    create index risks_organisation on risks (organisation_id);
    create index risks_board on risks (current_board_id);

    create table risk_mitigations (
      id bigserial primary key,
      risk_id bigint not null references risks (id),
      action text not null,
      owner_role text not null,
      due_date date,
      status text not null check (status in ('planned', 'in-progress', 'done')),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index risk_mitigations_risk on risk_mitigations (risk_id);

    -- Outcomes and indicators a risk threatens: strategy items by kind and id. A link taken off is
    -- archived, not deleted, so the audit trail's ids still resolve.
    create table risk_links (
      risk_id bigint not null references risks (id),
      target_kind text not null check (target_kind in ('outcome', 'indicator')),
      target_id text not null,
      archived_at timestamptz,
      primary key (risk_id, target_kind, target_id)
    );
    create index risk_links_target on risk_links (target_kind, target_id);

    -- Append-only: each step up the board network, or out to a partner organisation through its
    -- representative, with who, when and why.
    create table risk_escalations (
      id bigserial primary key,
      risk_id bigint not null references risks (id),
      from_board_id text,
      to_board_id text,
      to_organisation_id text references organisations (id),
      representative_role text,
      reason text not null,
      escalated_by bigint not null references users (id),
      escalated_at timestamptz not null default now(),
      check ((to_board_id is null) <> (to_organisation_id is null)),
      check (to_organisation_id is null or representative_role is not null)
    );
    create index risk_escalations_risk on risk_escalations (risk_id);
    create index risk_escalations_to_board on risk_escalations (to_board_id);
    `,
  )
}
