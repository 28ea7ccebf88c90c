/**
 * The actions as open data (CSV and JSON): one row per action with its references, dates, status
 * and what is worked out on the day of download. Pure: the route loads, this shapes. The columns
 * load back through the import (delivery.import.ts reads past the worked-out ones).
 */
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import type { IsoDate } from '../../lib/dates.js'
import { isOverdue, statusLabel, weeksSinceUpdate } from './delivery.domain.js'
import type { ActionRecord } from './delivery.repository.js'
import { planName } from './delivery.views.js'

const COLUMNS = [
  'reference',
  'title',
  'description',
  'intention',
  'priority',
  'delivery_plan',
  'delivery_plan_name',
  'organisation',
  'organisation_name',
  'lead_role',
  'start_date',
  'due_date',
  'status',
  'status_label',
  'intervention_level',
  'indicators',
  'last_update',
  'weeks_since_update',
  'overdue',
  'url',
] as const

export function actionsTable(
  m: StrategyReadModel,
  records: ActionRecord[],
  links: Map<string, string[]>,
  today: IsoDate,
) {
  return {
    name: 'actions',
    title: 'Best Chance actions: owners, dates, status and progress',
    source:
      'Action plans recorded by the partnership’s organisations in Best Chance; overdue and weeks since update are worked out on the day of download',
    columns: COLUMNS.map((key) => ({ key, header: key })),
    rows: records.map((r) => ({
      reference: r.reference,
      title: r.title,
      description: r.description,
      intention: r.intentionId,
      priority: r.priorityId,
      delivery_plan: r.deliveryPlan,
      delivery_plan_name: planName(m, r.deliveryPlan),
      organisation: r.organisationId,
      organisation_name: r.organisationName,
      lead_role: r.leadRole,
      start_date: r.startDate,
      due_date: r.dueDate,
      status: r.status,
      status_label: statusLabel(r.status),
      intervention_level: r.interventionLevel,
      indicators: (links.get(r.id) ?? []).join('; '),
      last_update: r.lastUpdateDate,
      weeks_since_update: weeksSinceUpdate(r, today),
      overdue: isOverdue(r, today),
      url: `/actions/${r.id}`,
    })),
  }
}
