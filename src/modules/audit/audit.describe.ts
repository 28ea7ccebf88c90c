/**
 * The audit trail in words: who made a change (a person's name, not their key), what they did and
 * to which record, from the event's action, kind of record and before/after data. Pure: the names
 * of organisations, boards and meetings come in as lookups, so it is tested without a database.
 */

/** An event as this module reads it. */
export interface DescribableEvent {
  actor: string
  actorName: string | null
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
}

/** Names the trail knows: organisations by id, boards by 'strategy:board' key, meetings by id (meetingWords). */
export interface Names {
  organisation?: (id: string) => string | undefined
  board?: (key: string) => string | undefined
  meeting?: (id: string) => string | undefined
}

/** Each kind of record in words, for the filter and the sentences. */
export const entityTypeNames: Record<string, string> = {
  action: 'Action',
  risk: 'Risk or issue',
  meeting: 'Board meeting',
  board_membership: 'Board seat',
  board: 'Board',
  user: 'User account',
  indicator_commentary: 'Indicator story',
  import_batch: 'Data import',
  comparator_group: 'Comparator group',
  strategy: 'Strategy',
  database: 'Database',
  follow: 'Follow by e-mail',
  notification: 'E-mail notification',
}

export const entityTypeName = (type: string): string =>
  entityTypeNames[type] ?? sentenceCase(type.replace(/[_-]/g, ' '))

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const roleWords: Record<string, string> = {
  administrator: 'administrator',
  analyst: 'analyst',
  approver: 'statistics approver',
  owner: 'action and risk owner',
  board_member: 'board member',
}

type Data = Record<string, unknown>
const asData = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {})
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined

/** Who made the change, in words. */
export function actorWords(e: Pick<DescribableEvent, 'actor' | 'actorName'>): string {
  const [channel, ...rest] = e.actor.split(':')
  const key = rest.join(':')
  if (channel === 'user') return e.actorName ?? key.split(' ').slice(1).join(' ') ?? 'A user'
  if (channel === 'cli')
    return key && key !== 'unknown' ? `${e.actorName ?? key} (command line)` : 'Someone at the command line'
  if (channel === 'import') return `The import of ${e.actorName ?? key}`
  if (channel === 'system') return 'The service'
  return e.actorName ?? e.actor
}

/** The record the event is about, in words ("action A12: Open two family hubs"). */
export function recordWords(e: DescribableEvent, names: Names = {}): string {
  const d = { ...asData(e.before), ...asData(e.after) }
  const titled = (kind: string, ref?: string) =>
    `${kind} ${ref ?? e.entityId}${text(d.title) ? `: ${text(d.title)}` : ''}`
  switch (e.entityType) {
    case 'action':
      return titled('action', text(d.reference))
    case 'risk':
      return titled(d.kind === 'issue' ? 'issue' : 'risk', text(d.reference))
    case 'meeting':
      return names.meeting?.(e.entityId) ?? meetingWords(d, names) ?? `meeting ${e.entityId}`
    case 'user':
      return `the account of ${text(asData(e.after).displayName) ?? text(d.email) ?? e.entityId}`
    case 'board_pack': {
      const meeting = text(d.meeting)
      const named = meeting ? names.meeting?.(meeting) : undefined
      return `${text(d.version) ? `version ${text(d.version)} of ` : ''}the board pack${named ? ` for ${named}` : ` ${e.entityId}`}`
    }
    case 'board_membership': {
      const board = text(d.board)
      return `the seat of ${text(d.roleTitle) ?? 'a member'} on ${board ? (names.board?.(board) ?? board) : 'a board'}`
    }
    case 'board':
      return `the ${names.board?.(e.entityId) ?? e.entityId}`
    default:
      return `${entityTypeName(e.entityType).toLowerCase()} ${e.entityId}`
  }
}

/**
 * A meeting named by its board and day, as the trail writes it: "the Partnership Board meeting of
 * 14 October 2026"; a board the strategy no longer has is named by the meeting's title.
 */
export function meetingName(meeting: { title: string; day: string }, boardTitle: string | undefined): string {
  return boardTitle ? `the ${boardTitle} meeting of ${meeting.day}` : `the meeting “${meeting.title}” of ${meeting.day}`
}

/** A meeting from its own data: "the Partnership Board meeting of 2026-10-14" or its title. */
function meetingWords(d: Data, names: Names): string | undefined {
  const board = text(d.board)
  const boardName = board ? names.board?.(board) : undefined
  if (boardName) return `the ${boardName} meeting${text(d.meetsOn) ? ` of ${text(d.meetsOn)}` : ''}`
  return text(d.title) ? `the meeting “${text(d.title)}”` : undefined
}

