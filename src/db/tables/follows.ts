/** Tables of the follows module: e-mail follows and the notification outbox (migration 0013). */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface FollowsTable {
  id: Generated<string>
  user_id: string
  target_kind: 'indicator' | 'outcome' | 'dashboard'
  target_strategy_id: ColumnType<string, string | undefined, string>
  target_id: ColumnType<string, string | undefined, string>
  created_at: Timestamp
  ended_at: NullableTimestamp
}

export interface NotificationOutboxTable {
  id: Generated<string>
  user_id: string
  /** JSON array of the indicator ids the e-mail announces. */
  indicator_ids: string
  published_at: Timestamp
  created_at: Timestamp
  attempts: ColumnType<number, number | undefined, number>
  next_attempt_at: Timestamp
  claimed_until: NullableTimestamp
  claim_token: string | null
  last_error: string | null
  sent_at: NullableTimestamp
}

export interface FollowTables {
  follows: FollowsTable
  notification_outbox: NotificationOutboxTable
}
