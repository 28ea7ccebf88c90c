/**
 * What the action pages show, built from stored records and the strategy's read model. Pure: the
 * routes load, these shape.
 */
import type { FormErrors } from '../../web/forms.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { hrefFor, linkTo } from '../strategy/strategy.links.js'
import { partsOf as dateParts, formatDate, londonDate, type IsoDate } from '../../lib/dates.js'
import {
  actionStatuses,
  interventionInfo,
  interventionLevels,
  isOverdue,
  isStale,
  milestoneOverdue,
  statusInfo,
  statusLabel,
  statusTagClass,
  weeksSinceUpdate,
  type ActionField,
  type InterventionLevel,
} from './delivery.domain.js'
import type { ActionRecord } from './delivery.repository.js'
import type { MilestoneRecord, ProgressUpdateRecord } from './delivery.milestones.repository.js'

/** The radio that reveals the workstream's name. */
export const WORKSTREAM = '_workstream'

const DATE_FIELDS = new Set(['startDate', 'dueDate', 'updateDate'])

/**
 * GOV.UK errors from field problems: the summary links to the field itself (a date input's day box,
 * the first radio or checkbox), and each field shows its own message.
 */
export function toFormErrors(problems: { field: string; message: string }[], idPrefix = ''): FormErrors {
  const fields: Record<string, { text: string }> = {}
  const summary: { text: string; href: string }[] = []
  for (const { field, message } of problems) {
    if (fields[field]) continue
    fields[field] = { text: message }
    summary.push({ text: message, href: `#${idPrefix}${field}${DATE_FIELDS.has(field) ? '-day' : ''}` })
  }
  return { summary, fields }
}

/** Text as typed, one paragraph per line, so line breaks survive without markup. */
const paragraphs = (text: string | null) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text)

const shortTitle = (item: Item) => String(item.detail.shortTitle ?? item.title)

export interface Choices {
  strategyId: string
  outcomes: Item[]
  intentions: Item[]
  priorities: Item[]
  indicatorGroups: { legend: string; indicators: Item[] }[]
}

/** The primary strategy's outcomes, intentions, priorities and indicators, for the form's choices. */
export function strategyChoices(m: StrategyReadModel): Choices | null {
  const strategy = m.strategies[0]
  if (!strategy) return null
  const outcomes = m.items(strategy.id, 'outcome')
  const indicators = m.items(strategy.id, 'indicator')
  const columnOf = (i: Item) => m.from(i, 'in_column', 'outcome')[0]?.item.id
  const groups = outcomes.map((o) => ({
    legend: `${shortTitle(o)} indicators`,
    indicators: indicators.filter((i) => columnOf(i) === o.id),
  }))
  const others = indicators.filter((i) => !outcomes.some((o) => o.id === columnOf(i)))
  return {
    strategyId: strategy.id,
    outcomes,
    intentions: outcomes.flatMap((o) => m.children(o, 'intention')),
    priorities: m.items(strategy.id, 'priority'),
    indicatorGroups: [...groups, { legend: 'Other indicators', indicators: others }].filter((g) => g.indicators.length),
  }
}

/** The outcome whose delivery plan this is, when the plan is an outcome's. */
export function planOutcome(m: StrategyReadModel, plan: string | null): Item | undefined {
  if (!plan) return undefined
  const primary = m.strategies[0]
  return primary ? m.find('outcome', plan, primary.id) : undefined
}

export function planName(m: StrategyReadModel, plan: string | null): string {
  if (!plan) return 'Not in a delivery plan'
  const outcome = planOutcome(m, plan)
  return outcome ? `${shortTitle(outcome)} delivery plan` : plan
}

