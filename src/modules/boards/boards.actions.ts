/**
 * The tracked actions that arose at a meeting, as the meeting's page lists them. The delivery
 * module owns actions; this only reads them through its service (by the ids meeting_actions
 * holds), with its words for status and its rule for overdue. Boards depend on delivery, never
 * the other way round.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isOverdue, statusLabel, statusTagClass } from '../delivery/delivery.domain.js'
import { actionsWithIds } from '../delivery/delivery.service.js'
import { formatDate, todayInLondon } from '../../lib/dates.js'

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
  const today = todayInLondon()
  return (await actionsWithIds(db, actionIds)).map((a) => ({
    id: a.id,
    reference: a.reference,
    title: a.title,
    status: a.status,
    statusLabel: statusLabel(a.status),
    statusTag: statusTagClass(a.status),
    organisationName: a.organisationName,
    leadRole: a.leadRole,
    dueDate: a.dueDate,
    due: formatDate(a.dueDate),
    overdue: isOverdue({ status: a.status, dueDate: a.dueDate }, today),
    href: `/actions/${a.id}`,
  }))
}
