/**
 * Recomputes and stores the summaries of the indicators whose data changed: after an import or a
 * release, only the series its rows can have changed (summary-targets.repository.ts says which);
 * otherwise, or where a batch rewrote a large share of an indicator, the indicator whole. Either
 * way a summary is written only where it differs from the one stored.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { withChanges } from '../../../db/changes/with-change.js'
import { systemActor, type Actor } from '../../../db/changes/actor.js'
import { groupFocus } from '../comparator-groups.js'
import { allComparatorGroups } from '../comparator-groups.repository.js'
import { areaNames } from '../areas.repository.js'
import { findIndicators } from '../indicators.repository.js'
import { summaryIndicator } from './summary-indicator.js'
import { indicatorDataChanged } from '../data-change-hooks.js'
import { summaryDependents } from './dependents.js'
import { summaryWriter } from './summary-writer.js'
import { summariseTargets, summariseWhole } from './summarise-stored.js'
import { batchShare, markTargets, targetShare } from './summary-targets.repository.js'

/** A batch that wrote at least this share of an indicator's current rows has it recomputed whole. */
const WHOLE_SHARE = 0.2
/** So has an indicator with at least this share of its series to recompute: reading it whole is then cheaper. */
const WHOLE_TARGETS = 0.3

export interface WriteSummariesOptions {
  /** The import batch whose rows changed the data: only the summaries they can change are recomputed. */
  batchId?: string
  /** Recompute only the targets however many there are, never an indicator whole (tests, benchmarks). */
  incrementalOnly?: boolean
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

/**
 * Brings these indicators' stored summaries up to date inside the caller's change (its
 * transaction): given the batch that changed them, only the summaries its rows reach. Returns how
 * many summaries were added, rewritten or removed (none when nothing differs).
 */
export async function writeSummaries(
  trx: Kysely<Database>,
  indicatorIds: string[],
  options: WriteSummariesOptions = {},
): Promise<number> {
  if (indicatorIds.length === 0) return 0
  const [indicators, names, groupList] = await Promise.all([
    findIndicators(trx, indicatorIds),
    areaNames(trx),
    allComparatorGroups(trx),
  ])
  const groups = groupList.map((g) => ({ ...g, focus: groupFocus(g.id, g.members) }))
  const only = options.incrementalOnly === true
  const partial = !options.batchId
    ? new Set<string>()
    : only
      ? new Set(indicatorIds)
      : await partlyChanged(trx, options.batchId, indicatorIds)
  if (partial.size) {
    await markTargets(trx, options.batchId!, [...partial], summaryDependents(groups))
    for (const [id, { targets, stored }] of await targetShare(trx))
      if (!only && targets >= stored * WHOLE_TARGETS) partial.delete(id)
  }
  let written = 0
  for (const record of indicators) {
    const indicator = summaryIndicator(record)
    const writer = summaryWriter(trx, indicator, names)
    const removed = partial.has(indicator.id)
      ? await summariseTargets(trx, indicator, groups, writer)
      : await summariseWhole(trx, indicator, groups, writer)
    written += (await writer.finish()) + removed
  }
  return written
}

/** The indicators of which the batch wrote only a small share of the current rows. */
async function partlyChanged(trx: Kysely<Database>, batchId: string, indicatorIds: string[]): Promise<Set<string>> {
  const share = await batchShare(trx, batchId, indicatorIds)
  return new Set(
    indicatorIds.filter((id) => {
      const s = share.get(id)
      return s !== undefined && s.changed < s.current * WHOLE_SHARE
    }),
  )
}
