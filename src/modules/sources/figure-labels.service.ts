/**
 * The labels of each breakdown's latest figure for an area (see figure-labels.ts), read once per
 * page; and each indicator's sources and freshness for the open data API.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import {
  breakdownKey,
  figureLabel,
  indicatorSourcesView,
  type FigureLabel,
  type IndicatorSourcesView,
} from './figure-labels.js'
import { provenanceFor, sourceMappings } from './source-provenance.js'
import { latestFigures } from './sources.repository.js'

export type FigureLabels = ReadonlyMap<string, FigureLabel>

export async function figureLabelsFor(
  db: Kysely<Database>,
  indicatorIds: readonly string[],
  areaCode: string,
): Promise<FigureLabels> {
  const mappings = sourceMappings()
  const figures = await latestFigures(db, [...new Set(indicatorIds)], areaCode)
  return new Map(figures.map((f) => [breakdownKey(f), figureLabel(f, mappings)]))
}

/** Each indicator's sources (mapping file) and freshness for the area (its latest figure), for the API. */
export async function indicatorSourcesFor(
  db: Kysely<Database>,
  indicatorIds: readonly string[],
  areaCode: string,
): Promise<Map<string, IndicatorSourcesView>> {
  const mappings = sourceMappings()
  const latest = new Map<string, { periodKey: string; periodLabel: string; recordedAt: Date }>()
  for (const f of await latestFigures(db, [...new Set(indicatorIds)], areaCode)) {
    const earlier = latest.get(f.indicatorId)
    if (!earlier || later(f.periodKey, earlier.periodKey)) latest.set(f.indicatorId, f)
  }
  return new Map(
    indicatorIds.map((id) => {
      const frequencies = (mappings?.mappings ?? [])
        .filter((m) => m.indicator === id)
        .map((m) => mappings!.sources[m.source]!.frequency)
      return [id, indicatorSourcesView(provenanceFor(id, mappings), frequencies, areaCode, latest.get(id) ?? null)]
    }),
  )
}

/** A period that ends later, or ends together and starts later (the shorter, more recent one). */
function later(a: string, b: string): boolean {
  const [aStart = '', aEnd = ''] = a.split('/')
  const [bStart = '', bEnd = ''] = b.split('/')
  return aEnd !== bEnd ? aEnd > bEnd : aStart > bStart
}
