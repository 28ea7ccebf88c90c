/**
 * What a board's pack covers, from the board network alone (boards/board-scope.ts). Pure.
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
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import type { PackScope } from './pack.types.js'
import { isLeadBody, type ScopeItems } from '../boards/board-scope.js'

export { boardsInScope, isLeadBody, scopeIndicators, scopeItems, type ScopeItems } from '../boards/board-scope.js'

const key = (i: Item) => `${i.strategyId}:${i.id}`

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
