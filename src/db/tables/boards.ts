/**
 * Tables of this module: memberships, meetings, agenda items, papers, decisions and the actions
 * arising at meetings (migration 0007), with attendance, quorum, corrections and withdrawals
 * (0014). Boards themselves are the strategy's body items.
 */
import type { ColumnType, Generated } from 'kysely'
import type {
  DateText as DateColumn,
  Id,
  NullableDateText as NullableDateColumn,
  NullableTimestamp,
} from '../column-types.js'

type Created = ColumnType<Date, Date | string | undefined, never>
type Updated = ColumnType<Date, Date | string | undefined, Date | string>

export interface BoardMembershipsTable {
  id: Id
  strategy_id: string
  board_id: string
  role_title: string
  organisation_id: string
  member_kind: string
  from_date: DateColumn
  to_date: NullableDateColumn
  created_by: string
  created_at: Created
  updated_by: string
  updated_at: Updated
  archived_at: NullableTimestamp
}

export interface MeetingsTable {
  id: Id
  strategy_id: string
  board_id: string
  meets_on: DateColumn
  title: string
  location: string | null
  status: string
  public: Generated<boolean>
  created_by: string
  created_at: Created
  updated_by: string
  updated_at: Updated
  archived_at: NullableTimestamp
}

export interface AgendaItemsTable {
  id: Id
  meeting_id: string
  position: number
  title: string
  purpose: string
  presenter_role: string | null
  created_by: string
  created_at: Created
  corrected_at: NullableTimestamp
  correction_reason: string | null
  withdrawn_at: NullableTimestamp
  withdrawn_reason: string | null
  archived_at: NullableTimestamp
}

export interface PapersTable {
  id: Id
  meeting_id: string
  agenda_item_id: string | null
  title: string
  url: string
  restricted: Generated<boolean>
  created_by: string
  created_at: Created
  corrected_at: NullableTimestamp
  correction_reason: string | null
  withdrawn_at: NullableTimestamp
  withdrawn_reason: string | null
  archived_at: NullableTimestamp
}

export interface DecisionsTable {
  id: Id
  meeting_id: string
  agenda_item_id: string | null
  text: string
  decided_on: DateColumn
  created_by: string
  created_at: Created
  corrected_at: NullableTimestamp
  correction_reason: string | null
  withdrawn_at: NullableTimestamp
  withdrawn_reason: string | null
  archived_at: NullableTimestamp
}

export interface MeetingActionsTable {
  meeting_id: string
  action_id: string
  created_by: string
  created_at: Created
}

/** A board's quorum, where set (migration 0014); otherwise boards.quorum.ts's default. */
export interface BoardTermsTable {
  strategy_id: string
  board_id: string
  quorum: number
  updated_by: string
  updated_at: Updated
}

/** Each seat's attendance at a meeting (migration 0014). */
export interface MeetingAttendanceTable {
  meeting_id: string
  membership_id: string
  attendance: string
  substitute_role: string | null
  recorded_by: string
  recorded_at: Updated
}

/** Others in attendance, by role and organisation (migration 0014). */
export interface MeetingAttendeesTable {
  id: Id
  meeting_id: string
  role_title: string
  organisation_id: string
  created_by: string
  created_at: Created
  archived_at: NullableTimestamp
}

export interface BoardTables {
  board_memberships: BoardMembershipsTable
  meetings: MeetingsTable
  agenda_items: AgendaItemsTable
  papers: PapersTable
  decisions: DecisionsTable
  meeting_actions: MeetingActionsTable
  board_terms: BoardTermsTable
  meeting_attendance: MeetingAttendanceTable
  meeting_attendees: MeetingAttendeesTable
}
