/**
 * Attendance and quorum at a meeting, pure. Each seat on the board on the meeting's day (a role in
 * an organisation) is present, represented by a named substitute, sent apologies, or was absent;
 * others in attendance never count towards the quorum.
 *
 * The quorum is the board's own setting (board_terms). Where none is set we use a default, as an
 * ASSUMPTION: the seed documents give the Partnership's minimum of six meetings a year (seed 000,
 * "Governance"; seed 002, 4.5.2) but no quorum, and its terms of reference are not among them. The
 * default follows the rule for a council's own meetings, one quarter of the whole number of members
 * (Local Government Act 1972, Schedule 12, paragraph 6), rounded up, and never less than one. A
 * board that states its quorum sets it on the board's page.
 */
import { isCurrentMembership, type MembershipPeriod } from './boards.domain.js'

export const attendanceKinds = ['present', 'substitute', 'apologies', 'absent'] as const
export type Attendance = (typeof attendanceKinds)[number]
export const attendanceNames: Record<Attendance, string> = {
  present: 'Present',
  substitute: 'Substitute attended',
  apologies: 'Apologies',
  absent: 'Absent',
}

/** Present in person or by a named substitute in the seat. */
export const countsAsPresent = (a: Attendance | null | undefined) => a === 'present' || a === 'substitute'

export const QUORUM_DEFAULT_WORDS =
  'one quarter of the board’s members, rounded up (the rule for council meetings in the Local Government Act 1972, Schedule 12, paragraph 6), because the board’s terms of reference in the strategy documents do not state a quorum'

/** The default quorum for a board of `members` seats. */
export function defaultQuorum(members: number): number {
  return Math.max(1, Math.ceil(members / 4))
}

export interface Quorum {
  /** The board's seats on the meeting's day. */
  members: number
  present: number
  quorum: number
  /** True when the quorum is the board's own setting, false for the default. */
  quorumSet: boolean
  /** Whether any seat's attendance has been recorded. */
  recorded: boolean
  quorate: boolean
  /** "Quorate: yes (5 of 8 members present; quorum is 2)". */
  words: string
}

export function quorumAt<T extends MembershipPeriod & { id: string }>(
  memberships: readonly T[],
  attendance: ReadonlyMap<string, Attendance>,
  meetsOn: string,
  setting: number | null,
): Quorum {
  const seats = memberships.filter((m) => isCurrentMembership(m, meetsOn))
  const present = seats.filter((m) => countsAsPresent(attendance.get(m.id))).length
  const quorum = setting ?? defaultQuorum(seats.length)
  const recorded = seats.some((m) => attendance.has(m.id))
  const quorate = present >= quorum
  const counts = `${present} of ${seats.length} ${seats.length === 1 ? 'member' : 'members'} present; quorum is ${quorum}`
  return {
    members: seats.length,
    present,
    quorum,
    quorumSet: setting !== null,
    recorded,
    quorate,
    words: recorded
      ? `Quorate: ${quorate ? 'yes' : 'no'} (${counts})`
      : `Quorate: not known, attendance not recorded yet (quorum is ${quorum} of ${seats.length})`,
  }
}