/** An action as a row of a list, with what is derived from its dates written in words. */
export function actionRow(record: ActionRecord, today: IsoDate) {
  const weeks = weeksSinceUpdate(record, today)
  return {
    id: record.id,
    href: `/actions/${record.id}`,
    reference: record.reference,
    title: record.title,
    organisationName: record.organisationName,
    leadRole: record.leadRole,
    dueDateText: formatDate(record.dueDate),
    statusLabel: statusLabel(record.status),
    statusClass: statusTagClass(record.status),
    overdue: isOverdue(record, today),
    stale: isStale(record, today),
    staleText: `No update for ${weeks} week${weeks === 1 ? '' : 's'}`,
    lastUpdateText: record.lastUpdateDate ? formatDate(record.lastUpdateDate) : null,
  }
}

/** Actions grouped by delivery plan: the outcomes' plans in the strategy's order, then workstreams, then the rest. */
export function groupByPlan(m: StrategyReadModel, records: ActionRecord[], today: IsoDate) {
  const primary = m.strategies[0]
  const outcomeOrder = primary ? m.items(primary.id, 'outcome').map((o) => o.id) : []
  const plans = [...new Set(records.map((r) => r.deliveryPlan))].sort((a, b) => {
    const rank = (p: string | null) =>
      p === null ? [2, 0] : outcomeOrder.includes(p) ? [0, outcomeOrder.indexOf(p)] : [1, 0]
    const [ra, rb] = [rank(a), rank(b)]
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || String(a).localeCompare(String(b))
  })
  return plans.map((plan) => {
    const outcome = planOutcome(m, plan)
    return {
      heading: planName(m, plan),
      outcome: outcome ? { ...linkTo(m, outcome), statement: outcome.text ?? outcome.title } : null,
      actions: records.filter((r) => r.deliveryPlan === plan).map((r) => actionRow(r, today)),
    }
  })
}

/** Everything the action's own page shows. */
export function actionDetail(
  m: StrategyReadModel,
  record: ActionRecord,
  linked: { id: string; name: string }[],
  milestones: MilestoneRecord[],
  updates: ProgressUpdateRecord[],
  today: IsoDate,
  showAuthors: boolean,
) {
  const node = (kind: 'intention' | 'priority', id: string | null) => {
    if (!id) return null
    const item = record.strategyId ? m.find(kind, id, record.strategyId) : m.find(kind, id)
    if (!item) return { text: id, href: null }
    if (kind === 'priority') return linkTo(m, item)
    const outcome = m.parent(item)
    return linkTo(m, item, `${outcome ? `${shortTitle(outcome)} intention ${item.number}: ` : ''}${item.title}`)
  }
  const outcome = planOutcome(m, record.deliveryPlan)
  return {
    ...actionRow(record, today),
    descriptionParagraphs: paragraphs(record.description),
    startDateText: formatDate(record.startDate),
    planName: planName(m, record.deliveryPlan),
    planOutcome: outcome ? linkTo(m, outcome) : null,
    planHref: record.deliveryPlan ? `/actions?plan=${encodeURIComponent(record.deliveryPlan)}` : null,
    intention: node('intention', record.intentionId),
    priority: node('priority', record.priorityId),
    interventionLabel: record.interventionLevel
      ? (interventionInfo[record.interventionLevel as InterventionLevel]?.label ?? record.interventionLevel)
      : null,
    origin: record.origin,
    archived: record.archivedAt !== null,
    archivedText: record.archivedAt ? formatDate(londonDate(record.archivedAt)) : null,
    indicators: linked.map((i) => {
      const item = m.find('indicator', i.id)
      return { text: i.name, href: item ? hrefFor(m, item) : `/indicators/${encodeURIComponent(i.id)}` }
    }),
    milestones: milestones.map((ms) => ({
      ...ms,
      dueDateText: formatDate(ms.dueDate),
      completedOnText: formatDate(ms.completedOn),
      overdue: milestoneOverdue(ms, today),
    })),
    updates: updates.map((u) => ({
      dateText: formatDate(u.updateDate),
      statusLabel: statusLabel(u.status),
      statusClass: statusTagClass(u.status),
      paragraphs: paragraphs(u.commentary),
      // The public sees which organisation spoke; partners also see the account's display name.
      by: [showAuthors ? u.authorName : null, u.authorOrganisation].filter(Boolean).join(', ') || null,
    })),
  }
}

// ---- form items ----------------------------------------------------------------------------------

