/**
 * The release workflow's SQL: a draft release made from an import's staging table, the record read
 * and updated as it is checked and approved, and the conditional update that claims due releases,
 * so that of several server processes exactly one publishes each. The figures of a release wait in
 * release_points; publication applies them to data_points through the import's own statements.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import type { ReleaseStatus } from '../../../db/tables/releases.js'

type Db = Kysely<Database>

export interface ReleaseRecord {
  id: string
  status: ReleaseStatus
  importBatchId: string
  sourceName: string
  createdBy: string
  createdByUserId: string | null
  createdAt: Date
  added: number
  revised: number
  qualityNotes: string | null
  qualityChecks: string[]
  checkedBy: string | null
  checkedAt: Date | null
  approvedBy: string | null
  approvedByUserId: string | null
  approvedAt: Date | null
  releaseAt: Date | null
  amendmentNote: string | null
  publishedAt: Date | null
  indicatorIds: string[]
}

/** Inside an import's transaction: the release for its batch, and the staged rows that add or revise a figure. */
export async function insertDraftRelease(
  tx: Db,
  release: { batchId: string; createdBy: string; createdByUserId: string | null; added: number; revised: number },
): Promise<string> {
  const row = await tx
    .insertInto('releases')
    .values({
      status: 'draft',
      import_batch_id: release.batchId,
      created_by: release.createdBy,
      created_by_user_id: release.createdByUserId,
      added: release.added,
      revised: release.revised,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`
    insert into release_points (release_id, indicator_id, area_code, period_key, period_label, period_type, sex, age,
      category_type, category, value, count, denominator, lower_95, upper_95, lower_998, upper_998, value_note,
      source, source_quote)
    select ${row.id}, indicator_id, area_code, period_key, period_label, period_type, sex, age, category_type,
      category, value, count, denominator, lower_95, upper_95, lower_998, upper_998, value_note, source, source_quote
    from import_staging where current_id is null or not (same or kept)`.execute(tx)
  return String(row.id)
}

export async function listReleases(db: Db, query: { id?: string } = {}): Promise<ReleaseRecord[]> {
  let q = db
    .selectFrom('releases as r')
    .innerJoin('import_batches as b', 'b.id', 'r.import_batch_id')
    .selectAll('r')
    .select('b.source_name')
    .select(
      sql<
        string[] | null
      >`(select array_agg(distinct p.indicator_id order by p.indicator_id) from release_points p where p.release_id = r.id)`.as(
        'indicator_ids',
      ),
    )
  if (query.id) q = q.where('r.id', '=', query.id)
  const rows = await q.orderBy('r.id', 'desc').execute()
  return rows.map((r) => ({
    id: String(r.id),
    status: r.status,
    importBatchId: String(r.import_batch_id),
    sourceName: r.source_name,
    createdBy: r.created_by,
    createdByUserId: r.created_by_user_id === null ? null : String(r.created_by_user_id),
    createdAt: r.created_at,
    added: r.added,
    revised: r.revised,
    qualityNotes: r.quality_notes,
    qualityChecks: typeof r.quality_checks === 'string' ? JSON.parse(r.quality_checks) : r.quality_checks,
    checkedBy: r.checked_by,
    checkedAt: r.checked_at,
    approvedBy: r.approved_by,
    approvedByUserId: r.approved_by_user_id === null ? null : String(r.approved_by_user_id),
    approvedAt: r.approved_at,
    releaseAt: r.release_at,
    amendmentNote: r.amendment_note,
    publishedAt: r.published_at,
    indicatorIds: r.indicator_ids ?? [],
  }))
}

export async function findRelease(db: Db, id: string): Promise<ReleaseRecord | null> {
  return (await listReleases(db, { id }))[0] ?? null
}

/** A waiting figure beside the figure the public sees now (null when it is new). */
export interface ReleaseFigure {
  releaseId: string
  status: ReleaseStatus
  releaseAt: Date | null
  indicatorId: string
  areaCode: string
  areaName: string
  periodLabel: string
  sex: string
  age: string
  categoryType: string
  category: string
  value: number | null
  count: number | null
  denominator: number | null
  publishedValue: number | null
  isRevision: boolean
}

/**
 * A release's figures (only these indicators', when `indicatorIds` is given), or an indicator's
 * figures in releases not yet published (draft or approved).
 */
export async function releaseFigures(
  db: Db,
  query: { releaseId?: string; indicatorId?: string; indicatorIds?: readonly string[] },
) {
  let q = db
    .selectFrom('release_points as p')
    .innerJoin('releases as r', 'r.id', 'p.release_id')
    .innerJoin('areas as a', 'a.code', 'p.area_code')
    .leftJoin('data_points as d', (j) =>
      j
        .onRef('d.indicator_id', '=', 'p.indicator_id')
        .onRef('d.area_code', '=', 'p.area_code')
        .onRef('d.period_key', '=', 'p.period_key')
        .onRef('d.sex', '=', 'p.sex')
        .onRef('d.age', '=', 'p.age')
        .onRef('d.category_type', '=', 'p.category_type')
        .onRef('d.category', '=', 'p.category')
        .on('d.replaced_at', 'is', null),
    )
    .select(['p.release_id', 'r.status', 'r.release_at', 'p.indicator_id', 'p.area_code', 'a.name as area_name'])
    .select(['p.period_label', 'p.sex', 'p.age', 'p.category_type', 'p.category', 'p.value', 'p.count'])
    .select(['p.denominator', 'd.value as published_value', 'd.id as published_id'])
  if (query.releaseId) q = q.where('p.release_id', '=', query.releaseId)
  if (query.indicatorId)
    q = q.where('p.indicator_id', '=', query.indicatorId).where('r.status', 'in', ['draft', 'approved'])
  if (query.indicatorIds) {
    if (!query.indicatorIds.length) return []
    q = q.where('p.indicator_id', 'in', [...query.indicatorIds])
  }
  const rows = await q
    .orderBy('p.release_id')
    .orderBy('p.indicator_id')
    .orderBy('p.area_code')
    .orderBy('p.period_key')
    .orderBy('p.sex')
    .orderBy('p.age')
    .orderBy('p.category_type')
    .orderBy('p.category')
    .limit(2000)
    .execute()
  return rows.map((r): ReleaseFigure => ({
    releaseId: String(r.release_id),
    status: r.status,
    releaseAt: r.release_at,
    indicatorId: r.indicator_id,
    areaCode: r.area_code,
    areaName: r.area_name,
    periodLabel: r.period_label,
    sex: r.sex,
    age: r.age,
    categoryType: r.category_type,
    category: r.category,
    value: r.value,
    count: r.count,
    denominator: r.denominator,
    publishedValue: r.published_value,
    isRevision: r.published_id !== null,
  }))
}

/** How many of a release's figures would change a figure the public sees now. */
export async function countRevisionsOfPublished(db: Db, releaseId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::integer as n from release_points p join data_points d
      on d.replaced_at is null and d.indicator_id = p.indicator_id and d.area_code = p.area_code
      and d.period_key = p.period_key and d.sex = p.sex and d.age = p.age
      and d.category_type = p.category_type and d.category = p.category
    where p.release_id = ${releaseId} and not (d.value is not distinct from p.value
      and d.count is not distinct from p.count and d.denominator is not distinct from p.denominator
      and d.lower_95 is not distinct from p.lower_95 and d.upper_95 is not distinct from p.upper_95
      and d.lower_998 is not distinct from p.lower_998 and d.upper_998 is not distinct from p.upper_998
      and d.value_note is not distinct from p.value_note)`.execute(db)
  return rows[0]?.n ?? 0
}

export async function updateQualityChecks(
  tx: Db,
  id: string,
  checks: { notes: string; checklist: string[]; by: string },
): Promise<void> {
  await tx
    .updateTable('releases')
    .set({
      quality_notes: checks.notes,
      quality_checks: JSON.stringify(checks.checklist),
      checked_by: checks.by,
      checked_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute()
}

/** Approves a draft (and only a draft: false when it was no longer one). */
export async function markApproved(
  tx: Db,
  id: string,
  approval: { by: string; userId: string | null; releaseAt: Date; amendmentNote: string | null },
): Promise<boolean> {
  const result = await tx
    .updateTable('releases')
    .set({
      status: 'approved',
      approved_by: approval.by,
      approved_by_user_id: approval.userId,
      approved_at: new Date(),
      release_at: approval.releaseAt,
      amendment_note: approval.amendmentNote,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Withdraws a release not yet published: its figures are never published (false when it already was). */
export async function markWithdrawn(tx: Db, id: string): Promise<boolean> {
  const result = await tx
    .updateTable('releases')
    .set({ status: 'withdrawn' })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'approved'])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Whether any approved release's time has come: a cheap look before a transaction is opened. */
export async function anyReleaseDue(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('releases')
    .select('id')
    .where('status', '=', 'approved')
    .where('release_at', '<=', sql<Date>`now()`)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Claims every due release for this transaction, oldest release time first. A second process's
 * same statement waits on the rows' locks, then finds them no longer approved: each is claimed once.
 */
export async function claimDueReleases(tx: Db): Promise<{ id: string; batchId: string; publishedAt: Date }[]> {
  const { rows } = await sql<{ id: string; import_batch_id: string; published_at: Date; release_at: Date }>`
    update releases set status = 'published', published_at = now()
    where status = 'approved' and release_at <= now()
    returning id, import_batch_id, published_at, release_at`.execute(tx)
  return rows
    .sort((a, b) => a.release_at.getTime() - b.release_at.getTime() || Number(a.id) - Number(b.id))
    .map((r) => ({ id: String(r.id), batchId: String(r.import_batch_id), publishedAt: r.published_at }))
}

/** A release's figures into a fresh import staging table, to be compared and applied as an import's are. */
export async function stageRelease(tx: Db, releaseId: string): Promise<void> {
  await sql`drop table if exists import_staging`.execute(tx)
  await sql`
    create temp table import_staging on commit drop as
    select 0 as line, indicator_id, area_code, period_key, period_label, period_type, sex, age, category_type,
      category, value, count, denominator, lower_95, upper_95, lower_998, upper_998, value_note, source,
      source_quote, null::bigint as current_id, null::boolean as same, false as kept
    from release_points where release_id = ${releaseId}`.execute(tx)
}

/** After the comparison, what the staged release changes per indicator; kept as the amendment history's index. */
export async function recordReleaseIndicators(tx: Db, releaseId: string): Promise<{ revised: number }> {
  await sql`
    insert into release_indicators (release_id, indicator_id, added, revised)
    select ${releaseId}, indicator_id, count(*) filter (where current_id is null),
      count(*) filter (where current_id is not null and not same)
    from import_staging group by indicator_id
    having count(*) filter (where current_id is null or not same) > 0`.execute(tx)
  const { rows } = await sql<{ n: number }>`
    select count(*)::integer as n from import_staging where current_id is not null and not same`.execute(tx)
  return { revised: rows[0]?.n ?? 0 }
}

/** A published release that changed figures the public had seen, for one indicator or all. */
export interface Amendment {
  releaseId: string
  indicatorId: string
  indicatorName: string
  revised: number
  note: string | null
  publishedAt: Date
}

export async function listAmendments(db: Db, query: { indicatorId?: string } = {}): Promise<Amendment[]> {
  let q = db
    .selectFrom('release_indicators as ri')
    .innerJoin('releases as r', 'r.id', 'ri.release_id')
    .innerJoin('indicators as i', 'i.id', 'ri.indicator_id')
    .select(['ri.release_id', 'ri.indicator_id', 'i.name', 'ri.revised', 'r.amendment_note', 'r.published_at'])
    .where('r.status', '=', 'published')
    .where('ri.revised', '>', 0)
  if (query.indicatorId) q = q.where('ri.indicator_id', '=', query.indicatorId)
  const rows = await q.orderBy('r.published_at', 'desc').orderBy('ri.release_id', 'desc').execute()
  return rows.map((r) => ({
    releaseId: String(r.release_id),
    indicatorId: r.indicator_id,
    indicatorName: r.name,
    revised: r.revised,
    note: r.amendment_note,
    publishedAt: r.published_at!,
  }))
}
