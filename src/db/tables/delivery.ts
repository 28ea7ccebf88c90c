/** Tables of this module: actions, their indicators, milestones and progress updates (migration 0005). */
import type { ColumnType, Generated } from 'kysely'
import type { NullableDateText, NullableTimestamp } from '../column-types.js'

export type DateColumn = NullableDateText

export interface ActionsTable {
  id: Generated<string>
  /** Generated from the id by the database: ACT-0001. */
  reference: ColumnType<string, never, never>
  title: string
  description: string | null
  strategy_id: string | null
  intention_id: string | null
  priority_id: string | null
  delivery_plan: string | null
  organisation_id: string
  lead_role: string
  start_date: DateColumn
  due_date: DateColumn
  status: string
  intervention_level: string | null
  origin: string | null
  created_at: Generated<Date>
  created_by: string
  updated_at: Generated<Date>
  updated_by: string
  archived_at: NullableTimestamp
}

export interface ActionIndicatorsTable {
  action_id: string
  indicator_id: string
  linked_at: Generated<Date>
  archived_at: NullableTimestamp
}

export interface MilestonesTable {
  id: Generated<string>
  action_id: string
  title: string
  due_date: DateColumn
  completed_on: DateColumn
  created_at: Generated<Date>
  archived_at: NullableTimestamp
}

export interface ProgressUpdatesTable {
  id: Generated<string>
  action_id: string
  update_date: ColumnType<string, string, never>
  status_at_update: string
  commentary: string
  author_user_id: string | null
  author_organisation_id: string | null
  author: string
  created_at: Generated<Date>
}

export interface DeliveryTables {
  actions: ActionsTable
  action_indicators: ActionIndicatorsTable
  milestones: MilestonesTable
  progress_updates: ProgressUpdatesTable
}
