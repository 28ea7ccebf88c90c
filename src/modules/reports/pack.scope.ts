/**
 * What a board's pack covers, from the board network alone. Pure.
 *
 * The strategy files do not say which body owns which outcome. They do say how bodies answer to one
 * another (reports to, subgroup of, delivers for: the lines risks escalate along), and each file
 * lists its lead body first (the Best Chance 0-25 Partnership "monitors progress against the
 * outcomes framework"). So a board's scope is itself and every body that answers to it, directly or
 * through others; the lead body among them brings its strategy's outcomes. The Partnership's pack
 * covers its four outcomes; the Health and Wellbeing Board's covers them too, because the
 * Partnership reports to it; a subgroup's covers what is its own: its risks, and the actions
 * arising at its meetings.
 */
import { ESCALATION_RELATIONS } from '../risks/risks.domain.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import type { PackScope } from './pack.types.js'

const key = (i: Item) => `${i.strategyId}:${i.id}`

/** The board and every body that answers to it, nearest first. */
export function boardsInScope(m: StrategyReadModel, board: Item): Item[] {
  const seen = new Map<string, Item>([[key(board), board]])
  const queue = [board]
  while (queue.length) {
    const next = queue.shift()!
    for (const c of m.to(next, undefined, 'body')) {
      if (!(ESCALATION_RELATIONS as readonly string[]).includes(c.relation) || seen.has(key(c.item))) continue
      seen.set(key(c.item), c.item)
      queue.push(c.item)
    }
  }
  return [...seen.values()]
}

/** The strategy's lead body: the first body its file lists. */
export function isLeadBody(m: StrategyReadModel, body: Item): boolean {
  const first = m.items(body.strategyId, 'body')[0]
  return first !== undefined && key(first) === key(body)
}

export interface ScopeItems {
  boards: Item[]
  outcomes: Item[]
  /** Each outcome's indicators (its column in the framework), by the outcome's key. */
  indicators: Map<string, Item[]>
}

export function scopeItems(m: StrategyReadModel, board: Item): ScopeItems {
  const boards = boardsInScope(m, board)
  const outcomes = boards.filter((b) => isLeadBody(m, b)).flatMap((b) => m.items(b.strategyId, 'outcome'))
  const indicators = new Map(outcomes.map((o) => [key(o), m.to(o, 'in_column', 'indicator').map((c) => c.item)]))
  return { boards, outcomes, indicators }
}

/** Every indicator in scope, once. */
export function scopeIndicators(scope: ScopeItems): Item[] {
  const seen = new Map<string, Item>()
  for (const list of scope.indicators.values()) for (const i of list) if (!seen.has(key(i))) seen.set(key(i), i)
  return [...seen.values()]
}

export function describeScope(m: StrategyReadModel, board: Item, scope: ScopeItems): PackScope {
  const others = scope.boards.filter((b) => key(b) !== key(board))
  const lead = scope.boards.find((b) => isLeadBody(m, b))
  const strategy = lead ? String(m.strategyOf(lead).detail.shortTitle ?? m.strategyOf(lead).title) : null
  const parts = [
    others.length
      ? `This pack covers the ${board.title} and the ${others.length === 1 ? 'body' : 'bodies'} that answer to it: ${others.map((b) => b.title).join(', ')}.`
      : `This pack covers the ${board.title}; no other body answers to it.`,
    lead && strategy
      ? `${lead.title} holds the ${strategy} outcomes, so the pack reports on all ${scope.outcomes.length} of them.`
      : 'No outcomes of the strategy are held here, so the pack reports on the risks held at these bodies and the actions arising at their meetings.',
  ]
  return {
    boards: scope.boards.map((b) => ({ id: b.id, title: b.title })),
    outcomes: scope.outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      shortTitle: String(o.detail.shortTitle ?? o.title),
    })),
    description: parts.join(' '),
  }
}
