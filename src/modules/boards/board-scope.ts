/**
 * What a board covers, from the board network alone. Pure. (Moved from reports/pack.scope.ts, which
 * re-exports it, so the visibility tiers can ask which boards' scope includes an indicator.)
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

const byModel = new WeakMap<StrategyReadModel, Map<string, string[]>>()

/**
 * For each indicator id, the boards (`strategyId:boardId`) whose scope includes it, worked out once
 * per read model: every body of every strategy, its scope's indicators.
 */
export function boardsByIndicator(m: StrategyReadModel): ReadonlyMap<string, readonly string[]> {
  const known = byModel.get(m)
  if (known) return known
  const out = new Map<string, string[]>()
  for (const body of m.ofKind('body'))
    for (const indicator of scopeIndicators(scopeItems(m, body))) {
      const list = out.get(indicator.id)
      if (list) list.push(key(body))
      else out.set(indicator.id, [key(body)])
    }
  byModel.set(m, out)
  return out
}
