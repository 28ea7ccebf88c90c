/**
 * The tracked actions that arose at a meeting, as the meeting's page lists them. The delivery
 * module owns actions; this only reads them (by the ids meeting_actions holds), with its words for
 * status and its rule for overdue.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isOverdue, statusLabel, statusTagClass } from '../delivery/delivery.domain.js'
import { formatDate, todayInLondon as londonToday } from '../../lib/dates.js'

export interface ActionArising {
  id: string
  reference: string
  title: string
  status: string
  statusLabel: string
  statusTag: string
  organisationName: string
  leadRole: string
  dueDate: string | null
  due: string
  overdue: boolean
  href: string
}

export async function actionsArising(db: Kysely<Database>, actionIds: string[]): Promise<ActionArising[]> {
  if (!actionIds.length) return []
  const rows = await db
    .selectFrom('actions as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.reference', 'a.title', 'a.status', 'a.lead_role', 'o.name as organisation_name'])
    .select(sql<string | null>`to_char(a.due_date, 'YYYY-MM-DD')`.as('due_date'))
    .where('a.id', 'in', actionIds)
    .execute()
  const byId = new Map(rows.map((r) => [String(r.id), r]))
  const today = londonToday()
  return actionIds.flatMap((id) => {
    const r = byId.get(id)
    if (!r) return []
    return [
      {
        id,
        reference: r.reference,
        title: r.title,
        status: r.status,
        statusLabel: statusLabel(r.status),
        statusTag: statusTagClass(r.status),
        organisationName: r.organisation_name,
        leadRole: r.lead_role,
        dueDate: r.due_date,
        due: formatDate(r.due_date),
        overdue: isOverdue({ status: r.status, dueDate: r.due_date }, today),
        href: `/actions/${id}`,
      },
    ]
  })
}
