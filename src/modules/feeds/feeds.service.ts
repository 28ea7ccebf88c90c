/**
 * The public Atom feeds: an indicator's (its new data), an outcome's (its indicators' new data) and
 * the dashboard's (every indicator the overview shows, and each board report published). Figures
 * are read only through disclosure control (public-data.ts), so a feed shows what the pages show.
 */
import type { WebDeps } from '../module-deps.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { hrefFor } from '../strategy/strategy.links.js'
import { publicPoints } from '../disclosure/public-data.js'
import { findIndicators } from '../indicators/indicators.repository.js'
import { areaName, outcomeIndicators, strategyArea } from '../dashboard/dashboard.service.js'
import { overviewIndicators } from '../dashboard/overview.js'
import { publishedReports } from '../reports/published.js'
import type { Feed, FeedEntry } from '../../web/atom.js'
import { dataEntries, newest, type FeedIndicator } from './feed-entries.js'

/** The partnership's own area when a strategy does not name one (as the indicator page). */
const DEFAULT_AREA = 'E09000002'

/** A feed's address beside a page's: /indicators/x → /indicators/x/feed.xml (keeping ?strategy=). */
export function feedPath(pagePath: string): string {
  const [path, query] = pagePath.split('?')
  return `${path === '/' ? '' : path}/feed.xml${query ? `?${query}` : ''}`
}

async function indicatorEntries(deps: WebDeps, m: StrategyReadModel, items: Item[], base: string) {
  if (items.length === 0) return []
  const strategy = m.strategyOf(items[0]!)
  const code = strategyArea(strategy) || DEFAULT_AREA
  const ids = [...new Set(items.map((i) => i.id))]
  const [records, points, name] = await Promise.all([
    findIndicators(deps.db, ids),
    publicPoints(deps.db, deps.config.disclosureThreshold, { indicatorIds: ids, areaCodes: [code] }),
    areaName(deps.db, code),
  ])
  const byId = new Map(records.map((r) => [r.id, r]))
  return items.flatMap((item) => {
    const record = byId.get(item.id)
    const unit = record && typeof record.metadata.unit === 'string' ? record.metadata.unit : ''
    const indicator: FeedIndicator = { id: item.id, name: record?.name ?? item.title, unit, path: hrefFor(m, item) }
    return dataEntries(indicator, points, { code, name }, base)
  })
}

function feedOf(title: string, base: string, pagePath: string, entries: FeedEntry[]): Feed {
  const list = newest(entries)
  return {
    id: `${base}${feedPath(pagePath)}`,
    title,
    selfHref: `${base}${feedPath(pagePath)}`,
    alternateHref: `${base}${pagePath}`,
    updated: list[0]?.updated ?? new Date(0),
    entries: list,
  }
}

export async function indicatorFeed(deps: WebDeps, m: StrategyReadModel, item: Item, base: string): Promise<Feed> {
  const entries = await indicatorEntries(deps, m, [item], base)
  return feedOf(`${deps.config.serviceName}: ${item.title}`, base, hrefFor(m, item), entries)
}

export async function outcomeFeed(deps: WebDeps, m: StrategyReadModel, outcome: Item, base: string): Promise<Feed> {
  const entries = await indicatorEntries(deps, m, outcomeIndicators(m, outcome), base)
  return feedOf(`${deps.config.serviceName}: ${outcome.title}`, base, hrefFor(m, outcome), entries)
}

export async function dashboardFeed(deps: WebDeps, m: StrategyReadModel, base: string): Promise<Feed> {
  const strategy = m.strategies[0]
  const [data, reports] = await Promise.all([
    strategy ? indicatorEntries(deps, m, overviewIndicators(m, strategy), base) : Promise.resolve([]),
    publishedReports(deps.db),
  ])
  const reportEntries: FeedEntry[] = reports.map((r) => ({
    id: `${base}${r.href}`,
    title: `Board report: ${r.title}`,
    href: `${base}${r.href}`,
    updated: r.publishedAt,
    summary: r.summary,
  }))
  return feedOf(`${deps.config.serviceName}: new figures and reports`, base, '/', [...data, ...reportEntries])
}
