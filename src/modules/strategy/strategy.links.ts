/** Where each kind of item lives on the site. One place, so every page links the same way. */
import type { Item, StrategyReadModel } from './strategy.read-model.js'

const pagePaths: Partial<Record<Item['kind'], string>> = {
  outcome: 'outcomes',
  intention: 'intentions',
  priority: 'priorities',
  indicator: 'indicators',
  body: 'governance',
}

export function hrefFor(model: StrategyReadModel, item: Item): string {
  const primary = model.strategies[0]?.id
  const strategyHome = item.strategyId === primary ? '/' : `/strategies/${item.strategyId}`
  const pagePath = pagePaths[item.kind]
  if (pagePath) return `/${pagePath}/${item.id}${model.ambiguous(item) ? `?strategy=${item.strategyId}` : ''}`
  switch (item.kind) {
    case 'strategy':
      return item.id === primary ? '/' : `/strategies/${item.id}`
    case 'theme':
      return `/strategies/${item.strategyId}/themes/${item.id}`
    case 'success_measure': {
      const outcome = model.parent(item)
      return outcome ? `${hrefFor(model, outcome)}#${item.id}` : strategyHome
    }
    case 'pledge':
      return `/pledges#${item.id}`
    case 'childrens_outcome':
      return `/childrens-outcomes/${item.id}`
    case 'fact':
      return `/case-for-change#${item.id}`
    default:
      return `${strategyHome}#${item.id}`
  }
}

/** A plain link for templates: text, where it goes, and which strategy it belongs to. */
export interface LinkView {
  text: string
  href: string
  strategy: string
}

export function linkTo(model: StrategyReadModel, item: Item, text = item.title): LinkView {
  return { text, href: hrefFor(model, item), strategy: String(model.strategyOf(item).detail.shortTitle ?? '') }
}

/** "Source: <document title>, <section>" and the quote, for every page's citation. */
export function citation(model: StrategyReadModel, item: Item) {
  const strategy = model.strategyOf(item)
  const sources = (strategy.detail.sources ?? []) as { file: string; title: string; date?: string }[]
  const document = sources.find((s) => s.file === item.source.file)
  return {
    document: document ? `${document.title}${document.date ? ` (${document.date})` : ''}` : item.source.file,
    file: item.source.file,
    section: item.source.section,
    quote: item.source.quote,
  }
}
