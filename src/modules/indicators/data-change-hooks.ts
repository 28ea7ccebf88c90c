/**
 * What else must happen, in the same transaction, when indicators' data and summaries change: the
 * writers here (imports, release publication, summary recomputation) call `indicatorDataChanged`
 * after writing the summaries. Modules that derive stored rows from indicator data but sit above
 * this one in the import graph (disclosure control: disclosure/decisions.ts) register here when the
 * app or a command starts, so the writers need not import them.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export type IndicatorDataHook = (trx: Kysely<Database>, indicatorIds: readonly string[]) => Promise<void>

const hooks = new Map<string, IndicatorDataHook>()

/** Registers (or replaces) a hook by name; registering the same name again keeps one. */
export function onIndicatorDataChanged(name: string, hook: IndicatorDataHook): void {
  hooks.set(name, hook)
}

/** Runs every registered hook inside the caller's transaction, in the order registered. */
export async function indicatorDataChanged(trx: Kysely<Database>, indicatorIds: readonly string[]): Promise<void> {
  if (indicatorIds.length === 0) return
  for (const hook of hooks.values()) await hook(trx, indicatorIds)
}
