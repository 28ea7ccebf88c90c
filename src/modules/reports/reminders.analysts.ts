/**
 * Analysts' reminders before a board meets: the indicators in the board's scope whose publisher is
 * due to release new figures by the meeting, so the figures can be imported before the pack.
 *
 * When figures are due comes from data/sources/mappings.yaml: a source's `next_update`, where it
 * gives a date (YYYY-MM-DD); otherwise ASSUMED from its update frequency, counted from when the
 * area's current figures were loaded (a year for annual publications, 91 days for quarterly, 31 for
 * monthly; none for a discontinued one). An indicator with no publisher source has no schedule.
 *
 * Whose indicator: no indicator names its analyst (the metadata's owner is the Partnership), so an
 * indicator belongs to the analyst who last imported its current figures, and, where none did (the
 * shipped data), to every analyst account.
 */
import { formatDate, londonDate, type IsoDate } from '../../lib/dates.js'
import { strategyArea } from '../dashboard/dashboard.service.js'
import { latestFigures } from '../sources/sources.repository.js'
import { sourceMappings } from '../sources/source-provenance.js'
import type { SourceMappingFile } from '../sources/source-mapping.schema.js'
import type { Item } from '../strategy/strategy.read-model.js'
import type { PackDeps } from './pack.service.js'
import { scopeIndicators, type ScopeItems } from './pack.scope.js'
import { analystAccounts, lastImporters, type Recipient } from './reminders.repository.js'

const FREQUENCY_DAYS: Record<string, number | null> = { annual: 365, quarterly: 91, monthly: 31, discontinued: null }
const FREQUENCY_WORDS: Record<string, string> = {
  annual: 'published yearly',
  quarterly: 'published quarterly',
  monthly: 'published monthly',
}

const addDays = (day: IsoDate, n: number): IsoDate =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

export interface PublisherDue {
  /** The day new figures are due. */
  due: IsoDate
  publisher: string
  /** How the day is known, in words. */
  basis: string
}

/**
 * When an indicator's publisher is next due to release figures, given when the current figures were
 * loaded (null: none yet). The earliest of its sources'. Pure.
 */
export function publisherDue(
  indicatorId: string,
  mappings: SourceMappingFile | null,
  loaded: IsoDate | null,
): PublisherDue | null {
  const sources = [
    ...new Set((mappings?.mappings ?? []).filter((m) => m.indicator === indicatorId).map((m) => m.source)),
  ].flatMap((id) => (mappings!.sources[id] ? [mappings!.sources[id]] : []))
  const dues = sources.flatMap((s): PublisherDue[] => {
    const publisher = `${s.publisher}, ${s.publication}`
    const stated = /^(\d{4}-\d{2}-\d{2})/.exec(s.next_update ?? '')?.[1]
    if (stated) return [{ due: stated, publisher, basis: `the publisher’s stated date` }]
    const days = FREQUENCY_DAYS[s.frequency]
    if (!days || !loaded) return []
    return [
      {
        due: addDays(loaded, days),
        publisher,
        basis: `${FREQUENCY_WORDS[s.frequency]}, counted from the figures loaded`,
      },
    ]
  })
  return dues.sort((a, b) => a.due.localeCompare(b.due))[0] ?? null
}

export interface IndicatorDue {
  indicator: Item
  loaded: IsoDate | null
  due: PublisherDue
  /** The analyst accounts it is theirs to import (none when the service has no analyst account). */
  analysts: Recipient[]
}

/** The board's indicators whose publisher's figures are due by `meetsOn` and not loaded since. */
export async function indicatorsDue(deps: PackDeps, board: Item, scope: ScopeItems, meetsOn: IsoDate) {
  const indicators = scopeIndicators(scope)
  const ids = indicators.map((i) => i.id)
  const area = strategyArea(deps.model.strategyOf(board))
  const [figures, importers, analysts] = await Promise.all([
    latestFigures(deps.db, ids, area),
    lastImporters(deps.db, ids),
    analystAccounts(deps.db),
  ])
  const loaded = new Map<string, IsoDate>()
  for (const f of figures) {
    const day = londonDate(f.recordedAt)
    if ((loaded.get(f.indicatorId) ?? '') < day) loaded.set(f.indicatorId, day)
  }
  const mappings = sourceMappings()
  return indicators.flatMap((indicator): IndicatorDue[] => {
    const last = loaded.get(indicator.id) ?? null
    const due = publisherDue(indicator.id, mappings, last)
    if (!due || due.due > meetsOn || (last !== null && last >= due.due)) return []
    const importer = /^user:(\d+) /.exec(importers.get(indicator.id) ?? '')?.[1]
    const own = analysts.filter((a) => a.userId === importer)
    return [{ indicator, loaded: last, due, analysts: own.length ? own : analysts }]
  })
}

/** Why an analyst is reminded, in words. */
export function dueWords(d: IndicatorDue): string {
  return `${d.due.publisher}: new figures due by ${formatDate(d.due.due)} (${d.due.basis}${d.loaded ? ` on ${formatDate(d.loaded)}` : ''})`
}
