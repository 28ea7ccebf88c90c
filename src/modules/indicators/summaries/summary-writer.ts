/** Summaries held and stored in batches, each with its finding, written only where they differ. */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { finding } from './findings.js'
import { upsertSummaries } from './summaries.repository.js'
import type { Summary, SummaryIndicator } from './summarise.js'

/** Summaries held before they are written: few round trips, modest statements. */
const PENDING_SUMMARIES = 500

export interface SummaryWriter {
  add(summaries: readonly Summary[]): Promise<void>
  /** Writes what is held; how many summaries were added or rewritten in all. */
  finish(): Promise<number>
}

export function summaryWriter(
  db: Kysely<Database>,
  indicator: SummaryIndicator,
  areaNames: ReadonlyMap<string, string>,
): SummaryWriter {
  let pending: Summary[] = []
  let written = 0
  const named = (s: Summary) => ({
    indicatorName: indicator.name,
    unit: { unit: indicator.unit, decimals: indicator.decimals ?? null },
    areaName: areaNames.get(s.areaCode) ?? s.areaCode,
  })
  const flush = async () => {
    const batch = pending
    pending = []
    if (batch.length)
      written += await upsertSummaries(
        db,
        batch.map((s) => ({ summary: s, finding: finding(s, named(s)) })),
      )
  }
  return {
    add: async (summaries) => {
      pending.push(...summaries)
      if (pending.length >= PENDING_SUMMARIES) await flush()
    },
    finish: async () => {
      await flush()
      return written
    },
  }
}