const organisationWords = (id: unknown, names: Names) =>
  typeof id === 'string' && id ? (names.organisation?.(id) ?? id) : 'none'

/** An account's changed name, role and organisation, in words. */
function accountChanges(before: Data, after: Data, names: Names): string {
  const parts: string[] = []
  if (before.displayName !== after.displayName)
    parts.push(`name from ${text(before.displayName) ?? 'none'} to ${text(after.displayName) ?? 'none'}`)
  if (before.role !== after.role)
    parts.push(
      `role from ${roleWords[String(before.role)] ?? before.role} to ${roleWords[String(after.role)] ?? after.role}`,
    )
  if (before.organisationId !== after.organisationId)
    parts.push(
      `organisation from ${organisationWords(before.organisationId, names)} to ${organisationWords(after.organisationId, names)}`,
    )
  return parts.length ? `, changing its ${parts.join(', its ')}` : ''
}

/** What was done, as a verb phrase with its record. */
function deed(e: DescribableEvent, names: Names): string {
  const record = recordWords(e, names)
  const after = asData(e.after)
  const numbered = (what: string, key: string) =>
    `${what}${text(after.position) && key === 'agendaItem' ? ` ${text(after.position)}` : ''}${text(after.title) ? ` (“${text(after.title)}”)` : ''}`
  const because = () => (text(after.reason) ? ` (reason: ${text(after.reason)})` : '')
  const phrases: Record<string, () => string> = {
    create: () => `added ${record}`,
    update: () =>
      e.entityType === 'user'
        ? `changed ${record}${accountChanges(asData(e.before), after, names)}`
        : `changed ${record}`,
    archive: () => `archived ${record}`,
    disable: () => `disabled ${record}`,
    enable: () => `re-enabled ${record}`,
    'reset-password': () => `reset the password of ${record}`,
    escalate: () => `escalated ${record}`,
    'mitigation.add': () => `added a mitigation to ${record}`,
    'mitigation.status': () => `changed a mitigation’s status on ${record}`,
    'progress-update.add': () => `added a progress update to ${record}`,
    'meeting.create': () => `added ${record}`,
    'meeting.update': () => `changed ${record}`,
    'meeting.agenda-item.add': () => `added ${numbered('agenda item', 'agendaItem')} to ${record}`,
    'meeting.paper.add': () => `added ${numbered('a paper', 'paper')} to ${record}`,
    'meeting.decision.add': () => `recorded a decision at ${record}`,
    'meeting.action.add': () => `recorded ${numbered('an action', 'action')} at ${record}`,
    'meeting.attendance.record': () => `recorded attendance at ${record}`,
    'meeting.attendee.add': () => `recorded someone else in attendance at ${record}`,
    'meeting.agenda-item.correct': () => `corrected an agenda item at ${record}${because()}`,
    'meeting.paper.correct': () => `corrected a paper at ${record}${because()}`,
    'meeting.decision.correct': () => `corrected a decision at ${record}${because()}`,
    'meeting.agenda-item.withdraw': () => `withdrew an agenda item at ${record}${because()}`,
    'meeting.paper.withdraw': () => `withdrew a paper at ${record}${because()}`,
    'meeting.decision.withdraw': () => `withdrew a decision at ${record}${because()}`,
    'meeting.reminders.send': () => `sent reminders before ${record}`,
    'board.quorum.set': () => `set the quorum of ${record}${text(after.quorum) ? ` to ${text(after.quorum)}` : ''}`,
    'board-membership.add': () => `added ${record}`,
    'board-membership.end': () => `ended ${record}${text(after.toDate) ? ` on ${text(after.toDate)}` : ''}`,
    'board-pack.draft': () => `saved ${record} as a draft`,
    'board-pack.sign-off': () => `signed off ${record}`,
    'data.import': () => `imported data (${record})`,
    'strategy.load': () => `loaded ${record}`,
    'strategy.reload': () => `reloaded ${record}`,
    'backup.restore': () => `restored the database from a backup`,
    'follow.start': () => `started ${record}`,
    'follow.end': () => `stopped ${record}`,
    'notification.sent': () => `sent ${record}`,
  }
  return phrases[e.action]?.() ?? `made a change (${e.action.replace(/[._-]/g, ' ')}) to ${record}`
}

/** The whole change as a sentence: "Ada Admin added agenda item 1 to the Partnership Board, October 2026." */
export function describeChange(e: DescribableEvent, names: Names = {}): string {
  return `${actorWords(e)} ${deed(e, names)}.`
}
