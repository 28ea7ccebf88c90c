/**
 * Reminders before a board meets: for each meeting in the coming days, the owners of open actions
 * and risks in the board's scope that have had no update since the board last met, and the analysts
 * whose indicators have a publisher's update due by the meeting (reminders.analysts.ts), one line
 * per person and item, so a secretariat can ask for updates before the pack is prepared. Owners are
 * roles in organisations, never people's names; each line carries the accounts it may be e-mailed
 * to (reminders.send.ts). The gathering reuses the pack's own scope rules.
 */
import { toCsv } from '../../lib/csv-write.js'
import { listMeetings, type Meeting } from '../boards/boards.repository.js'
import { formatDate } from '../../lib/dates.js'
import { isClosed } from '../delivery/delivery.domain.js'
import { gatherActions, gatherRisks, previousMeeting, type PackDeps } from './pack.service.js'
import { scopeItems } from './pack.scope.js'
import type { ActionLine, RiskLine } from './pack.types.js'
import { dueWords, indicatorsDue, type IndicatorDue } from './reminders.analysts.js'
import { ownerAccounts, type Recipient } from './reminders.repository.js'

export interface Reminder {
  meetingId: string
  meetsOn: string
  board: string
  meeting: string
  /** The person: a role in an organisation (an owner), or an analyst's account. */
  owner: string
  kind: 'action' | 'risk' | 'issue' | 'indicator'
  reference: string
  title: string
  /** The last update's day (for an indicator, when its figures were loaded), or null when none. */
  lastUpdate: string | null
  since: string | null
  /** For an indicator: the day its publisher's new figures are due. */
  dueBy: string | null
  /** Why the person is reminded, in words. */
  why: string
  href: string
  /** The accounts the reminder may be e-mailed to (none: no account to send it to). */
  recipients: Recipient[]
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Whether an action owes an update: open, and silent since the last meeting (or ever, with none). Pure. */
export function actionOwes(a: ActionLine, since: string | null): boolean {
  return !isClosed(a.status) && (a.lastUpdate === null || (since !== null && a.lastUpdate <= since))
}

/** Whether a risk owes an update: not closed, and unchanged since the last meeting. Pure. */
export function riskOwes(r: RiskLine, since: string | null): boolean {
  return r.status !== 'closed' && since !== null && (r.lastUpdated ?? r.createdOn) <= since
}

const lastWords = (lastUpdate: string | null, since: string | null) =>
  `${lastUpdate ? `last update ${formatDate(lastUpdate)}` : 'no update yet'}${since ? `, none since the last meeting on ${formatDate(since)}` : ''}`

type Base = Pick<Reminder, 'meetingId' | 'meetsOn' | 'board' | 'meeting' | 'since'>

/** One line per analyst account and indicator due; one line for the analysts when there is no account. */
function analystLines(base: Base, due: IndicatorDue): Reminder[] {
  const people = due.analysts.length ? due.analysts.map((a) => [a]) : [[]]
  return people.map((recipients): Reminder => ({
    ...base,
    owner: recipients[0] ? `${recipients[0].name}, analyst` : 'Analysts (no analyst account is set up yet)',
    kind: 'indicator',
    reference: due.indicator.id,
    title: due.indicator.title,
    lastUpdate: due.loaded,
    dueBy: due.due.due,
    why: dueWords(due),
    href: `/indicators/${encodeURIComponent(due.indicator.id)}`,
    recipients,
  }))
}

async function remindersFor(
  deps: PackDeps,
  meeting: Meeting,
  meetings: readonly Meeting[],
  today: string,
): Promise<Reminder[]> {
  const board = deps.model.find('body', meeting.boardId, meeting.strategyId)
  if (!board) return []
  const scope = scopeItems(deps.model, board)
  const last = previousMeeting(
    meetings.filter((x) => x.strategyId === meeting.strategyId && x.boardId === meeting.boardId),
    meeting,
  )
  const since = last && last.meetsOn <= today ? last.meetsOn : null
  const [actions, risks, indicators] = await Promise.all([
    gatherActions(deps, scope, today),
    gatherRisks(deps, board, scope, today, since),
    indicatorsDue(deps, board, scope, meeting.meetsOn),
  ])
  const owing = actions.inScope.filter((a) => actionOwes(a, since))
  const riskLines = risks.map((r) => r.line).filter((r) => riskOwes(r, since))
  const [actionOwners, riskOwners] = await Promise.all([
    ownerAccounts(
      deps.db,
      'actions',
      owing.map((a) => a.id),
    ),
    ownerAccounts(
      deps.db,
      'risks',
      riskLines.map((r) => r.id),
    ),
  ])
  const base: Base = {
    meetingId: meeting.id,
    meetsOn: meeting.meetsOn,
    board: board.title,
    meeting: meeting.title,
    since,
  }
  return [
    ...owing.map((a): Reminder => ({
      ...base,
      owner: a.owner,
      kind: 'action',
      reference: a.reference,
      title: a.title,
      lastUpdate: a.lastUpdate,
      dueBy: null,
      why: lastWords(a.lastUpdate, since),
      href: a.href,
      recipients: actionOwners.get(a.id) ?? [],
    })),
    ...riskLines.map((r): Reminder => ({
      ...base,
      owner: r.owner,
      kind: r.kind === 'issue' ? 'issue' : 'risk',
      reference: r.reference,
      title: r.title,
      lastUpdate: r.lastUpdated ?? r.createdOn,
      dueBy: null,
      why: lastWords(r.lastUpdated ?? r.createdOn, since),
      href: r.href,
      recipients: riskOwners.get(r.id) ?? [],
    })),
    ...indicators.flatMap((d) => analystLines(base, d)),
  ]
}

/** The reminders before one meeting (none unless it is planned and still to come). */
export async function remindersForMeeting(deps: PackDeps, meeting: Meeting, today: string): Promise<Reminder[]> {
  if (meeting.status !== 'planned' || meeting.meetsOn < today) return []
  return sortReminders(await remindersFor(deps, meeting, await listMeetings(deps.db), today))
}

const sortReminders = (list: Reminder[]) =>
  list.sort(
    (a, b) =>
      a.meetsOn.localeCompare(b.meetsOn) ||
      a.board.localeCompare(b.board) ||
      a.owner.localeCompare(b.owner) ||
      a.reference.localeCompare(b.reference),
  )

/** Every reminder for the meetings planned from today to `days` days ahead, by meeting, then owner. */
export async function reminders(deps: PackDeps, today: string, days: number, boardId?: string): Promise<Reminder[]> {
  const meetings = await listMeetings(deps.db)
  const until = addDays(today, days)
  const coming = meetings.filter(
    (x) => x.status === 'planned' && x.meetsOn >= today && x.meetsOn <= until && (!boardId || x.boardId === boardId),
  )
  return sortReminders((await Promise.all(coming.map((x) => remindersFor(deps, x, meetings, today)))).flat())
}

/** One line per person and item. */
export function remindersText(list: readonly Reminder[], days: number): string {
  if (!list.length)
    return `No reminders: no board meeting in the next ${days} days has an owner or analyst with an item waiting for an update.\n`
  return list
    .map((r) => `${r.meetsOn} ${r.board}: ${r.owner}: ${r.kind} ${r.reference} "${r.title}": ${r.why}`)
    .join('\n')
    .concat('\n')
}

export function remindersCsv(list: readonly Reminder[]): string {
  return toCsv(
    [
      'meeting_date',
      'board',
      'meeting',
      'person',
      'kind',
      'reference',
      'title',
      'last_update',
      'last_meeting',
      'due_by',
      'reason',
      'path',
    ],
    list.map((r) => [
      r.meetsOn,
      r.board,
      r.meeting,
      r.owner,
      r.kind,
      r.reference,
      r.title,
      r.lastUpdate,
      r.since,
      r.dueBy,
      r.why,
      r.href,
    ]),
  )
}
