/**
 * What a page says about where an indicator's shipped published figures come from: whether they are
 * the framework's exact measure or a proxy (with what the proxy is), and the licence attribution.
 * Read from data/sources/mappings.yaml once, at first use; the product never reads ../shared.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../config.js'
import { readSourceMappings, type SourceMappingFile } from './source-mapping.schema.js'

export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0.'

export interface Provenance {
  match: 'exact' | 'proxy'
  /** Every source of the indicator is updated once a year. */
  yearly: boolean
  /** For a proxy: what the published measure is and how it differs, one sentence per measure. */
  notes: string[]
  publications: string[]
}

let cached: SourceMappingFile | null | undefined

export function sourceMappings(
  file = path.join(projectRoot, 'data', 'sources', 'mappings.yaml'),
): SourceMappingFile | null {
  if (cached === undefined) cached = existsSync(file) ? readSourceMappings(file) : null
  return cached
}

export function provenanceFor(indicatorId: string, mappings = sourceMappings()): Provenance | null {
  const own = mappings?.mappings.filter((m) => m.indicator === indicatorId) ?? []
  if (!mappings || own.length === 0) return null
  const proxies = own.filter((m) => m.match === 'proxy')
  // The notes of the measures for everyone first; a breakdown's note only where there is no other.
  const headline = proxies.filter((m) => !m.breakdown.category_type)
  const notes = [...new Set((headline.length ? headline : proxies).map((m) => m.note.replace(/^Proxy\.\s*/, '')))]
  return {
    match: proxies.length ? 'proxy' : 'exact',
    yearly: own.every((m) => mappings.sources[m.source]!.frequency === 'annual'),
    notes,
    publications: [
      ...new Set(
        own.map((m) => `${mappings.sources[m.source]!.publisher}, ${mappings.sources[m.source]!.publication}`),
      ),
    ],
  }
}

/** True when any of the sources cited carries the Open Government Licence, so the page must say so. */
export function needsOglAttribution(sources: readonly string[]): boolean {
  return sources.some((s) => s.includes('Open Government Licence'))
}
