/** Recomputes and stores the summaries of the indicators whose data changed. */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { withChanges } from '../../../db/changes/with-change.js'
import { systemActor, type Actor } from '../../../db/changes/actor.js'
import { finding } from './findings.js'
import { groupFocus } from '../comparator-groups.js'
import { allComparatorGroups } from '../comparator-groups.repository.js'
import { areaNames } from '../areas.repository.js'
import { findIndicators } from '../indicators.repository.js'
import { summaryIndicator } from './summary-indicator.js'
import { indicatorDataChanged } from '../data-change-hooks.js'
import {
  currentAreaCodes,
  currentPointCount,
  currentPoints,
  deleteSummaries,
  insertSummaries,
  latestPeriodPairs,
} from './summaries.repository.js'
import {
  benchmarkContext,
  contextAreas,
  summariseArea,
  type ComparatorGroup,
  type PointInput,
  type Summary,
  type SummaryIndicator,
} from './summarise.js'

/** Summaries held before they are written: few round trips, modest statements. */
const PENDING_SUMMARIES = 500
/** An indicator with at most this many current rows is read whole (a few MB); a larger one area by area. */
const IN_MEMORY_ROWS = 50_000

function groupByArea(points: PointInput[]): Map<string, PointInput[]> {
  const byArea = new Map<string, PointInput[]>()
  for (const p of points) {
    const list = byArea.get(p.areaCode)
    if (list) list.push(p)
    else byArea.set(p.areaCode, [p])
  }
  return byArea
}

/**
 * Recomputes these indicators' summaries as one change (the system's, unless an actor is named),
 * all or nothing. Inside a change already (an import), call `writeSummaries` with its transaction.
 */
export async function recomputeSummaries(
  db: Kysely<Database>,
  indicatorIds: string[],
  actor: Actor = systemActor('summaries'),
): Promise<number> {
  if (indicatorIds.length === 0) return 0
  return withChanges(db, actor, async (tx, change) => {
    const written = await writeSummaries(tx, indicatorIds)
    await indicatorDataChanged(tx, indicatorIds)
    if (!written) change.unchanged()
    return written
  })
}

/** Rewrites these indicators' summaries inside the caller's change (its transaction); how many were written. */
export async function writeSummaries(trx: Kysely<Database>, indicatorIds: string[]): Promise<number> {
  if (indicatorIds.length === 0) return 0
  const [indicators, names, groupList] = await Promise.all([
    findIndicators(trx, indicatorIds),
    areaNames(trx),
    allComparatorGroups(trx),
  ])
  const groups = groupList.map((g) => ({ ...g, focus: groupFocus(g.id, g.members) }))
  let written = 0
  for (const record of indicators) written += await summariseIndicator(trx, summaryIndicator(record), groups, names)
  return written
}

/** One indicator's summaries, every area, written afresh. */
async function summariseIndicator(
  db: Kysely<Database>,
  indicator: SummaryIndicator,
  groups: readonly ComparatorGroup[],
  areaNames: Map<string, string>,
): Promise<number> {
  // An indicator of ordinary size is read in one query and grouped by area here: one query per
  // area per indicator made loading a year's published data for every authority take minutes.
  // A very large one is read area by area, so memory stays bounded whatever its size.
  const byArea =
    (await currentPointCount(db, indicator.id)) <= IN_MEMORY_ROWS
      ? groupByArea(await currentPoints(db, indicator.id, null))
      : null
  const areaRows = async (code: string) => (byArea ? (byArea.get(code) ?? []) : currentPoints(db, indicator.id, [code]))
  // Benchmarks and ranks are read at each series' latest period only, so the context holds just
  // the benchmark areas' rows at those periods; every area's own series is then read on its own.
  const context = benchmarkContext(await latestPeriodRows(areaRows, db, indicator.id, contextAreas(groups)), groups)
  const areaCodes = byArea ? [...byArea.keys()] : await currentAreaCodes(db, indicator.id)
  // Summaries are derived: the indicator's set is rewritten whole.
  await deleteSummaries(db, indicator.id)
  let count = 0
  let pending: Summary[] = []
  const flush = async () => {
    const named = (s: Summary) => ({
      indicatorName: indicator.name,
      unit: { unit: indicator.unit, decimals: indicator.decimals ?? null },
      areaName: areaNames.get(s.areaCode) ?? s.areaCode,
    })
    await insertSummaries(
      db,
      pending.map((s) => ({ summary: s, finding: finding(s, named(s)) })),
    )
    pending = []
  }
  for (const areaCode of areaCodes) {
    const summaries = summariseArea(indicator, await areaRows(areaCode), context)
    pending.push(...summaries)
    if (pending.length >= PENDING_SUMMARIES) await flush()
    count += summaries.length
  }
  await flush()
  return count
}

/**
 * The given areas' rows at every (breakdown, period) that is the latest of some area's series: the
 * pairs first (a small set), then each area's rows by index, keeping only those at a pair.
 */
async function latestPeriodRows(
  areaRows: (areaCode: string) => Promise<PointInput[]>,
  db: Kysely<Database>,
  indicatorId: string,
  areaCodes: string[],
): Promise<PointInput[]> {
  const wanted = await latestPeriodPairs(db, indicatorId)
  const out: PointInput[] = []
  for (const code of areaCodes) {
    for (const p of await areaRows(code)) {
      if (wanted.has(`${p.sex}|${p.age}|${p.categoryType}|${p.category}|${p.periodKey}`)) out.push(p)
    }
  }
  return out
}
