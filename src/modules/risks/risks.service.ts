/**
 * Changes to the risk and issue log, and the reads other modules use. Each change is one
 * transaction that writes the record, its audit event (before and after) and the data version.
 * Nothing is deleted: a risk is archived; a link taken off is archived; escalations are only added.
 * Audit entity type 'risk' (id: the risk's id); mitigations are recorded on their risk's trail.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { bumpDataVersion } from '../../db/data-version.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { SessionUser } from '../accounts/access.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import {
  escalationTargets,
  formatReference,
  STATUS_LABELS,
  type EscalationInput,
  type Kind,
  type MitigationInput,
  type MitigationStatus,
  type RiskInput,
  type Status,
} from './risks.domain.js'

export type Actor = SessionUser | string

/** The audit trail's "who": an account as the accounts module writes it, or a process ("import:risks.csv"). */
export const actorName = (actor: Actor) => (typeof actor === 'string' ? actor : `user:${actor.id} ${actor.email}`)

export interface Problem {
  field: string
  message: string
}

/** The record cannot be stored as given; each problem names the form field it belongs to. */
export class RiskProblems extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '))
  }
}

export interface RiskSummary {
  id: string
  reference: string
  kind: 'risk' | 'issue'
  title: string
  residualScore: number | null
  status: string
  statusLabel: string
  organisationName: string
  href: string
}

export interface EscalationView {
  from: string
  to: string
  by: string
  at: string
  reason: string
  fromBoardId: string | null
  toBoardId: string | null
  toOrganisationId: string | null
}

export const riskHref = (id: string) => `/risks/${id}`

// ---------------------------------------------------------------------------------------------
// Reads

