/** The database's tables, as Kysely sees them. Each module's tables are declared once, here. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { AccountTables } from './tables/accounts.js'
import type { DeliveryTables } from './tables/delivery.js'
import type { RiskTables } from './tables/risks.js'
import type { BoardTables } from './tables/boards.js'
import type { IndicatorContentTables } from './tables/indicator-content.js'
import type { ReportTables } from './tables/reports.js'
import type { FollowTables } from './tables/follows.js'
import type { ReleaseTables } from './tables/releases.js'
import type { DisclosureTables } from './tables/disclosure.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface StrategiesTable {
  id: string
  file_name: string
  content_hash: string
  loaded_at: Timestamp
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface StrategyNodesTable {
  strategy_id: string
  id: string
  kind: string
  parent_id: string | null
  number: number | null
  title: string
  text: string | null
  detail: Json<Record<string, unknown>>
  source_file: string
  source_section: string | null
  source_quote: string
  position: number
  created_at: Timestamp
  updated_at: Timestamp
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface StrategyLinksTable {
  strategy_id: string
  from_id: string
  relation: string
  to_strategy_id: string
  to_id: string
  label: string | null
  position: number
}

export interface AuditEventsTable {
  id: Generated<string>
  occurred_at: Timestamp
  actor: string
  action: string
  entity_type: string
  entity_id: string
  before: Json<unknown> | null
  after: Json<unknown> | null
  actor_channel: string | null
  actor_user_id: string | null
  actor_organisation_id: string | null
  actor_name: string | null
}

/** One row, bumped by every write, so caches of rendered pages know when to refresh. */
export interface DataVersionTable {
  id: number
  version: ColumnType<string, string | number, string | number>
  changed_at: Timestamp
}

export interface AreasTable {
  code: string
  name: string
  type: string
  parent_code: string | null
  valid_from: string | null
  valid_to: string | null
  source: string
}

export interface ComparatorGroupsTable {
  group_id: string
  group_name: string
  area_code: string
}

export interface IndicatorsTable {
  id: string
  name: string
  fingertips_id: number | null
  in_framework: boolean
  metadata: Json<Record<string, unknown>>
  source_file: string
  updated_at: Timestamp
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface ImportBatchesTable {
  id: Generated<string>
  source_name: string
  format: string
  actor: string
  imported_at: Timestamp
  rows_read: number
  added: number
  revised: number
  unchanged: number
  rejected: number
  /** 'shipped' for the datasets in data/, which never replace an imported figure. */
  kind: ColumnType<'import' | 'shipped', 'import' | 'shipped' | undefined, never>
}

export interface ShippedDatasetsTable {
  name: string
  content_hash: string
  import_batch_id: string | null
  loaded_at: Timestamp
}

export interface DataPointsTable {
  id: Generated<string>
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
  import_batch_id: string
  recorded_at: Timestamp
  replaced_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  replaced_by_batch_id: string | null
}

export interface IndicatorSummariesTable {
  indicator_id: string
  area_code: string
  sex: string
  age: string
  category_type: string
  category: string
  summary: Json<unknown>
  finding: string
  computed_at: Timestamp
}

/**
 * Every table. Modules added after the first three declare their tables in their own
 * `*.tables.ts`, composed here, so each module owns its declarations.
 */
export interface Database
  extends
    AccountTables,
    DeliveryTables,
    RiskTables,
    BoardTables,
    IndicatorContentTables,
    ReportTables,
    FollowTables,
    ReleaseTables,
    DisclosureTables {
  indicator_summaries: IndicatorSummariesTable
  areas: AreasTable
  comparator_groups: ComparatorGroupsTable
  indicators: IndicatorsTable
  import_batches: ImportBatchesTable
  shipped_datasets: ShippedDatasetsTable
  data_points: DataPointsTable
  strategies: StrategiesTable
  strategy_nodes: StrategyNodesTable
  strategy_links: StrategyLinksTable
  audit_events: AuditEventsTable
  data_version: DataVersionTable
}

export type StrategyNodeRow = Selectable<StrategyNodesTable>
export type StrategyLinkRow = Selectable<StrategyLinksTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
