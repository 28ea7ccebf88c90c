/**
 * The JSON the open data API returns, built from the strategy read model and from the public
 * (disclosure-controlled) data, labelled by data/sources/mappings.yaml (read once). Pure: rows,
 * the read model and the mapping file in, plain objects out. Keys are
 * snake_case throughout, as the query parameters are; the shapes are described in openapi.ts.
 */
import type { Connection, Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { citation, hrefFor } from '../strategy/strategy.links.js'
import type { PublicPoint, PublicSummaryRow } from '../disclosure/public-data.js'
import type { IndicatorRecord } from '../indicators/indicators.repository.js'
import { figureLabel, type IndicatorSourcesView } from '../sources/figure-labels.js'
import { sourceMappings } from '../sources/source-provenance.js'

export const API_BASE = '/api/v1'

// ---- the strategy ------------------------------------------------------------------------------

export interface ApiLink {
  relation: string
  /** `outgoing`: this item → the other ("this indicator evidences that intention"); `incoming`: the other → this item. */
  direction: 'outgoing' | 'incoming'
  label: string | null
  kind: string
  strategy_id: string
  id: string
  title: string
  web_url: string
}

export interface ApiItem {
  id: string
  kind: string
  strategy_id: string
  number: number | null
  title: string
  text: string | null
  source: { document: string; file: string; section: string | null; quote: string }
  links: ApiLink[]
  web_url: string
}

function linkView(m: StrategyReadModel, c: Connection, direction: ApiLink['direction']): ApiLink {
  return {
    relation: c.relation,
    direction,
    label: c.label,
    kind: c.item.kind,
    strategy_id: c.item.strategyId,
    id: c.item.id,
    title: c.item.title,
    web_url: hrefFor(m, c.item),
  }
}

export function itemView(m: StrategyReadModel, item: Item): ApiItem {
  return {
    id: item.id,
    kind: item.kind,
    strategy_id: item.strategyId,
    number: item.number,
    title: item.title,
    text: item.text,
    source: citation(m, item),
    links: [
      ...m.from(item).map((c) => linkView(m, c, 'outgoing')),
      ...m.to(item).map((c) => linkView(m, c, 'incoming')),
    ],
    web_url: hrefFor(m, item),
  }
}

const ids = (connections: Connection[]) => [...new Set(connections.map((c) => c.item.id))]

/** An outcome with its shared intentions and success measures, and the indicators of its column. */
export function outcomeView(m: StrategyReadModel, outcome: Item) {
  return {
    ...itemView(m, outcome),
    short_title: typeof outcome.detail.shortTitle === 'string' ? outcome.detail.shortTitle : null,
    intentions: m.children(outcome, 'intention').map((i) => ({
      ...itemView(m, i),
      priority_ids: ids(m.from(i, 'serves', 'priority')),
      success_measure_ids: ids(m.to(i, 'shows_success_of', 'success_measure')),
      indicator_ids: ids(m.to(i, 'evidences', 'indicator')),
    })),
    success_measures: m.children(outcome, 'success_measure').map((sm) => ({
      ...itemView(m, sm),
      intention_ids: ids(m.from(sm, 'shows_success_of', 'intention')),
      indicator_ids: ids(m.to(sm, 'measures', 'indicator')),
    })),
    indicator_ids: ids(m.to(outcome, 'in_column', 'indicator')),
  }
}

export function strategySummaryView(m: StrategyReadModel, s: Item) {
  const detail = s.detail as {
    shortTitle?: string
    partnership?: string
    areaCode?: string
    period?: { start: string; end: string }
  }
  return {
    id: s.id,
    title: s.title,
    short_title: detail.shortTitle ?? null,
    subtitle: s.text,
    partnership: detail.partnership ?? null,
    area_code: detail.areaCode ?? null,
    period: detail.period ?? null,
    primary: m.strategies[0]?.id === s.id,
    api_url: `${API_BASE}/strategies/${s.id}`,
    web_url: hrefFor(m, s),
  }
}

/** The whole strategy as data: every level from the vision down to the indicators, each citing its source. */
export function strategyView(m: StrategyReadModel, s: Item) {
  const sources = ((s.detail.sources ?? []) as { file: string; title: string; date?: string }[]).map((d) => ({
    file: d.file,
    title: d.title,
    date: d.date ?? null,
  }))
  const of = (kind: Parameters<StrategyReadModel['items']>[1]) => m.items(s.id, kind).map((i) => itemView(m, i))
  return {
    ...strategySummaryView(m, s),
    sources,
    source: citation(m, s),
    vision: m.items(s.id, 'vision').map((v) => itemView(m, v))[0] ?? null,
    pledges: of('pledge'),
    outcomes: m.items(s.id, 'outcome').map((o) => outcomeView(m, o)),
    priorities: of('priority'),
    childrens_outcomes: of('childrens_outcome'),
    themes: of('theme'),
    indicators: of('indicator'),
  }
}

// ---- indicators ------------------------------------------------------------------------------

/** The metadata fields the API publishes, in this order (the rest of the row is at the top level). */
export const METADATA_FIELDS = [
  'definition',
  'value_type',
  'unit',
  'multiplier',
  'polarity',
  'ci_method',
  'frequency',
  'rba_kind',
  'benchmarks',
  'target',
  'data_source',
  'owner',
  'notes',
] as const

/** `sources`: where its published figures come from, exact or proxy, licence, and how fresh they are for the partnership's area. */
export function indicatorView(m: StrategyReadModel, row: IndicatorRecord, sources: IndicatorSourcesView) {
  const items = m.ofKind('indicator').filter((i) => i.id === row.id)
  return {
    id: row.id,
    name: row.name,
    fingertips_id: row.fingertipsId,
    in_framework: row.inFramework,
    metadata: Object.fromEntries(METADATA_FIELDS.map((f) => [f, row.metadata[f] ?? null])),
    sources,
    strategy_items: items.map((i) => itemView(m, i)),
    api_url: `${API_BASE}/indicators/${row.id}`,
    data_url: `${API_BASE}/indicators/${row.id}/data`,
    summaries_url: `${API_BASE}/indicators/${row.id}/summaries`,
    web_url: items[0] ? hrefFor(m, items[0]) : null,
  }
}

// ---- data ------------------------------------------------------------------------------------

/** A figure, with whether it is a mapped publisher's exact measure or a proxy, and its licence (data/sources/mappings.yaml). */
export function pointView(p: PublicPoint) {
  const label = figureLabel({ ...p, recordedAt: null }, sourceMappings())
  return {
    indicator_id: p.indicatorId,
    area_code: p.areaCode,
    area_name: p.areaName,
    period: p.periodLabel,
    period_key: p.periodKey,
    period_type: p.periodType,
    sex: p.sex,
    age: p.age,
    category_type: p.categoryType,
    category: p.category,
    value: p.value,
    lower_95: p.lower95,
    upper_95: p.upper95,
    lower_998: p.lower998,
    upper_998: p.upper998,
    count: p.count,
    denominator: p.denominator,
    note: p.note,
    source: p.source,
    source_match: label.match,
    licence: label.licence,
    recorded_at: p.recordedAt,
    suppressed: p.suppressed,
  }
}

export function summaryView(s: PublicSummaryRow) {
  return {
    indicator_id: s.indicatorId,
    area_code: s.areaCode,
    area_name: s.areaName,
    sex: s.sex,
    age: s.age,
    category_type: s.categoryType,
    category: s.category,
    period: s.periodLabel,
    summary: s.summary === null ? null : snakeKeys(s.summary),
    finding: s.finding,
    suppressed: s.suppressed,
  }
}

/** "periodKey" → "period_key", "lower95" → "lower_95". */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([a-zA-Z])(\d)/g, '$1_$2')
    .toLowerCase()
}

/** The same value with every object key in snake_case, at every depth. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), snakeKeys(v)]))
  }
  return value
}
