/**
 * The risk and issue log's tables: risks and issues, their mitigations, links to outcomes and
 * indicators, and escalations. Every query of this module is here; rows leave as camelCase
 * records with dates as YYYY-MM-DD text. Writes take the caller's transaction (a withChange).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Kind, RiskInput } from './risks.domain.js'

type Db = Kysely<Database>

export interface Risk {
  id: string
  reference: string
  kind: Kind
  title: string
  cause: string
  effect: string
  organisationId: string
  organisationName: string
  ownerRole: string
  inherentLikelihood: number | null
  inherentImpact: number | null
  residualLikelihood: number | null
  residualImpact: number
  /** YYYY-MM-DD. */
  reviewDate: string | null
  status: string
  currentBoardId: string | null
  /** The actor key of whoever logged it, as the audit trail keeps it. */
  createdBy: string
  createdAt: Date
  updatedBy: string
  updatedAt: Date
  archivedAt: Date | null
}

export interface RiskLink {
  targetKind: 'outcome' | 'indicator'
  targetId: string
}

/** Who logged a record, as the audit trail's create event keeps them (channel null before 0010). */
export interface RiskCreator {
  key: string
  channel: string | null
  name: string | null
}

export interface RiskQuery {
  organisationId?: string
  boardId?: string
  status?: string
  kind?: Kind
  /** Scores between these (inclusive), on the residual or inherent scores; risks only. */
  score?: { min: number; max: number; on: 'residual' | 'inherent' }
}

export const asDate = (v: Date | string) => new Date(v)

/** The columns every read of a risk selects, dates as YYYY-MM-DD text. */
function riskColumns(db: Db) {
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
      'r.review_date',
      'r.status',
      'r.current_board_id',
      'r.created_by',
      'r.created_at',
      'r.updated_by',
      'r.updated_at',
      'r.archived_at',
    ])
}

type RiskRow = Awaited<ReturnType<ReturnType<typeof riskColumns>['executeTakeFirstOrThrow']>>

function toRisk(r: RiskRow): Risk {
  return {
    id: String(r.id),
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    cause: r.cause,
    effect: r.effect,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    ownerRole: r.owner_role,
    inherentLikelihood: r.inherent_likelihood,
    inherentImpact: r.inherent_impact,
    residualLikelihood: r.residual_likelihood,
    residualImpact: r.residual_impact,
    reviewDate: r.review_date,
    status: r.status,
    currentBoardId: r.current_board_id,
    createdBy: r.created_by,
    createdAt: asDate(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: asDate(r.updated_at),
    archivedAt: r.archived_at === null ? null : asDate(r.archived_at),
  }
}

/** The log, archived records left out; risks by residual score (highest first), issues by impact. */
export async function selectRisks(db: Db, query: RiskQuery = {}): Promise<Risk[]> {
  let q = riskColumns(db).where('r.archived_at', 'is', null)
  if (query.organisationId) q = q.where('r.organisation_id', '=', query.organisationId)
  if (query.boardId) q = q.where('r.current_board_id', '=', query.boardId)
  if (query.status) q = q.where('r.status', '=', query.status)
  if (query.kind) q = q.where('r.kind', '=', query.kind)
  if (query.score) {
    const [l, i] =
      query.score.on === 'residual'
        ? (['r.residual_likelihood', 'r.residual_impact'] as const)
        : (['r.inherent_likelihood', 'r.inherent_impact'] as const)
    const product = sql<number>`${sql.ref(l)} * ${sql.ref(i)}`
    q = q.where('r.kind', '=', 'risk').where(product, '>=', query.score.min).where(product, '<=', query.score.max)
  }
  const rows = await q
    .orderBy(sql`coalesce(r.residual_likelihood, 1) * r.residual_impact`, 'desc')
    .orderBy('r.reference')
    .execute()
  return rows.map(toRisk)
}

/** A record by id (a checked record id), archived or not. */
export async function selectRiskById(db: Db, id: string): Promise<Risk | undefined> {
  const row = await riskColumns(db).where('r.id', '=', id).executeTakeFirst()
  return row && toRisk(row)
}

export async function selectRiskByReference(db: Db, reference: string): Promise<Risk | undefined> {
  const row = await riskColumns(db).where('r.reference', '=', reference).executeTakeFirst()
  return row && toRisk(row)
}

/** The records sitting at a board now, and those whose escalations ever reached it, by reference. */
export async function selectRisksAtBoard(db: Db, boardId: string): Promise<Risk[]> {
  const rows = await riskColumns(db)
    .where('r.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('r.current_board_id', '=', boardId),
        eb.exists(
          eb
            .selectFrom('risk_escalations as e')
            .select('e.id')
            .whereRef('e.risk_id', '=', 'r.id')
            .where('e.to_board_id', '=', boardId),
        ),
      ]),
    )
    .orderBy('r.reference')
    .execute()
  return rows.map(toRisk)
}

/** A record's active links, outcomes first. */
export async function selectLinks(db: Db, riskId: string): Promise<RiskLink[]> {
  const rows = await db
    .selectFrom('risk_links')
    .select(['target_kind', 'target_id'])
    .where('risk_id', '=', riskId)
    .where('archived_at', 'is', null)
    .orderBy('target_kind', 'desc')
    .orderBy('target_id')
    .execute()
  return rows.map((l) => ({ targetKind: l.target_kind, targetId: l.target_id }))
}

