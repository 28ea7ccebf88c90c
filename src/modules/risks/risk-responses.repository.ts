/**
 * The responses to a risk: its mitigations and its escalations to boards. Beside risks.repository.ts,
 * which owns the risks themselves.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { MitigationInput } from './risks.domain.js'
import { asDate } from './risks.repository.js'

type Db = Kysely<Database>

export interface Mitigation {
  id: string
  action: string
  ownerRole: string
  /** YYYY-MM-DD. */
  dueDate: string | null
  status: string
  createdAt: Date
}

export interface EscalationRecord {
  riskId: string
  fromBoardId: string | null
  toBoardId: string | null
  toOrganisationId: string | null
  toOrganisationName: string | null
  representativeRole: string | null
  reason: string
  escalatedAt: Date
  escalatedByName: string
}

export async function selectMitigations(db: Db, riskId: string): Promise<Mitigation[]> {
  const rows = await db
    .selectFrom('risk_mitigations')
    .select(['id', 'action', 'owner_role', 'due_date', 'status', 'created_at'])
    .where('risk_id', '=', riskId)
    .orderBy('id')
    .execute()
  return rows.map((m) => ({
    id: String(m.id),
    action: m.action,
    ownerRole: m.owner_role,
    dueDate: m.due_date,
    status: m.status,
    createdAt: asDate(m.created_at),
  }))
}

/** The escalations of these records, oldest first, with the organisation's and the escalator's names. */
export async function selectEscalations(db: Db, riskIds: string[]): Promise<EscalationRecord[]> {
  if (riskIds.length === 0) return []
  const rows = await db
    .selectFrom('risk_escalations as e')
    .innerJoin('users as u', 'u.id', 'e.escalated_by')
    .leftJoin('organisations as o', 'o.id', 'e.to_organisation_id')
    .select([
      'e.risk_id',
      'e.from_board_id',
      'e.to_board_id',
      'e.to_organisation_id',
      'o.name as organisation_name',
      'e.representative_role',
      'e.reason',
      'e.escalated_at',
      'u.display_name',
    ])
    .where('e.risk_id', 'in', riskIds)
    .orderBy('e.escalated_at')
    .orderBy('e.id')
    .execute()
  return rows.map((e) => ({
    riskId: String(e.risk_id),
    fromBoardId: e.from_board_id,
    toBoardId: e.to_board_id,
    toOrganisationId: e.to_organisation_id,
    toOrganisationName: e.organisation_name,
    representativeRole: e.representative_role,
    reason: e.reason,
    escalatedAt: asDate(e.escalated_at),
    escalatedByName: e.display_name,
  }))
}

export async function insertMitigation(
  tx: Db,
  riskId: string,
  input: MitigationInput,
  actorKey: string,
): Promise<string> {
  const row = await tx
    .insertInto('risk_mitigations')
    .values({
      risk_id: riskId,
      action: input.action,
      owner_role: input.ownerRole,
      due_date: input.dueDate,
      status: input.status,
      created_by: actorKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

/** A mitigation's status, if the mitigation (a checked record id) belongs to this record. */
export async function selectMitigationStatus(
  tx: Db,
  riskId: string,
  mitigationId: string,
): Promise<string | undefined> {
  const row = await tx
    .selectFrom('risk_mitigations')
    .select('status')
    .where('id', '=', mitigationId)
    .where('risk_id', '=', riskId)
    .executeTakeFirst()
  return row?.status
}

export async function updateMitigationStatus(tx: Db, mitigationId: string, status: string): Promise<void> {
  await tx
    .updateTable('risk_mitigations')
    .set({ status, updated_at: new Date() })
    .where('id', '=', mitigationId)
    .execute()
}

export interface NewEscalation {
  riskId: string
  fromBoardId: string | null
  toBoardId: string | null
  toOrganisationId: string | null
  representativeRole: string | null
  reason: string
  escalatedBy: string
}

export async function insertEscalation(tx: Db, e: NewEscalation): Promise<string> {
  const row = await tx
    .insertInto('risk_escalations')
    .values({
      risk_id: e.riskId,
      from_board_id: e.fromBoardId,
      to_board_id: e.toBoardId,
      to_organisation_id: e.toOrganisationId,
      representative_role: e.representativeRole,
      reason: e.reason,
      escalated_by: e.escalatedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}
