/** The golden thread: everything an indicator links up to, from the data to the strategy. */
import type { Item, StrategyReadModel } from './strategy.read-model.js'
import { linkTo } from './strategy.links.js'

/** Everything an indicator links up to: the golden thread from the data to the strategy. */
export function goldenThread(m: StrategyReadModel, indicator: Item) {
  const rows = [
    ['Outcome', m.from(indicator, 'in_column')],
    ['Theme', m.from(indicator, 'in_theme')],
    ['Life-course stage', m.from(indicator, 'at_stage')],
    ['Shared intentions', m.from(indicator, 'evidences')],
    ['What success looks like', m.from(indicator, 'measures')],
    ['System priorities', m.from(indicator, 'serves')],
    ["Children's outcomes", m.from(indicator, 'speaks_to')],
  ] as const
  return rows
    .filter(([, list]) => list.length)
    .map(([label, list]) => ({
      label,
      links: list.map((c) => linkTo(m, c.item, threadLabel(m, c.item))),
    }))
}

/** "Best Start 2: …" for an intention, "Inclusive: thrive in …" for an outcome, else the title. */
function threadLabel(m: StrategyReadModel, item: Item): string {
  if (item.kind === 'intention') return `${m.parent(item)?.detail.shortTitle} ${item.number}: ${item.title}`
  if (item.kind === 'outcome' && item.detail.shortTitle) return `${item.detail.shortTitle}: ${item.title}`
  return item.title
}
