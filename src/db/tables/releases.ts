/** Tables of the release workflow: releases, their waiting figures, and what each changed (migration 0012). */
import type { ColumnType, Generated } from 'kysely'
import type { Id, NullableTimestamp } from '../column-types.js'

export type ReleaseStatus = 'draft' | 'approved' | 'published' | 'withdrawn'

export interface ReleasesTable {
  id: Id
  status: ReleaseStatus
  import_batch_id: string
  /** The actor, as the audit trail writes it. */
  created_by: string
  created_by_user_id: string | null
  created_at: Generated<Date>
  added: number
  revised: number
  quality_notes: string | null
  quality_checks: ColumnType<string[], string | undefined, string>
  checked_by: string | null
  checked_at: NullableTimestamp
  approved_by: string | null
  approved_by_user_id: string | null
  approved_at: NullableTimestamp
  release_at: NullableTimestamp
  amendment_note: string | null
  published_at: NullableTimestamp
}

export interface ReleasePointsTable {
  release_id: string
  indicator_id: string
  area_code: string
  period_key: string
  period_label: string
  period_type: string
  sex: string
  age: string
  category_type: string
  category: string
  value: number | null
  count: number | null
  denominator: number | null
  lower_95: number | null
  upper_95: number | null
  lower_998: number | null
  upper_998: number | null
  value_note: string | null
  source: string
  source_quote: string | null
}

export interface ReleaseIndicatorsTable {
  release_id: string
  indicator_id: string
  added: number
  revised: number
}

export interface ReleaseTables {
  releases: ReleasesTable
  release_points: ReleasePointsTable
  release_indicators: ReleaseIndicatorsTable
}
