/**
 * Reminders before a board meets: for each meeting in the coming days, the owners of open actions
 * and risks in the board's scope that have had no update since the board last met, one line per
 * owner and item, so a secretariat can ask for updates before the pack is prepared. Owners are
 * roles in organisations, never people's names. The gathering reuses the pack's own scope rules.
 */
import { toCsv } from '../../lib/csv-write.js'
import { listMeetings, type Meeting } from '../boards/boards.repository.js'
import { formatDate } from '../../lib/dates.js'
import { isClosed } from '../delivery/delivery.domain.js'
import { gatherActions, gatherRisks, previousMeeting, type PackDeps } from './pack.service.js'
import { scopeItems } from './pack.scope.js'
import type { ActionLine, RiskLine } from './pack.types.js'

export interface Reminder {
  meetsOn: string
  board: string
  meeting: string
  owner: string
  kind: 'action' | 'risk' | 'issue'
  reference: string
  title: string
  /** The last update's day, or null when there has been none. */
  lastUpdate: string | null
  since: string | null
  href: string
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
  const [actions, risks] = await Promise.all([
    gatherActions(deps, scope, today),
    gatherRisks(deps, board, scope, today, since),
  ])
  const base = { meetsOn: meeting.meetsOn, board: board.title, meeting: meeting.title, since }
  return [
    ...actions.inScope
      .filter((a) => actionOwes(a, since))
      .map((a): Reminder => ({
        ...base,
        owner: a.owner,
        kind: 'action',
        reference: a.reference,
        title: a.title,
        lastUpdate: a.lastUpdate,
        href: a.href,
      })),
    ...risks
      .map((r) => r.line)
      .filter((r) => riskOwes(r, since))
      .map((r): Reminder => ({
        ...base,
        owner: r.owner,
        kind: r.kind === 'issue' ? 'issue' : 'risk',
        reference: r.reference,
        title: r.title,
        lastUpdate: r.lastUpdated ?? r.createdOn,
        href: r.href,
      })),
  ]
}

/** Every reminder for the meetings planned from today to `days` days ahead, by meeting, then owner. */
export async function reminders(deps: PackDeps, today: string, days: number, boardId?: string): Promise<Reminder[]> {
  const meetings = await listMeetings(deps.db)
  const until = addDays(today, days)
  const coming = meetings.filter(
    (x) => x.status === 'planned' && x.meetsOn >= today && x.meetsOn <= until && (!boardId || x.boardId === boardId),
  )
  const all = (await Promise.all(coming.map((x) => remindersFor(deps, x, meetings, today)))).flat()
  return all.sort(
    (a, b) =>
      a.meetsOn.localeCompare(b.meetsOn) ||
      a.board.localeCompare(b.board) ||
      a.owner.localeCompare(b.owner) ||
      a.reference.localeCompare(b.reference),
  )
}

const lastWords = (r: Reminder) => (r.lastUpdate ? `last update ${formatDate(r.lastUpdate)}` : 'no update yet')

/** One line per owner and item. */
export function remindersText(list: readonly Reminder[], days: number): string {
  if (!list.length)
    return `No reminders: no board meeting in the next ${days} days has an owner with an item waiting for an update.\n`
  return list
    .map(
      (r) =>
        `${r.meetsOn} ${r.board}: ${r.owner}: ${r.kind} ${r.reference} "${r.title}": ${lastWords(r)}${r.since ? `, none since the last meeting on ${formatDate(r.since)}` : ''}`,
    )
    .join('\n')
    .concat('\n')
}

export function remindersCsv(list: readonly Reminder[]): string {
  return toCsv(
    ['meeting_date', 'board', 'meeting', 'owner', 'kind', 'reference', 'title', 'last_update', 'last_meeting', 'path'],
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
      r.href,
    ]),
  )
}
