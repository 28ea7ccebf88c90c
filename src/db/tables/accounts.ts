/** Organisations, users and sessions (migration 0004). */
import type { Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../column-types.js'

export interface OrganisationsTable {
  id: string
  name: string
  kind: string
  source: string
  created_at: Generated<Date>
  archived_at: NullableTimestamp
}

export interface UsersTable {
  id: Generated<string>
  email: string
  display_name: string
  role: string
  organisation_id: string | null
  password_hash: string | null
  failed_sign_ins: Generated<number>
  locked_until: NullableTimestamp
  last_signed_in_at: NullableTimestamp
  created_at: Generated<Date>
  updated_at: Generated<Date>
  disabled_at: NullableTimestamp
}

export interface SessionsTable {
  token_hash: string
  user_id: string
  csrf_token: string
  created_at: Generated<Date>
  last_seen_at: Generated<Date>
  expires_at: Timestamp
  ended_at: NullableTimestamp
}

export interface AccountTables {
  organisations: OrganisationsTable
  users: UsersTable
  sessions: SessionsTable
}
