/**
 * Disclosure control decided when data changes, and stored (migration 0018), so no page or API
 * call works it out again from every row of an indicator. A decision is made per indicator (no
 * suppression group crosses indicators) over every area and every version ever current of its
 * figures, exactly as public-data.ts once did on each request, at one threshold: the suppressed
 * versions (point_suppression) and the summaries it changes (summary_disclosure, with the checked
 * summary and its rewritten finding).
 *
 * When: the writers of indicator data (imports, release publication, summary recomputation) call
 * `indicatorDataChanged` in their transaction; registered here by `decideOnDataChange`, that
 * drops the indicators' decisions at every threshold and makes them again at the configured one,
 * before the transaction commits, so no reader sees the new figures with the old decision. The
 * database drops a decision itself when its inputs change (its summaries, an indicator's value type
 * or multiplier, an area's parent: triggers in 0018), and a reader that finds an indicator with no
 * decision at its threshold (a threshold changed, a test's own threshold, a path that did not
 * decide) makes it before it reads (`ensureDecided`), so what is served is always decided.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { finding } from '../indicators/summaries/findings.js'
import { onIndicatorDataChanged } from '../indicators/data-change-hooks.js'
import { checkThreshold, type Suppression } from './disclosure.js'
import { readAreaParents, readPoints, readSummaries } from './disclosure.repository.js'
import {
  claimDecisions,
  decisionState,
  forgetDecisions,
  insertPointDecisions,
  insertSummaryDecisions,
  replaceDecisions,
  undecidedIndicators,
  type PointDecision,
  type SummaryDecision,
} from './decisions.repository.js'
import { checkSummary, suppressionIndex, suppressRows } from './summary-check.js'

/** Called by the app and the command line at start: writers decide at this threshold as they write. */
export function decideOnDataChange(threshold: number): void {
  checkThreshold(threshold)
  onIndicatorDataChanged('disclosure', async (trx, indicatorIds) => {
    const ids = [...new Set(indicatorIds)]
    await forgetDecisions(trx, ids)
    await replaceDecisions(trx, threshold, ids)
    await decide(trx, threshold, ids)
  })
}

/** Per threshold, the state (decisionState) at which this process last found every indicator decided. */
const allDecided = new Map<number, string>()

/**
 * Makes the decisions missing at this threshold for these indicators (all when not given) before a
 * read. Outside a transaction, a process that found every indicator decided skips the check until
 * the data version or the decisions move: one small query per read instead of a search.
 */
export async function ensureDecided(
  db: Kysely<Database>,
  threshold: number,
  indicatorIds: readonly string[] | undefined,
): Promise<void> {
  const state = db.isTransaction ? null : await decisionState(db, threshold)
  if (state !== null && allDecided.get(threshold) === state) return
  const missing = await undecidedIndicators(db, threshold, undefined)
  const wanted = indicatorIds ? missing.filter((id) => indicatorIds.includes(id)) : missing
  // Remembered only when nothing was missing: a decision being made now might yet fail.
  if (state !== null && missing.length === 0) allDecided.set(threshold, state)
  if (wanted.length === 0) return
  const make = async (trx: Kysely<Database>) => decide(trx, threshold, await claimDecisions(trx, threshold, wanted))
  if (db.isTransaction) await make(db)
  else await db.transaction().execute(make)
}

/**
 * Every decision missing at this threshold, one indicator per transaction so readers are not held
 * up behind them all (the server's background work after start: a changed threshold, a restore).
 */
export async function decideMissing(db: Kysely<Database>, threshold: number): Promise<number> {
  const missing = await undecidedIndicators(db, threshold, undefined)
  for (const id of missing) await ensureDecided(db, threshold, [id])
  return missing.length
}

/** Decides these indicators at this threshold, one at a time (memory bounded by the largest). */
async function decide(trx: Kysely<Database>, threshold: number, indicatorIds: readonly string[]): Promise<void> {
  if (indicatorIds.length === 0) return
  const areaParents = await readAreaParents(trx)
  for (const id of indicatorIds) {
    const { points, summaries } = await decideIndicator(trx, id, threshold, areaParents)
    await insertPointDecisions(trx, threshold, points)
    await insertSummaryDecisions(trx, threshold, summaries)
  }
}

/**
 * One indicator's decision, as public-data.ts made it on every request before: suppression over
 * every version in every area; each summary checked against the current versions' suppression.
 */
export async function decideIndicator(
  db: Kysely<Database>,
  indicatorId: string,
  threshold: number,
  areaParents: ReadonlyMap<string, string | null>,
): Promise<{ points: PointDecision[]; summaries: SummaryDecision[] }> {
  const [rows, summaryRows] = await Promise.all([
    readPoints(db, { indicatorIds: [indicatorId] }),
    readSummaries(db, { indicatorIds: [indicatorId] }),
  ])
  const suppression = suppressRows(rows, areaParents, threshold)
  const points: PointDecision[] = rows.flatMap((row, i) => {
    const suppressed = suppression[i]
    return suppressed ? [{ dataPointId: row.id, indicatorId, suppressed }] : []
  })
  const current: number[] = []
  rows.forEach((row, i) => row.replacedAt === null && current.push(i))
  const index = suppressionIndex(
    current.map((i) => rows[i]!),
    current.map((i) => suppression[i]!),
  )
  const summaries = summaryRows.flatMap((row): SummaryDecision[] => {
    const checked = checkSummary(row.summary, index, threshold)
    if (!checked.suppressed && !checked.changed) return []
    const shown = checked.suppressed === null
    return [
      {
        indicatorId,
        areaCode: row.areaCode,
        sex: row.sex,
        age: row.age,
        categoryType: row.categoryType,
        category: row.category,
        suppressed: checked.suppressed as Suppression,
        summary: shown ? checked.summary : null,
        finding: shown
          ? finding(checked.summary, { indicatorName: row.indicatorName, unit: row.unit, areaName: row.areaName })
          : null,
      },
    ]
  })
  return { points, summaries }
}
