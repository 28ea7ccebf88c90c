/**
 * The stored disclosure decisions (migration 0018): which indicators are decided at which
 * threshold, the suppressed versions of figures, and the summaries disclosure control changed.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Suppression } from './disclosure.js'

/** Rows per insert statement: well under the 65,535 parameters a statement may bind. */
const BATCH = 2_000

export interface PointDecision {
  dataPointId: string
  indicatorId: string
  suppressed: Exclude<Suppression, null>
}

export interface SummaryDecision {
  indicatorId: string
  areaCode: string
  sex: string
  age: string
  categoryType: string
  category: string
  suppressed: Suppression
  /** The checked summary and its rewritten finding, when it is shown with something blanked. */
  summary: unknown
  finding: string | null
}

/**
 * What a process may remember of "every indicator is decided at this threshold": the data version
 * (every write moves it) with the decisions' count and latest time (any decision dropped or made
 * moves them), as one text.
 */
export async function decisionState(db: Kysely<Database>, threshold: number): Promise<string> {
  const { rows } = await sql<{ state: string }>`
    select (select version from data_version where id = 1)::text || '|' || count(*)::text || '|' ||
      coalesce(max(decided_at)::text, '') as state
    from disclosure_decisions where threshold = ${threshold}`.execute(db)
  return rows[0]!.state
}

/** Of these indicators (all when not given), those with data and no decision at this threshold. */
export async function undecidedIndicators(
  db: Kysely<Database>,
  threshold: number,
  indicatorIds: readonly string[] | undefined,
): Promise<string[]> {
  let q = db
    .selectFrom('indicators as i')
    .select('i.id')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('data_points as d').select(sql.lit(1).as('one')).whereRef('d.indicator_id', '=', 'i.id')),
    )
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('disclosure_decisions as x')
            .select(sql.lit(1).as('one'))
            .whereRef('x.indicator_id', '=', 'i.id')
            .where('x.threshold', '=', threshold),
        ),
      ),
    )
  if (indicatorIds) q = q.where('i.id', 'in', indicatorIds)
  return (await q.orderBy('i.id').execute()).map((r) => r.id)
}

/**
 * Claims the decisions a reader is about to make: those another transaction has not made (or is
 * not making) already. A claim waits for one being made, then yields to it.
 */
export async function claimDecisions(
  trx: Kysely<Database>,
  threshold: number,
  indicatorIds: string[],
): Promise<string[]> {
  if (indicatorIds.length === 0) return []
  const rows = await trx
    .insertInto('disclosure_decisions')
    .values(indicatorIds.map((id) => ({ indicator_id: id, threshold })))
    .onConflict((oc) => oc.doNothing())
    .returning('indicator_id')
    .execute()
  return rows.map((r) => r.indicator_id)
}

/** Drops these indicators' decisions at every threshold, with their rows (the writers decide again). */
export async function forgetDecisions(trx: Kysely<Database>, indicatorIds: readonly string[]): Promise<void> {
  if (indicatorIds.length === 0) return
  await trx.deleteFrom('disclosure_decisions').where('indicator_id', 'in', indicatorIds).execute()
}

/** Marks these indicators decided at this threshold, anew: any rows of an earlier decision go. */
export async function replaceDecisions(
  trx: Kysely<Database>,
  threshold: number,
  indicatorIds: string[],
): Promise<void> {
  if (indicatorIds.length === 0) return
  await trx
    .insertInto('disclosure_decisions')
    .values(indicatorIds.map((id) => ({ indicator_id: id, threshold })))
    .onConflict((oc) => oc.columns(['indicator_id', 'threshold']).doUpdateSet({ decided_at: sql`now()` }))
    .execute()
  await trx
    .deleteFrom('point_suppression')
    .where('indicator_id', 'in', indicatorIds)
    .where('threshold', '=', threshold)
    .execute()
  await trx
    .deleteFrom('summary_disclosure')
    .where('indicator_id', 'in', indicatorIds)
    .where('threshold', '=', threshold)
    .execute()
}

export async function insertPointDecisions(
  trx: Kysely<Database>,
  threshold: number,
  rows: readonly PointDecision[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await trx
      .insertInto('point_suppression')
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          data_point_id: r.dataPointId,
          threshold,
          indicator_id: r.indicatorId,
          suppressed: r.suppressed,
        })),
      )
      .execute()
  }
}

export async function insertSummaryDecisions(
  trx: Kysely<Database>,
  threshold: number,
  rows: readonly SummaryDecision[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await trx
      .insertInto('summary_disclosure')
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          indicator_id: r.indicatorId,
          area_code: r.areaCode,
          sex: r.sex,
          age: r.age,
          category_type: r.categoryType,
          category: r.category,
          threshold,
          suppressed: r.suppressed,
          summary: r.summary === null ? null : JSON.stringify(r.summary),
          finding: r.finding,
        })),
      )
      .execute()
  }
}
