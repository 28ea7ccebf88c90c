/** The database's tables, as Kysely sees them. Each module's tables are declared once, here. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

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
}

/** One row, bumped by every write, so caches of rendered pages know when to refresh. */
export interface DataVersionTable {
  id: number
  version: ColumnType<string, string | number, string | number>
  changed_at: Timestamp
}

export interface Database {
  strategies: StrategiesTable
  strategy_nodes: StrategyNodesTable
  strategy_links: StrategyLinksTable
  audit_events: AuditEventsTable
  data_version: DataVersionTable
}

export type StrategyNodeRow = Selectable<StrategyNodesTable>
export type StrategyLinkRow = Selectable<StrategyLinksTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