/** Bodies' names by id, from the stored strategies (for reads that have the database, not the read model). */
export async function selectBodyTitles(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('strategy_nodes')
    .select(['id', 'title'])
    .where('kind', '=', 'body')
    .where('archived_at', 'is', null)
    .execute()
  const names = new Map<string, string>()
  for (const r of rows) if (!names.has(r.id)) names.set(r.id, r.title)
  return names
}

/** Who logged the record: the actor of its first 'create' event in the audit trail. */
export async function selectRiskCreator(db: Db, riskId: string): Promise<RiskCreator | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select(['actor', 'actor_channel', 'actor_name'])
    .where('entity_type', '=', 'risk')
    .where('entity_id', '=', riskId)
    .where('action', '=', 'create')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  return row && { key: row.actor, channel: row.actor_channel, name: row.actor_name }
}

/**
 * The record as the audit trail keeps it: its stored fields (snake_case, as every event since the
 * log began has them) and its active links; null when there is no such record.
 */
export async function riskAuditRecord(db: Db, id: string) {
  const row = await riskColumns(db).where('r.id', '=', id).executeTakeFirst()
  if (!row) return null
  const links = await selectLinks(db, id)
  const { organisation_name: _name, created_at: _c, updated_at: _u, ...fields } = row
  return {
    ...fields,
    archived_at: row.archived_at ? new Date(row.archived_at).toISOString() : null,
    outcomes: links.filter((l) => l.targetKind === 'outcome').map((l) => l.targetId),
    indicators: links.filter((l) => l.targetKind === 'indicator').map((l) => l.targetId),
  }
}

// ---------------------------------------------------------------------------------------------
// Writes, in the caller's transaction

/** The record, locked for this transaction. */
export async function lockRisk(tx: Db, id: string) {
  const row = await tx
    .selectFrom('risks')
    .select(['id', 'reference', 'status', 'current_board_id', 'archived_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return (
    row && {
      id: String(row.id),
      reference: row.reference,
      status: row.status,
      currentBoardId: row.current_board_id,
      archived: row.archived_at !== null,
    }
  )
}

/** The next reference number of a kind, allocated one at a time so two people logging at once never share one. */
export async function allocateRiskNumber(tx: Db, kind: Kind): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('risks.reference'))`.execute(tx)
  const row = await tx
    .selectFrom('risks')
    .select(sql<number | null>`max(substring(reference from 5)::int)`.as('n'))
    .where('kind', '=', kind)
    .executeTakeFirst()
  return Number(row?.n ?? 0) + 1
}

const scoreColumns = (input: RiskInput) => ({
  inherent_likelihood: input.kind === 'risk' ? input.inherentLikelihood : null,
  inherent_impact: input.kind === 'risk' ? input.inherentImpact : null,
  residual_likelihood: input.kind === 'risk' ? input.residualLikelihood : null,
  residual_impact: input.residualImpact!,
})

export async function insertRiskRow(tx: Db, input: RiskInput, reference: string, actorKey: string): Promise<string> {
  const row = await tx
    .insertInto('risks')
    .values({
      reference,
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
      created_by: actorKey,
      updated_by: actorKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

/** A record's fields, scores, status and review date (not its kind or board). */
export async function updateRiskRow(tx: Db, id: string, input: RiskInput, actorKey: string): Promise<void> {
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
      updated_by: actorKey,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

/** Marks a record changed by someone; `changes` moves its board or archives it. */
export async function touchRisk(
  tx: Db,
  id: string,
  actorKey: string,
  changes: { currentBoardId?: string; archived?: true } = {},
): Promise<void> {
  const now = new Date()
  await tx
    .updateTable('risks')
    .set({
      ...(changes.currentBoardId ? { current_board_id: changes.currentBoardId } : {}),
      ...(changes.archived ? { archived_at: now } : {}),
      updated_by: actorKey,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
}

/** Makes the active links exactly these: new ones added (or restored), dropped ones archived. */
export async function replaceLinks(tx: Db, riskId: string, wanted: RiskLink[]): Promise<void> {
  const key = (l: RiskLink) => `${l.targetKind}:${l.targetId}`
  const wantedKeys = new Set(wanted.map(key))
  for (const l of (await selectLinks(tx, riskId)).filter((c) => !wantedKeys.has(key(c)))) {
    await tx
      .updateTable('risk_links')
      .set({ archived_at: new Date() })
      .where('risk_id', '=', riskId)
      .where('target_kind', '=', l.targetKind)
      .where('target_id', '=', l.targetId)
      .execute()
  }
  if (wanted.length === 0) return
  await tx
    .insertInto('risk_links')
    .values(
      wanted.map((l) => ({ risk_id: riskId, target_kind: l.targetKind, target_id: l.targetId, archived_at: null })),
    )
    .onConflict((oc) => oc.columns(['risk_id', 'target_kind', 'target_id']).doUpdateSet({ archived_at: null }))
    .execute()
}