type Values = Record<string, unknown>
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v)
const text = (v: unknown) => (typeof one(v) === 'string' ? (one(v) as string) : '')

export function statusItems(selected: unknown) {
  return actionStatuses.map((s) => ({ value: s, text: statusInfo[s].label, checked: s === text(selected) }))
}

export function levelItems(selected: unknown) {
  return interventionLevels.map((l) => ({
    value: l,
    text: interventionInfo[l].label,
    hint: { text: interventionInfo[l].hint },
    checked: l === text(selected),
  }))
}

/** Day, month and year boxes of a GOV.UK date input, with what was typed. */
export function dateItems(values: Values, name: string, hasError: boolean) {
  const error = hasError ? ' govuk-input--error' : ''
  return [
    { name: 'day', classes: `govuk-input--width-2${error}`, value: text(values[`${name}-day`]) },
    { name: 'month', classes: `govuk-input--width-2${error}`, value: text(values[`${name}-month`]) },
    { name: 'year', classes: `govuk-input--width-4${error}`, value: text(values[`${name}-year`]) },
  ]
}

/** The form's fields for an existing action: what the edit form starts with. */
export function formValuesOf(m: StrategyReadModel, record: ActionRecord, indicatorIds: string[]): Values {
  const start = dateParts(record.startDate)
  const due = dateParts(record.dueDate)
  const isOutcomePlan = planOutcome(m, record.deliveryPlan) !== undefined
  return {
    title: record.title,
    description: record.description ?? '',
    organisationId: record.organisationId,
    leadRole: record.leadRole,
    deliveryPlan: record.deliveryPlan === null ? '' : isOutcomePlan ? record.deliveryPlan : WORKSTREAM,
    workstream: record.deliveryPlan !== null && !isOutcomePlan ? record.deliveryPlan : '',
    intentionId: record.intentionId ?? '',
    priorityId: record.priorityId ?? '',
    'startDate-day': start.day,
    'startDate-month': start.month,
    'startDate-year': start.year,
    'dueDate-day': due.day,
    'dueDate-month': due.month,
    'dueDate-year': due.year,
    status: record.status,
    interventionLevel: record.interventionLevel ?? '',
    indicatorIds,
  }
}

/** The form's choices, each marked with what is selected. */
export function formChoices(choices: Choices, values: Values) {
  const selected = new Set(
    (Array.isArray(values.indicatorIds) ? values.indicatorIds : [values.indicatorIds]).map(String),
  )
  const outcomeOf = new Map(choices.outcomes.map((o) => [o.id, shortTitle(o)]))
  return {
    planItems: choices.outcomes.map((o) => ({
      value: o.id,
      text: `${shortTitle(o)} delivery plan`,
      hint: { text: `Outcome: ${o.text ?? o.title}` },
      checked: text(values.deliveryPlan) === o.id,
    })),
    workstreamChecked: text(values.deliveryPlan) === WORKSTREAM,
    intentionItems: [
      { value: '', text: 'None' },
      ...choices.intentions.map((i) => ({
        value: i.id,
        text: `${outcomeOf.get(i.parentId ?? '') ?? ''} intention ${i.number}: ${truncate(i.title, 90)}`,
        selected: text(values.intentionId) === i.id,
      })),
    ],
    priorityItems: [
      { value: '', text: 'None' },
      ...choices.priorities.map((p) => ({ value: p.id, text: p.title, selected: text(values.priorityId) === p.id })),
    ],
    indicatorGroups: choices.indicatorGroups.map((g, i) => ({
      legend: g.legend,
      idPrefix: i === 0 ? 'indicatorIds' : `indicatorIds-group-${i + 1}`,
      items: g.indicators.map((ind) => ({ value: ind.id, text: ind.title, checked: selected.has(ind.id) })),
    })),
  }
}

/** Which schema fields the action form shows, to map a problem on a hidden field to one it does. */
export const formFieldOf = (field: ActionField): string =>
  field === 'strategyId' ? 'intentionId' : field === 'origin' ? 'title' : field