const dateText = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`

/** The columns every read of a risk selects, dates as YYYY-MM-DD text. */
function riskColumns(db: Kysely<Database>) {
  return db
    .selectFrom('risks as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.id',
      'r.reference',
      'r.kind',
      'r.title',
      'r.cause',
      'r.effect',
      'r.organisation_id',
      'o.name as organisation_name',
      'r.owner_role',
      'r.inherent_likelihood',
      'r.inherent_impact',
      'r.residual_likelihood',
      'r.residual_impact',
      dateText('r.review_date').as('review_date'),
      'r.status',
      'r.current_board_id',
      'r.created_by',
      'r.created_at',
      'r.updated_by',
      'r.updated_at',
      'r.archived_at',
    ])
}

export type RiskRow = Awaited<ReturnType<ReturnType<typeof riskColumns>['executeTakeFirstOrThrow']>>

export const residualScore = (r: Pick<RiskRow, 'kind' | 'residual_likelihood' | 'residual_impact'>) =>
  r.kind === 'risk' && r.residual_likelihood !== null ? r.residual_likelihood * r.residual_impact : null
export const inherentScore = (r: Pick<RiskRow, 'kind' | 'inherent_likelihood' | 'inherent_impact'>) =>
  r.kind === 'risk' && r.inherent_likelihood !== null && r.inherent_impact !== null ? r.inherent_likelihood * r.inherent_impact : null

function summary(r: RiskRow): RiskSummary {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    residualScore: residualScore(r),
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    organisationName: r.organisation_name,
    href: riskHref(r.id),
  }
}

export interface RiskFilters {
  organisationId?: string
  boardId?: string
  status?: string
  /** Scores between these (inclusive), on the residual or inherent scores; risks only. */
  score?: { min: number; max: number; on: 'residual' | 'inherent' }
  kind?: Kind
}

/** The log, archived records left out; risks by residual score (highest first), issues by impact. */
export async function listRisks(db: Kysely<Database>, filters: RiskFilters = {}): Promise<RiskRow[]> {
  let q = riskColumns(db).where('r.archived_at', 'is', null)
  if (filters.organisationId) q = q.where('r.organisation_id', '=', filters.organisationId)
  if (filters.boardId) q = q.where('r.current_board_id', '=', filters.boardId)
  if (filters.status) q = q.where('r.status', '=', filters.status)
  if (filters.kind) q = q.where('r.kind', '=', filters.kind)
  if (filters.score) {
    const [l, i] = filters.score.on === 'residual' ? (['r.residual_likelihood', 'r.residual_impact'] as const) : (['r.inherent_likelihood', 'r.inherent_impact'] as const)
    const product = sql<number>`${sql.ref(l)} * ${sql.ref(i)}`
    q = q.where('r.kind', '=', 'risk').where(product, '>=', filters.score.min).where(product, '<=', filters.score.max)
  }
  return q
    .orderBy(sql`coalesce(r.residual_likelihood, 1) * r.residual_impact`, 'desc')
    .orderBy('r.reference')
    .execute()
}

export async function findRisk(db: Kysely<Database>, id: string): Promise<RiskRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined
  return riskColumns(db).where('r.id', '=', id).executeTakeFirst()
}

export async function findRiskByReference(db: Kysely<Database>, reference: string): Promise<RiskRow | undefined> {
  return riskColumns(db).where('r.reference', '=', reference).executeTakeFirst()
}

export async function findMitigations(db: Kysely<Database>, riskId: string) {
  return db
    .selectFrom('risk_mitigations')
    .select(['id', 'action', 'owner_role', dateText('due_date').as('due_date'), 'status', 'created_at'])
    .where('risk_id', '=', riskId)
    .orderBy('id')
    .execute()
}

export async function findLinks(db: Kysely<Database>, riskId: string) {
  return db
    .selectFrom('risk_links')
    .select(['target_kind', 'target_id'])
    .where('risk_id', '=', riskId)
    .where('archived_at', 'is', null)
    .orderBy('target_kind', 'desc')
    .orderBy('target_id')
    .execute()
}

/** Each risk's escalations in order, with names for boards, organisations and who escalated. */
export async function findEscalations(db: Kysely<Database>, riskIds: string[]): Promise<Map<string, EscalationView[]>> {
  const byRisk = new Map<string, EscalationView[]>()
  if (riskIds.length === 0) return byRisk
  const rows = await db
    .selectFrom('risk_escalations as e')
    .innerJoin('users as u', 'u.id', 'e.escalated_by')
    .leftJoin('organisations as o', 'o.id', 'e.to_organisation_id')
    .select(['e.risk_id', 'e.from_board_id', 'e.to_board_id', 'e.to_organisation_id', 'o.name as organisation_name', 'e.representative_role', 'e.reason', 'e.escalated_at', 'u.display_name'])
    .where('e.risk_id', 'in', riskIds)
    .orderBy('e.escalated_at')
    .orderBy('e.id')
    .execute()
  const names = await boardNames(db)
  const board = (id: string | null) => (id === null ? 'Not on a board' : (names.get(id) ?? id))
  for (const e of rows) {
    const list = byRisk.get(e.risk_id) ?? []
    list.push({
      from: board(e.from_board_id),
      to: e.to_board_id !== null ? board(e.to_board_id) : `${e.organisation_name ?? e.to_organisation_id}, through its representative (${e.representative_role})`,
      by: e.display_name,
      at: new Date(e.escalated_at).toISOString(),
      reason: e.reason,
      fromBoardId: e.from_board_id,
      toBoardId: e.to_board_id,
      toOrganisationId: e.to_organisation_id,
    })
    byRisk.set(e.risk_id, list)
  }
  return byRisk
}

/** Bodies' names by id, from the stored strategies (this read has the database, not the read model). */
async function boardNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('strategy_nodes').select(['id', 'title']).where('kind', '=', 'body').where('archived_at', 'is', null).execute()
  const names = new Map<string, string>()
  for (const r of rows) if (!names.has(r.id)) names.set(r.id, r.title)
  return names
}

/**
 * The risks and issues a board holds or has held: those sitting at it now, and those whose
 * escalations ever reached it, each with its whole escalation history (oldest first).
 */
export async function risksEscalatedTo(db: Kysely<Database>, boardId: string): Promise<(RiskSummary & { escalations: EscalationView[] })[]> {
  const rows = await riskColumns(db)
    .where('r.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('r.current_board_id', '=', boardId),
        eb.exists(eb.selectFrom('risk_escalations as e').select('e.id').whereRef('e.risk_id', '=', 'r.id').where('e.to_board_id', '=', boardId)),
      ]),
    )
    .orderBy('r.reference')
    .execute()
  const escalations = await findEscalations(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...summary(r), escalations: escalations.get(r.id) ?? [] }))
}

export async function risksForOrganisation(db: Kysely<Database>, organisationId: string): Promise<RiskSummary[]> {
  return (await listRisks(db, { organisationId })).map(summary)
}

// ---------------------------------------------------------------------------------------------
// Checks that need the database and the strategy

/** The existence checks the schema cannot make: organisation, board, outcomes and indicators. */
export async function checkReferences(
  db: Kysely<Database>,
  model: StrategyReadModel,
  input: Pick<RiskInput, 'organisationId' | 'currentBoardId' | 'outcomeIds' | 'indicatorIds'>,
): Promise<Problem[]> {
  const problems: Problem[] = []
  const organisation = await db.selectFrom('organisations').select('id').where('id', '=', input.organisationId).where('archived_at', 'is', null).executeTakeFirst()
  if (!organisation) problems.push({ field: 'organisationId', message: `There is no organisation "${input.organisationId}"` })
  if (input.currentBoardId !== null && !model.find('body', input.currentBoardId)) {
    problems.push({ field: 'currentBoardId', message: `There is no board or body "${input.currentBoardId}" in the strategies` })
  }
  const unknownOutcomes = input.outcomeIds.filter((id) => !model.find('outcome', id))
  if (unknownOutcomes.length) problems.push({ field: 'outcomeIds', message: `No outcome has the id ${unknownOutcomes.map((id) => `"${id}"`).join(', ')}` })
  const unknownIndicators = input.indicatorIds.filter((id) => !model.find('indicator', id))
  if (unknownIndicators.length) problems.push({ field: 'indicatorIds', message: `No indicator has the id ${unknownIndicators.map((id) => `"${id}"`).join(', ')}` })
  return problems
}

/** What changing an existing record may not do: change its kind, or move board other than by escalation. */
export function checkUpdate(existing: RiskRow, input: RiskInput): Problem[] {
  const problems: Problem[] = []
  if (existing.archived_at) problems.push({ field: 'reference', message: `${existing.reference} is archived and cannot be changed` })
  if (input.kind !== existing.kind) problems.push({ field: 'kind', message: `${existing.reference} is ${existing.kind === 'risk' ? 'a risk' : 'an issue'}: its kind cannot change` })
  if (input.currentBoardId !== null && input.currentBoardId !== existing.current_board_id) {
    problems.push({ field: 'currentBoardId', message: `${existing.reference} sits at "${existing.current_board_id ?? 'no board'}": a risk moves between boards only by escalation, which records who, when and why` })
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// Changes

/** The record as the audit trail keeps it: its fields and its active links. */
async function snapshot(db: Kysely<Database>, id: string) {
  const row = await riskColumns(db).where('r.id', '=', id).executeTakeFirstOrThrow()
  const links = await findLinks(db, id)
  const { organisation_name: _name, created_at: _c, updated_at: _u, ...fields } = row
  return {
    ...fields,
    archived_at: row.archived_at ? new Date(row.archived_at).toISOString() : null,
    outcomes: links.filter((l) => l.target_kind === 'outcome').map((l) => l.target_id),
    indicators: links.filter((l) => l.target_kind === 'indicator').map((l) => l.target_id),
  }
}

const scoreColumns = (input: RiskInput) => ({
  inherent_likelihood: input.kind === 'risk' ? input.inherentLikelihood : null,
  inherent_impact: input.kind === 'risk' ? input.inherentImpact : null,
  residual_likelihood: input.kind === 'risk' ? input.residualLikelihood : null,
  residual_impact: input.residualImpact!,
})

/** Adds a risk or issue with the next reference of its kind. No transaction of its own: `createRisk` and the import call it inside theirs. */
export async function insertRisk(tx: Kysely<Database>, input: RiskInput, actor: Actor): Promise<{ id: string; reference: string }> {
  const who = actorName(actor)
  // One allocation at a time, so two people logging risks at once never get the same number.
  await sql`select pg_advisory_xact_lock(hashtext('risks.reference'))`.execute(tx)
  const ref = formatReference(input.kind, await nextNumber(tx, input.kind))
  const row = await tx
    .insertInto('risks')
    .values({
      reference: ref,
      kind: input.kind,
      title: input.title,
      cause: input.cause,
      effect: input.effect,
      organisation_id: input.organisationId,
      owner_role: input.ownerRole,
      ...scoreColumns(input),
      review_date: input.reviewDate,
      status: input.status,
      current_board_id: input.currentBoardId,
      created_by: who,
      updated_by: who,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await setLinks(tx, row.id, input)
  await recordAudit(tx, { actor: who, action: 'create', entityType: 'risk', entityId: row.id, before: null, after: await snapshot(tx, row.id) })
  await bumpDataVersion(tx)
  return { id: row.id, reference: ref }
}

async function nextNumber(tx: Kysely<Database>, kind: Kind): Promise<number> {
  const row = await tx
    .selectFrom('risks')
    .select(sql<number | null>`max(substring(reference from 5)::int)`.as('n'))
    .where('kind', '=', kind)
    .executeTakeFirst()
  return Number(row?.n ?? 0) + 1
}

/** Updates a record's fields, scores, status, review date and links. No transaction of its own. */
export async function applyUpdate(tx: Kysely<Database>, existing: RiskRow, input: RiskInput, actor: Actor): Promise<void> {
  const who = actorName(actor)
  const before = await snapshot(tx, existing.id)
  await tx
    .updateTable('risks')
    .set({
      title: input.title,
      cause: input.cause,
      effect: input.effect,
      organisation_id: input.organisationId,
      owner_role: input.ownerRole,
      ...scoreColumns(input),
      review_date: input.reviewDate,
      status: input.status,
      updated_by: who,
      updated_at: new Date(),
    })
    .where('id', '=', existing.id)
    .execute()
  await setLinks(tx, existing.id, input)
  await recordAudit(tx, { actor: who, action: 'update', entityType: 'risk', entityId: existing.id, before, after: await snapshot(tx, existing.id) })
  await bumpDataVersion(tx)
}

/** Makes the active links exactly the input's: new ones added (or restored), dropped ones archived. */
async function setLinks(tx: Kysely<Database>, riskId: string, input: RiskInput) {
  const wanted = [
    ...input.outcomeIds.map((id) => ({ target_kind: 'outcome' as const, target_id: id })),
    ...input.indicatorIds.map((id) => ({ target_kind: 'indicator' as const, target_id: id })),
  ]
  const key = (l: { target_kind: string; target_id: string }) => `${l.target_kind}:${l.target_id}`
  const wantedKeys = new Set(wanted.map(key))
  const current = await findLinks(tx, riskId)
  for (const l of current.filter((c) => !wantedKeys.has(key(c)))) {
    await tx
      .updateTable('risk_links')
      .set({ archived_at: new Date() })
      .where('risk_id', '=', riskId)
      .where('target_kind', '=', l.target_kind)
      .where('target_id', '=', l.target_id)
      .execute()
  }
  if (wanted.length) {
    await tx
      .insertInto('risk_links')
      .values(wanted.map((l) => ({ risk_id: riskId, ...l, archived_at: null })))
      .onConflict((oc) => oc.columns(['risk_id', 'target_kind', 'target_id']).doUpdateSet({ archived_at: null }))
      .execute()
  }
}

export async function createRisk(db: Kysely<Database>, model: StrategyReadModel, input: RiskInput, actor: Actor): Promise<{ id: string; reference: string }> {
  const problems = await checkReferences(db, model, input)
  if (problems.length) throw new RiskProblems(problems)
  return db.transaction().execute((tx) => insertRisk(tx, input, actor))
}

export async function updateRisk(db: Kysely<Database>, model: StrategyReadModel, id: string, input: RiskInput, actor: Actor): Promise<void> {
  const existing = await findRisk(db, id)
  if (!existing) throw new RiskProblems([{ field: 'reference', message: `There is no risk or issue ${id}` }])
  const problems = [...checkUpdate(existing, input), ...(await checkReferences(db, model, input))]
  if (problems.length) throw new RiskProblems(problems)
  await db.transaction().execute((tx) => applyUpdate(tx, existing, input, actor))
}

export async function addMitigation(db: Kysely<Database>, riskId: string, input: MitigationInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const who = actorName(actor)
    const risk = await liveRisk(tx, riskId)
    const row = await tx
      .insertInto('risk_mitigations')
      .values({ risk_id: risk.id, action: input.action, owner_role: input.ownerRole, due_date: input.dueDate, status: input.status, created_by: who })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx.updateTable('risks').set({ updated_by: who, updated_at: new Date() }).where('id', '=', risk.id).execute()
    await recordAudit(tx, { actor: who, action: 'mitigation.add', entityType: 'risk', entityId: risk.id, before: null, after: { mitigation: row.id, ...input } })
    await bumpDataVersion(tx)
    return row.id
  })
}

export async function setMitigationStatus(db: Kysely<Database>, riskId: string, mitigationId: string, status: MitigationStatus, actor: Actor): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const who = actorName(actor)
    const risk = await liveRisk(tx, riskId)
    const before = /^\d{1,18}$/.test(mitigationId)
      ? await tx.selectFrom('risk_mitigations').select(['id', 'status']).where('id', '=', mitigationId).where('risk_id', '=', risk.id).executeTakeFirst()
      : undefined
    if (!before) throw new RiskProblems([{ field: 'mitigation', message: `There is no mitigation ${mitigationId} on ${risk.reference}` }])
    if (before.status === status) return
    await tx.updateTable('risk_mitigations').set({ status, updated_at: new Date() }).where('id', '=', mitigationId).execute()
    await tx.updateTable('risks').set({ updated_by: who, updated_at: new Date() }).where('id', '=', risk.id).execute()
    await recordAudit(tx, {
      actor: who,
      action: 'mitigation.status',
      entityType: 'risk',
      entityId: risk.id,
      before: { mitigation: mitigationId, status: before.status },
      after: { mitigation: mitigationId, status },
    })
    await bumpDataVersion(tx)
  })
}

/**
 * Escalates a risk one step up the board network (moving where it sits), or out to a partner
 * organisation through its representative (it stays where it sits). Only to a body on the computed
 * path; never a closed or archived risk. Records who, when and why, append-only.
 */
export async function escalateRisk(db: Kysely<Database>, model: StrategyReadModel, riskId: string, input: EscalationInput, user: SessionUser): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const who = actorName(user)
    const risk = await liveRisk(tx, riskId)
    if (risk.status === 'closed') throw new RiskProblems([{ field: 'target', message: `${risk.reference} is closed: reopen it before escalating it` }])
    let toBoardId: string | null = null
    let toOrganisationId: string | null = null
    if (input.target.startsWith('board:')) {
      toBoardId = input.target.slice('board:'.length)
      const allowed = escalationTargets(model, risk.current_board_id)
      if (!allowed.some((b) => b.id === toBoardId)) {
        const from = risk.current_board_id ? (model.find('body', risk.current_board_id)?.title ?? risk.current_board_id) : 'no board'
        const to = model.find('body', toBoardId)?.title ?? toBoardId
        throw new RiskProblems([{ field: 'target', message: `${to} is not a next step from ${from}: choose one of the bodies listed` }])
      }
    } else {
      toOrganisationId = input.organisationId
      const organisation = toOrganisationId
        ? await tx.selectFrom('organisations').select('id').where('id', '=', toOrganisationId).where('archived_at', 'is', null).executeTakeFirst()
        : undefined
      if (!organisation) throw new RiskProblems([{ field: 'organisationId', message: 'Select a partner organisation from the list' }])
    }
    const before = await snapshot(tx, risk.id)
    const escalation = await tx
      .insertInto('risk_escalations')
      .values({
        risk_id: risk.id,
        from_board_id: risk.current_board_id,
        to_board_id: toBoardId,
        to_organisation_id: toOrganisationId,
        representative_role: toOrganisationId ? input.representativeRole : null,
        reason: input.reason,
        escalated_by: user.id,
      })
      .returning(['id', 'escalated_at'])
      .executeTakeFirstOrThrow()
    await tx
      .updateTable('risks')
      .set({ ...(toBoardId ? { current_board_id: toBoardId } : {}), updated_by: who, updated_at: new Date() })
      .where('id', '=', risk.id)
      .execute()
    const after = await snapshot(tx, risk.id)
    await recordAudit(tx, {
      actor: who,
      action: 'escalate',
      entityType: 'risk',
      entityId: risk.id,
      before,
      after: {
        ...after,
        escalation: {
          id: escalation.id,
          from: risk.current_board_id,
          to: toBoardId ?? `organisation:${toOrganisationId}`,
          representativeRole: toOrganisationId ? input.representativeRole : null,
          reason: input.reason,
        },
      },
    })
    await bumpDataVersion(tx)
  })
}

export async function archiveRisk(db: Kysely<Database>, riskId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const who = actorName(actor)
    const risk = await liveRisk(tx, riskId)
    const before = await snapshot(tx, risk.id)
    await tx.updateTable('risks').set({ archived_at: new Date(), updated_by: who, updated_at: new Date() }).where('id', '=', risk.id).execute()
    await recordAudit(tx, { actor: who, action: 'archive', entityType: 'risk', entityId: risk.id, before, after: await snapshot(tx, risk.id) })
    await bumpDataVersion(tx)
  })
}

/** The risk, locked for this transaction; refused when missing or archived. */
async function liveRisk(tx: Kysely<Database>, riskId: string) {
  const risk = /^\d{1,18}$/.test(riskId)
    ? await tx.selectFrom('risks').select(['id', 'reference', 'status', 'current_board_id', 'archived_at']).where('id', '=', riskId).forUpdate().executeTakeFirst()
    : undefined
  if (!risk) throw new RiskProblems([{ field: 'reference', message: `There is no risk or issue ${riskId}` }])
  if (risk.archived_at) throw new RiskProblems([{ field: 'reference', message: `${risk.reference} is archived and cannot be changed` }])
  return risk
}

