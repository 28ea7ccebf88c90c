/**
 * The coverage page: every indicator, framework and context, with where its figures come from
 * (publisher and publication, exact or proxy, or only quoted in the strategy), its latest period
 * for the partnership's area, when that was loaded, when the publisher's next figures are due, and,
 * for an indicator with no public source, why: the partnership's data development list. Figures
 * come from the same reads as the overview, so its counts are the overview's. Pure.
 */
import type { CsvCell } from '../../lib/csv-write.js'
import type { DownloadTable } from '../../web/table-download.js'
import { GAP_REASONS, type SourceMappingFile } from './source-mapping.schema.js'
import { provenanceFor } from './source-provenance.js'

export interface CoverageInput {
  indicators: readonly { id: string; name: string; in_framework: boolean }[]
  mappings: SourceMappingFile | null
  /** Each indicator's latest period for the area (its headline figure), or none: the overview's test of "No data yet". */
  latest: ReadonlyMap<string, string | null>
  loaded: ReadonlyMap<string, Date>
  onOverview: ReadonlySet<string>
  href: (id: string) => string | null
  formatDate: (d: Date) => string
}

export interface CoverageRow {
  id: string
  title: string
  href: string | null
  kind: 'Framework' | 'Context'
  onOverview: boolean
  source: string
  measure: 'Exact' | 'Proxy' | 'Quoted in the strategy' | 'None yet'
  latest: string | null
  loaded: string | null
  nextFigures: string | null
  why: string | null
}

/** The period after a label, in its own style: "2024/25" → "2025/26", "2022 - 24" → "2023 - 25". */
export function nextPeriod(label: string): string | null {
  const yy = (n: number) => String(n % 100).padStart(2, '0')
  let m = /^(\d{4})$/.exec(label)
  if (m) return String(Number(m[1]) + 1)
  m = /^(\d{4})\/(\d{2})$/.exec(label)
  if (m) return `${Number(m[1]) + 1}/${yy(Number(m[1]) + 2)}`
  m = /^(\d{4}) - (\d{2})$/.exec(label)
  if (m) return `${Number(m[1]) + 1} - ${yy(Number(m[2]) + 1)}`
  m = /^(\d{4})\/(\d{2}) - (\d{2})\/(\d{2})$/.exec(label)
  if (m) return `${Number(m[1]) + 1}/${yy(Number(m[2]) + 1)} - ${yy(Number(m[3]) + 1)}/${yy(Number(m[4]) + 1)}`
  m = /^year ending (\d{1,2} \w+) (\d{4})$/.exec(label)
  if (m) return `year ending ${m[1]} ${Number(m[2]) + 1}`
  return null
}

export function coverageRows(input: CoverageInput): CoverageRow[] {
  const gaps = new Map((input.mappings?.gaps ?? []).map((g) => [g.indicator, g]))
  return input.indicators.map((i) => {
    const provenance = provenanceFor(i.id, input.mappings)
    const latest = input.latest.get(i.id) ?? null
    const gap = gaps.get(i.id)
    const sources = provenance
      ? [
          ...new Set(
            input.mappings!.mappings.filter((m) => m.indicator === i.id).map((m) => input.mappings!.sources[m.source]!),
          ),
        ]
      : []
    const annual = sources.length > 0 && sources.every((s) => s.frequency === 'annual')
    const loaded = input.loaded.get(i.id)
    return {
      id: i.id,
      title: i.name,
      href: input.href(i.id),
      kind: i.in_framework ? 'Framework' : 'Context',
      onOverview: input.onOverview.has(i.id),
      source: provenance
        ? provenance.publications.join('; ')
        : latest
          ? "Figures quoted in the strategy's source documents"
          : 'No public source yet',
      measure: provenance
        ? provenance.match === 'proxy'
          ? 'Proxy'
          : 'Exact'
        : latest
          ? 'Quoted in the strategy'
          : 'None yet',
      latest,
      loaded: loaded ? input.formatDate(loaded) : null,
      nextFigures:
        provenance && latest && annual
          ? nextPeriod(latest)
            ? `${nextPeriod(latest)} (published yearly)`
            : 'Published yearly'
          : null,
      why: gap ? `${GAP_REASONS[gap.reason]}. ${gap.detail}` : null,
    }
  })
}

export interface CoverageCounts {
  indicators: number
  framework: number
  context: number
  withFigures: number
  exact: number
  proxy: number
  quotedOnly: number
  noneYet: number
  overview: { indicators: number; noData: number }
}

export function coverageCounts(rows: readonly CoverageRow[]): CoverageCounts {
  const count = (test: (r: CoverageRow) => boolean) => rows.filter(test).length
  return {
    indicators: rows.length,
    framework: count((r) => r.kind === 'Framework'),
    context: count((r) => r.kind === 'Context'),
    withFigures: count((r) => r.latest !== null),
    exact: count((r) => r.measure === 'Exact'),
    proxy: count((r) => r.measure === 'Proxy'),
    quotedOnly: count((r) => r.measure === 'Quoted in the strategy'),
    noneYet: count((r) => r.measure === 'None yet'),
    overview: { indicators: count((r) => r.onOverview), noData: count((r) => r.onOverview && r.latest === null) },
  }
}

export function coverageDownload(rows: readonly CoverageRow[], areaName: string): DownloadTable {
  const columns = [
    { key: 'indicator_id', header: 'Indicator id' },
    { key: 'indicator', header: 'Indicator' },
    { key: 'kind', header: 'Framework or context' },
    { key: 'on_overview', header: 'On the overview' },
    { key: 'source', header: 'Source' },
    { key: 'measure', header: 'Exact or proxy' },
    { key: 'latest_period', header: `Latest period for ${areaName}` },
    { key: 'loaded', header: 'Loaded' },
    { key: 'next_figures', header: 'Next figures' },
    { key: 'why_no_public_source', header: 'Why no public source' },
  ]
  return {
    name: 'coverage',
    title: `Data coverage: every indicator's source and latest period for ${areaName}`,
    source: 'Best Chance: data/sources/mappings.yaml and the figures loaded',
    columns,
    rows: rows.map((r): Record<string, CsvCell> => ({
      indicator_id: r.id,
      indicator: r.title,
      kind: r.kind,
      on_overview: r.onOverview ? 'yes' : 'no',
      source: r.source,
      measure: r.measure,
      latest_period: r.latest ?? 'No data yet',
      loaded: r.loaded,
      next_figures: r.nextFigures,
      why_no_public_source: r.why,
    })),
  }
}
