/**
 * The /indicators table's own narrowing and ordering, on top of the overview's filters: indicators
 * without data only when asked for, a trend filter, and a sort order, all from query parameters so
 * that the page works without JavaScript. Pure.
 */
import type { IndicatorTableRow } from './indicator-table.js'

export const sorts = {
  framework: 'Framework order',
  'worst-first': 'Compared with England, worse first',
  trend: 'Recent trend, worsening first',
  title: 'Indicator name, A to Z',
  rank: 'Rank among London boroughs, 1st first',
} as const
export type Sort = keyof typeof sorts

export const trends = { worsening: 'Getting worse', improving: 'Getting better' } as const
export type TrendFilter = keyof typeof trends

export interface ListOptions {
  /** Include the indicators with no data yet. */
  all: boolean
  trend: TrendFilter | null
  sort: Sort
}

const pick = <K extends string>(value: unknown, keys: Record<K, string>): K | null =>
  typeof value === 'string' && Object.hasOwn(keys, value) ? (value as K) : null

/** The options from the query; anything not offered falls back to the default. Asking for "No data yet" shows those rows. */
export function parseListOptions(query: Record<string, unknown>): ListOptions {
  return {
    all: query.data === 'all' || query.status === 'no-data',
    trend: pick(query.trend, trends),
    sort: pick(query.sort, sorts) ?? 'framework',
  }
}

const statusOrder = ['worse', 'higher-or-lower', 'similar', 'better', 'not-compared', 'no-data']
const trendOrder = ['worsening', 'other', 'improving']

type Key = (r: IndicatorTableRow) => number | string

const keys: Record<Exclude<Sort, 'framework'>, Key[]> = {
  'worst-first': [(r) => statusOrder.indexOf(r.status), (r) => trendOrder.indexOf(r.trend)],
  trend: [(r) => (r.valueNumber === null ? 1 : 0), (r) => trendOrder.indexOf(r.trend)],
  title: [(r) => r.title.toLocaleLowerCase('en-GB')],
  rank: [(r) => r.rankNumber ?? Number.POSITIVE_INFINITY],
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, 'en-GB')
  return a < b ? -1 : a > b ? 1 : 0
}

/** The rows to show, in the order asked for; ties keep framework order. */
export function listRows(rows: readonly IndicatorTableRow[], options: ListOptions): IndicatorTableRow[] {
  const shown = rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => (options.all || r.status !== 'no-data') && (!options.trend || r.trend === options.trend))
  if (options.sort !== 'framework') {
    const by = keys[options.sort]
    shown.sort((a, b) => by.reduce((d, k) => d || compare(k(a.r), k(b.r)), 0) || a.i - b.i)
  }
  return shown.map(({ r }) => r)
}
