/** Tables of this module: risks and issues, mitigations, links to outcomes and indicators, escalations (migration 0006). */
import type { Generated } from 'kysely'
import type { NullableDateText as DateColumn, NullableTimestamp, Timestamp } from '../column-types.js'

export interface RisksTable {
  id: Generated<string>
  reference: string
  kind: 'risk' | 'issue'
  title: string
  cause: string
  effect: string
  organisation_id: string
  owner_role: string
  inherent_likelihood: number | null
  inherent_impact: number | null
  residual_likelihood: number | null
  residual_impact: number
  review_date: DateColumn
  status: string
  current_board_id: string | null
  created_by: string
  created_at: Generated<Date>
  updated_by: string
  updated_at: Generated<Date>
  archived_at: NullableTimestamp
}

export interface RiskMitigationsTable {
  id: Generated<string>
  risk_id: string
  action: string
  owner_role: string
  due_date: DateColumn
  status: string
  created_by: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface RiskLinksTable {
  risk_id: string
  target_kind: 'outcome' | 'indicator'
  target_id: string
  archived_at: NullableTimestamp
}

export interface RiskEscalationsTable {
  id: Generated<string>
  risk_id: string
  from_board_id: string | null
  to_board_id: string | null
  to_organisation_id: string | null
  representative_role: string | null
  reason: string
  escalated_by: string
  escalated_at: Timestamp
}

export interface RiskTables {
  risks: RisksTable
  risk_mitigations: RiskMitigationsTable
  risk_links: RiskLinksTable
  risk_escalations: RiskEscalationsTable
}
