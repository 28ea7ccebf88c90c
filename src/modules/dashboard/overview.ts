/**
 * The overview page's scorecard and filters, from the strategy and its indicator rows. Pure.
 */
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import type { IndicatorTableRow } from './indicator-table.js'
import { Status, filterEntries, isFiltered, parseFilters, scorecard, statusWords, type Filters } from './scorecard.js'

const itemKey = (i: Item) => `${i.strategyId}:${i.id}`

/**
 * The indicators the overview covers: each outcome's column, then the strategy's own others, then
 * any from another strategy that serve its priorities or speak to its children's outcomes.
 */
export function overviewIndicators(m: StrategyReadModel, s: Item): Item[] {
  const seen = new Map<string, Item>()
  const add = (items: Item[]) => items.forEach((i) => seen.has(itemKey(i)) || seen.set(itemKey(i), i))
  for (const o of m.items(s.id, 'outcome')) add(m.to(o, 'in_column', 'indicator').map((c) => c.item))
  add(m.items(s.id, 'indicator'))
  for (const p of m.items(s.id, 'priority')) add(m.to(p, 'serves', 'indicator').map((c) => c.item))
  for (const d of m.items(s.id, 'childrens_outcome')) add(m.to(d, 'speaks_to', 'indicator').map((c) => c.item))
  return [...seen.values()]
}

interface Option {
  value: string
  text: string
  selected?: boolean
}

const options = (items: { id: string; text: string }[], selected: string | null, any: string): Option[] => [
  { value: '', text: any, selected: selected === null },
  ...items.map((i) => ({ value: i.id, text: i.text, selected: i.id === selected })),
]

export function overview(
  m: StrategyReadModel,
  s: Item,
  rows: readonly IndicatorTableRow[],
  query: Record<string, unknown>,
) {
  const outcomes = m
    .items(s.id, 'outcome')
    .map((o) => ({ ...linkTo(m, o), id: o.id, shortTitle: String(o.detail.shortTitle ?? o.title) }))
  const priorities = m.items(s.id, 'priority').map((p) => ({ ...linkTo(m, p), id: p.id }))
  const domains = m.items(s.id, 'childrens_outcome').map((d) => ({ id: d.id, text: d.title }))
  // Life-course stages are the only age bands the strategies record (the JLHWS's); offer those the rows have.
  const stageIds = new Set(rows.flatMap((r) => r.stageIds))
  const stages = m
    .ofKind('life_course_stage')
    .filter((st) => stageIds.has(st.id))
    .map((st) => ({ id: st.id, text: st.title }))
  const filters = parseFilters(query, {
    outcomes: outcomes.map((o) => o.id),
    priorities: priorities.map((p) => p.id),
    domains: domains.map((d) => d.id),
    stages: stages.map((st) => st.id),
  })
  const shown = filterEntries(rows, filters)
  return {
    outcomeScorecard: scorecard(outcomes, rows, 'outcomeIds'),
    priorityScorecard: scorecard(priorities, rows, 'priorityIds'),
    filters,
    filtered: isFiltered(filters),
    activeFilters: describeFilters(filters, {
      outcomes: outcomes.map((o) => ({ id: o.id, text: o.shortTitle })),
      priorities,
      domains,
      stages,
    }),
    form: {
      outcome: options(
        outcomes.map((o) => ({ id: o.id, text: o.shortTitle })),
        filters.outcome,
        'All outcomes',
      ),
      priority: options(priorities, filters.priority, 'All priorities'),
      status: options(
        Object.values(Status).map((v) => ({ id: v, text: statusWords[v] })),
        filters.status,
        'Any status',
      ),
      domain: options(domains, filters.domain, 'All children’s outcomes'),
      stage: options(stages, filters.stage, 'All stages'),
    },
    rows: shown,
    total: rows.length,
  }
}

type Named = { id: string; text: string }

/** The filters applied, in words, for the line above the table. */
export function describeFilters(
  filters: Filters,
  names: { outcomes: Named[]; priorities: Named[]; domains: Named[]; stages: Named[] },
): string[] {
  const name = (list: Named[], id: string | null) => list.find((x) => x.id === id)?.text
  return [
    filters.outcome && `outcome: ${name(names.outcomes, filters.outcome)}`,
    filters.priority && `priority: ${name(names.priorities, filters.priority)}`,
    filters.status && `status: ${statusWords[filters.status]}`,
    filters.domain && `children’s outcome: ${name(names.domains, filters.domain)}`,
    filters.stage && `life-course stage: ${name(names.stages, filters.stage)}`,
  ].filter((x): x is string => !!x)
}
