/**
 * How boards appear on partners' pages: their addresses, their reporting lines in words, and a
 * board, meeting, agenda item and membership as the templates show them. Pure.
 */
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import {
  agendaPurposeNames,
  meetingStatusNames,
  memberKindNames,
  type Compliance,
  type ComplianceStatus,
} from './boards.domain.js'
import type { AgendaItem, Meeting, Membership } from './boards.repository.js'
import { formatDate, formatDateTime } from '../../lib/dates.js'

/** A board's page; the strategy is named only where two strategies have a body of the same id. */
export function boardHref(m: StrategyReadModel, board: Item, suffix = ''): string {
  return `/boards/${encodeURIComponent(board.id)}${suffix}${m.ambiguous(board) ? `?strategy=${encodeURIComponent(board.strategyId)}` : ''}`
}

export const boardLink = (m: StrategyReadModel, board: Item) => ({ text: board.title, href: boardHref(m, board) })

const relationWords: Record<string, [string, string]> = {
  reports_to: ['Reports to', 'Reported to by'],
  subgroup_of: ['Subgroup of', 'Has subgroups'],
  delivers_for: ['Delivers for', 'Delivered for by'],
  works_closely_with: ['Works closely with', 'Works closely with'],
}
const relationOrder = ['reports_to', 'subgroup_of', 'delivers_for', 'works_closely_with']

export interface RelationLine {
  words: string
  boards: { text: string; href: string }[]
}

/**
 * A board's relationships in words, both directions, reporting lines first: "Reports to: the
 * Health and Wellbeing Board, …". Each board is named once per line.
 */
export function relationLines(m: StrategyReadModel, board: Item): RelationLine[] {
  const lines = new Map<string, RelationLine>()
  const add = (words: string, other: Item) => {
    const line = lines.get(words) ?? { words, boards: [] }
    if (!line.boards.some((b) => b.text === other.title)) line.boards.push(boardLink(m, other))
    lines.set(words, line)
  }
  const rank = (relation: string) => (relationOrder.indexOf(relation) + 1 || 99) * 2
  const connections = [
    ...m
      .from(board, undefined, 'body')
      .map((c) => ({ c, order: rank(c.relation), words: relationWords[c.relation]?.[0] ?? c.relation })),
    ...m
      .to(board, undefined, 'body')
      .map((c) => ({ c, order: rank(c.relation) + 1, words: relationWords[c.relation]?.[1] ?? c.relation })),
  ].sort((a, b) => a.order - b.order)
  for (const { c, words } of connections) add(words, c.item)
  // "Works closely with" reads the same both ways: one line.
  return [...lines.values()]
}

export const relationSentence = (lines: RelationLine[]) =>
  lines.map((l) => `${l.words} ${l.boards.map((b) => b.text).join(', ')}`).join('. ')

/** GOV.UK tag colours; the words carry the meaning. */
const tagClasses: Record<ComplianceStatus, string> = {
  Met: 'govuk-tag--green',
  'On track': 'govuk-tag--blue',
  'Not met': 'govuk-tag--red',
  'No minimum set': 'govuk-tag--grey',
}

export const complianceView = (c: Compliance) => ({ ...c, tagClass: tagClasses[c.status] })

/** An escalation's time as the risks module gives it: a date, an instant, or words. */
export function formatWhen(value: string | Date): string {
  if (value instanceof Date) return formatDateTime(value)
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value)
  return Number.isNaN(Date.parse(value)) ? value : formatDateTime(value)
}

export function boardView(m: StrategyReadModel, board: Item) {
  return {
    id: board.id,
    strategyId: board.strategyId,
    title: board.title,
    description: board.text,
    count: board.detail.count,
    minMeetings: board.detail.minMeetingsPerYear as number | undefined,
    strategy: String(m.strategyOf(board).detail.shortTitle ?? m.strategyOf(board).title),
    href: boardHref(m, board),
    complianceHref: boardHref(m, board, '/compliance'),
    membershipsHref: boardHref(m, board, '/memberships'),
    newMeetingHref: boardHref(m, board, '/meetings/new'),
    governanceHref: linkTo(m, board).href,
    relations: relationLines(m, board),
  }
}

export function meetingView(x: Meeting) {
  return {
    id: x.id,
    href: `/meetings/${x.id}`,
    title: x.title,
    meetsOn: x.meetsOn,
    date: formatDate(x.meetsOn),
    location: x.location,
    status: x.status,
    statusName: meetingStatusNames[x.status],
    statusTag:
      x.status === 'held' ? 'govuk-tag--green' : x.status === 'cancelled' ? 'govuk-tag--grey' : 'govuk-tag--blue',
    public: x.public,
  }
}

export function agendaView(a: AgendaItem) {
  return { ...a, purposeName: agendaPurposeNames[a.purpose] }
}

export function membershipView(x: Membership) {
  return { ...x, kindName: memberKindNames[x.memberKind], from: formatDate(x.fromDate), to: formatDate(x.toDate) }
}
