/**
 * The strategy's items as the public pages show them: links, the strategy's own summary, an
 * indicator's place in the framework; and the lookups every page makes (the primary strategy, an
 * item by kind and id, or 404). Shared by the strategy's own pages and the dashboard's. Pure.
 */
import type { NodeKind } from './strategy.graph.js'
import type { Item, StrategyReadModel } from './strategy.read-model.js'
import { citation, linkTo } from './strategy.links.js'
import { NotFound } from '../../web/render.js'

/** The strategy the home page shows (the first loaded), or 404 when none has been. */
export function primaryStrategy(m: StrategyReadModel): Item {
  const s = m.strategies[0]
  if (!s) throw new NotFound('No strategy has been loaded yet')
  return s
}

/** An item by kind and id (preferring the strategy named, else the primary), or 404. */
export function findItem(m: StrategyReadModel, kind: NodeKind, id: string, strategyId?: string): Item {
  const item = m.find(kind, id, strategyId)
  if (!item) throw new NotFound()
  return item
}

/** The page's own fields, with the name of the primary strategy every page's header shows. */
export function pageContext(m: StrategyReadModel, view: Record<string, unknown>): Record<string, unknown> {
  return { strategyName: primaryStrategy(m).detail.shortTitle, ...view }
}

export function links(m: StrategyReadModel, connections: { item: Item }[]) {
  return connections.map((c) => linkTo(m, c.item))
}

export function strategyView(m: StrategyReadModel, s: Item) {
  const period = s.detail.period as { start: string; end: string }
  return {
    ...linkTo(m, s),
    overviewHref: `/strategies/${s.id}`,
    subtitle: s.text,
    shortTitle: s.detail.shortTitle,
    partnership: s.detail.partnership,
    period,
    citation: citation(m, s),
  }
}

/** An indicator with the outcome column (or theme) it sits in and the priorities it serves. */
export function indicatorRow(m: StrategyReadModel, indicator: Item) {
  const column = m.from(indicator, 'in_column')[0] ?? m.from(indicator, 'in_theme')[0]
  return {
    ...linkTo(m, indicator),
    column: column ? String(column.item.detail.shortTitle ?? column.item.title) : null,
    priorities: links(m, m.from(indicator, 'serves')),
  }
}
