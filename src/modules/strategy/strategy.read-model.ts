/**
 * The strategies as pages read them: every active item and link, indexed both ways so the golden
 * thread can be walked from a pledge down to the data and from an indicator up to the outcomes.
 * Pure: built from rows, then read many times (the service rebuilds it when the data version moves).
 */
import type { StrategyLinkRow, StrategyNodeRow } from '../../db/database.js'
import type { NodeKind, Relation, StrategyNode } from './strategy.graph.js'

/** A stored item: the node as loaded, with the source's optional section made explicit. */
export type Item = Omit<StrategyNode, 'position' | 'source'> & {
  source: { file: string; section: string | null; quote: string }
}

export interface Connection {
  relation: Relation
  label: string | null
  item: Item
}

export interface StrategyReadModel {
  version: string
  strategies: Item[]
  find: (kind: NodeKind, id: string, strategyId?: string) => Item | undefined
  items: (strategyId: string, kind: NodeKind) => Item[]
  ofKind: (kind: NodeKind) => Item[]
  children: (parent: Item, kind: NodeKind) => Item[]
  parent: (item: Item) => Item | undefined
  from: (item: Item, relation?: Relation, kind?: NodeKind) => Connection[]
  to: (item: Item, relation?: Relation, kind?: NodeKind) => Connection[]
  strategyOf: (item: Item) => Item
  /** True when another strategy has an item of the same kind and id, so a URL must name the strategy. */
  ambiguous: (item: Item) => boolean
}

const key = (strategyId: string, id: string) => `${strategyId}:${id}`

export function buildReadModel(
  version: string,
  nodeRows: StrategyNodeRow[],
  linkRows: StrategyLinkRow[],
  primaryStrategyId: string | null,
): StrategyReadModel {
  const items = nodeRows.map(rowToItem)
  const byKey = new Map(items.map((item) => [key(item.strategyId, item.id), item]))
  const outgoing = new Map<string, Connection[]>()
  const incoming = new Map<string, Connection[]>()
  for (const link of linkRows) {
    const from = byKey.get(key(link.strategy_id, link.from_id))
    const to = byKey.get(key(link.to_strategy_id, link.to_id))
    if (!from || !to) continue // an end was archived
    const relation = link.relation as Relation
    push(outgoing, key(from.strategyId, from.id), { relation, label: link.label, item: to })
    push(incoming, key(to.strategyId, to.id), { relation, label: link.label, item: from })
  }
  const strategies = items
    .filter((i) => i.kind === 'strategy')
    .sort((a, b) => Number(b.id === primaryStrategyId) - Number(a.id === primaryStrategyId))
  const idCounts = new Map<string, number>()
  for (const i of items) idCounts.set(`${i.kind}:${i.id}`, (idCounts.get(`${i.kind}:${i.id}`) ?? 0) + 1)
  const strategyOrder = new Map(strategies.map((s, i) => [s.id, i]))
  const ofKind = (kind: NodeKind) =>
    items
      .filter((i) => i.kind === kind)
      .sort((a, b) => (strategyOrder.get(a.strategyId) ?? 0) - (strategyOrder.get(b.strategyId) ?? 0))
  const filter = (list: Connection[] | undefined, relation?: Relation, kind?: NodeKind) =>
    (list ?? []).filter((c) => (!relation || c.relation === relation) && (!kind || c.item.kind === kind))

  return {
    version,
    strategies,
    find: (kind, id, strategyId) =>
      strategyId ? matchKind(byKey.get(key(strategyId, id)), kind) : ofKind(kind).find((i) => i.id === id),
    items: (strategyId, kind) => items.filter((i) => i.strategyId === strategyId && i.kind === kind),
    ofKind,
    children: (parent, kind) =>
      items.filter((i) => i.strategyId === parent.strategyId && i.parentId === parent.id && i.kind === kind),
    parent: (item) => (item.parentId ? byKey.get(key(item.strategyId, item.parentId)) : undefined),
    from: (item, relation, kind) => filter(outgoing.get(key(item.strategyId, item.id)), relation, kind),
    to: (item, relation, kind) => filter(incoming.get(key(item.strategyId, item.id)), relation, kind),
    strategyOf: (item) => byKey.get(key(item.strategyId, item.strategyId))!,
    ambiguous: (item) => (idCounts.get(`${item.kind}:${item.id}`) ?? 0) > 1,
  }
}

function matchKind(item: Item | undefined, kind: NodeKind) {
  return item && item.kind === kind ? item : undefined
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V) {
  const list = map.get(k)
  if (list) list.push(v)
  else map.set(k, [v])
}

function rowToItem(row: StrategyNodeRow): Item {
  return {
    strategyId: row.strategy_id,
    id: row.id,
    kind: row.kind as NodeKind,
    parentId: row.parent_id,
    number: row.number,
    title: row.title,
    text: row.text,
    detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>,
    source: { file: row.source_file, section: row.source_section, quote: row.source_quote },
  }
}
