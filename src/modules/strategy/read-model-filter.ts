/**
 * A read model with some items left out, as if the strategy files did not have them: not found,
 * not listed, not linked. The visibility tiers (disclosure/visibility.ts) use it so an indicator a
 * viewer may not see is absent from every list, table, search and link the pages build. Pure.
 */
import type { Item, StrategyReadModel } from './strategy.read-model.js'

export function withoutItems(m: StrategyReadModel, hidden: (item: Item) => boolean): StrategyReadModel {
  const shown = (item: Item | undefined) => (item && !hidden(item) ? item : undefined)
  const keep = <T extends Item>(list: T[]) => list.filter((i) => !hidden(i))
  return {
    ...m,
    find: (kind, id, strategyId) => {
      if (strategyId) return shown(m.find(kind, id, strategyId))
      return m.ofKind(kind).find((i) => i.id === id && !hidden(i))
    },
    items: (strategyId, kind) => keep(m.items(strategyId, kind)),
    ofKind: (kind) => keep(m.ofKind(kind)),
    children: (parent, kind) => keep(m.children(parent, kind)),
    from: (item, relation, kind) => m.from(item, relation, kind).filter((c) => !hidden(c.item)),
    to: (item, relation, kind) => m.to(item, relation, kind).filter((c) => !hidden(c.item)),
  }
}
