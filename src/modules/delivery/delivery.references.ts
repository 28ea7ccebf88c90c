/**
 * The checks an action's fields need beyond their shape: that its organisation, intention, priority
 * and indicators exist. Pure over reference data loaded once, so an import checks every row without a
 * query per row (delivery.repository.ts loads it), and the web form and the import say the same things.
 */
import type { ActionField, ActionFields } from './delivery.domain.js'

export interface ReferenceData {
  organisations: { id: string; name: string }[]
  /** Active strategy items an action may point at (strategies, outcomes, intentions, priorities). */
  nodes: { strategyId: string; id: string; kind: string; parentId: string | null }[]
  indicators: Set<string>
}

export interface FieldProblem {
  field: ActionField
  message: string
}

const quoted = (ids: string[]) => ids.map((id) => `"${id}"`).join(', ')

/**
 * The fields with references resolved (an organisation named by its name becomes its id; the
 * strategy is the intention's or priority's; an action with no delivery plan joins its intention's
 * outcome's), and every reference that does not resolve.
 */
export function resolveReferences(
  input: ActionFields,
  refs: ReferenceData,
): { fields: ActionFields; problems: FieldProblem[] } {
  const fields = { ...input }
  const problems: FieldProblem[] = []

  const wanted = fields.organisationId.toLowerCase()
  const organisation =
    refs.organisations.find((o) => o.id === fields.organisationId) ??
    refs.organisations.find((o) => o.id.toLowerCase() === wanted || o.name.toLowerCase() === wanted)
  if (organisation) fields.organisationId = organisation.id
  else problems.push({ field: 'organisationId', message: `There is no organisation "${fields.organisationId}"` })

  if (fields.strategyId && !refs.nodes.some((n) => n.kind === 'strategy' && n.id === fields.strategyId)) {
    problems.push({ field: 'strategyId', message: `There is no strategy "${fields.strategyId}"` })
    return { fields, problems }
  }

  const find = (kind: 'intention' | 'priority', id: string, strategyId: string | undefined) => {
    const found = refs.nodes.filter(
      (n) => n.kind === kind && n.id === id && (!strategyId || n.strategyId === strategyId),
    )
    if (found.length === 1) return found[0]!
    const field = kind === 'intention' ? 'intentionId' : 'priorityId'
    problems.push({
      field,
      message: found.length
        ? `The ${kind} "${id}" is in more than one strategy (${found.map((n) => n.strategyId).join(', ')}): name the strategy`
        : `There is no ${kind} "${id}"${strategyId ? ` in the strategy "${strategyId}"` : ''}`,
    })
    return undefined
  }
  const intention = fields.intentionId ? find('intention', fields.intentionId, fields.strategyId) : undefined
  const priority = fields.priorityId
    ? find('priority', fields.priorityId, fields.strategyId ?? intention?.strategyId)
    : undefined
  fields.strategyId = intention?.strategyId ?? priority?.strategyId ?? fields.strategyId
  if (intention && !fields.deliveryPlan) fields.deliveryPlan = intention.parentId ?? undefined

  const missing = fields.indicatorIds.filter((id) => !refs.indicators.has(id))
  if (missing.length) {
    problems.push({
      field: 'indicatorIds',
      message:
        missing.length === 1
          ? `There is no indicator ${quoted(missing)}`
          : `There are no indicators ${quoted(missing)}`,
    })
  }
  return { fields, problems }
}
