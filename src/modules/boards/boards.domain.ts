/**
 * Boards' rules, pure: whether a board meets as often as its terms say, what is coming up, and who
 * sits on it by organisation. Dates are calendar dates as 'YYYY-MM-DD' text, compared as text.
 */
import { canRecordMeetings } from '../accounts/access.js'

export const meetingStatuses = ['planned', 'held', 'cancelled'] as const
export type MeetingStatus = (typeof meetingStatuses)[number]
export const meetingStatusNames: Record<MeetingStatus, string> = {
  planned: 'Planned',
  held: 'Held',
  cancelled: 'Cancelled',
}

export const memberKinds = ['chair', 'member', 'representative', 'adviser'] as const
export type MemberKind = (typeof memberKinds)[number]
export const memberKindNames: Record<MemberKind, string> = {
  chair: 'Chair',
  member: 'Member',
  representative: 'Representative',
  adviser: 'Adviser',
}

export const agendaPurposes = ['decision', 'discussion', 'information'] as const
export type AgendaPurpose = (typeof agendaPurposes)[number]
export const agendaPurposeNames: Record<AgendaPurpose, string> = {
  decision: 'For decision',
  discussion: 'For discussion',
  information: 'For information',
}

export interface MeetingDate {
  meetsOn: string
  status: MeetingStatus
}

export type ComplianceStatus = 'Met' | 'On track' | 'Not met' | 'No minimum set'

export interface Compliance {
  year: number
  minimum: number | null
  held: number
  /** Planned meetings in the year on or after today: they count towards "On track", not "Met". */
  plannedToCome: number
  status: ComplianceStatus
  /** The status in a sentence, so the table never relies on the tag alone. */
  explanation: string
}

const yearOf = (date: string) => Number(date.slice(0, 4))
const times = (n: number) => `${n} ${n === 1 ? 'meeting' : 'meetings'}`

/**
 * Meetings held in a year against the board's minimum. "On track" when the meetings held and those
 * still planned for the rest of the year reach the minimum; a planned meeting whose date has passed
 * counts for nothing until someone records it as held.
 */
export function compliance(
  minimum: number | null | undefined,
  meetings: MeetingDate[],
  year: number,
  today: string,
): Compliance {
  const inYear = meetings.filter((m) => yearOf(m.meetsOn) === year)
  const held = inYear.filter((m) => m.status === 'held').length
  const plannedToCome = inYear.filter((m) => m.status === 'planned' && m.meetsOn >= today).length
  const base = { year, minimum: minimum ?? null, held, plannedToCome }
  if (!minimum) {
    return {
      ...base,
      minimum: null,
      status: 'No minimum set',
      explanation: `${times(held)} held in ${year}; no minimum is set.`,
    }
  }
  if (held >= minimum)
    return { ...base, status: 'Met', explanation: `${held} of the minimum ${minimum} held in ${year}.` }
  const needed = minimum - held
  if (held + plannedToCome >= minimum) {
    return {
      ...base,
      status: 'On track',
      explanation: `${held} of the minimum ${minimum} held in ${year}; ${plannedToCome} more planned.`,
    }
  }
  const over = today > `${year}-12-31`
  const shortfall = needed - plannedToCome
  return {
    ...base,
    status: 'Not met',
    explanation: over
      ? `${held} of the minimum ${minimum} held in ${year}.`
      : `${held} of the minimum ${minimum} held in ${year}${plannedToCome ? ` and ${plannedToCome} more planned` : ''}; ${shortfall} more ${shortfall === 1 ? 'meeting' : 'meetings'} would need to be planned.`,
  }
}

/**
 * Compliance for the current year and every earlier year with a meeting, latest first. Later years
 * are left to the forward plan: a year not yet begun has not failed.
 */
export function complianceByYear(
  minimum: number | null | undefined,
  meetings: MeetingDate[],
  today: string,
): Compliance[] {
  const current = yearOf(today)
  const years = new Set([current, ...meetings.map((m) => yearOf(m.meetsOn)).filter((y) => y < current)])
  return [...years].sort((a, b) => b - a).map((year) => compliance(minimum, meetings, year, today))
}

/** Planned meetings from today on, soonest first (ties in the order given). */
export function forwardPlan<T extends MeetingDate>(meetings: T[], today: string): T[] {
  return meetings
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.status === 'planned' && m.meetsOn >= today)
    .sort((a, b) => (a.m.meetsOn < b.m.meetsOn ? -1 : a.m.meetsOn > b.m.meetsOn ? 1 : a.i - b.i))
    .map(({ m }) => m)
}

/** Meetings before today, or held or cancelled whatever their date: the record, latest first. */
export function pastMeetings<T extends MeetingDate>(meetings: T[], today: string): T[] {
  const upcoming = new Set(forwardPlan(meetings, today))
  return meetings
    .filter((m) => !upcoming.has(m))
    .sort((a, b) => (a.meetsOn < b.meetsOn ? 1 : a.meetsOn > b.meetsOn ? -1 : 0))
}

export interface MembershipPeriod {
  organisationId: string
  fromDate: string
  toDate: string | null
}

/** A membership counts from its start until its end date has passed. */
export function isCurrentMembership(m: MembershipPeriod, today: string): boolean {
  return m.fromDate <= today && (m.toDate === null || m.toDate >= today)
}

export interface OrganisationMembers<T> {
  organisationId: string
  organisationName: string
  members: T[]
}

/** Current memberships grouped by organisation, organisations by name. */
export function membershipByOrganisation<T extends MembershipPeriod>(
  memberships: T[],
  organisationNames: ReadonlyMap<string, string>,
  today: string,
): OrganisationMembers<T>[] {
  const groups = new Map<string, T[]>()
  for (const m of memberships.filter((x) => isCurrentMembership(x, today))) {
    const list = groups.get(m.organisationId)
    if (list) list.push(m)
    else groups.set(m.organisationId, [m])
  }
  return [...groups.entries()]
    .map(([organisationId, members]) => ({
      organisationId,
      organisationName: organisationNames.get(organisationId) ?? organisationId,
      members,
    }))
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'en-GB'))
}

/**
 * Board members record their own board's meetings: a board member whose organisation holds a
 * current seat on the board. Administrators record any board's meetings. The role rule is
 * accounts/access.ts's; this works out who sits on the board today.
 */
export function mayRecordMeetings(
  user: { role: string; organisationId: string | null } | null,
  memberships: MembershipPeriod[],
  today: string,
): boolean {
  return canRecordMeetings(
    user,
    memberships.filter((m) => isCurrentMembership(m, today)).map((m) => m.organisationId),
  )
}
