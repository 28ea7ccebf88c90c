/**
 * What goes beside a figure wherever it shows (the overview's rows, downloads, the API): whether it
 * is a publisher's exact measure or a proxy (and for what), its source and licence with the Open
 * Government Licence attribution, and how fresh it is (its period, when it was loaded, when the
 * publisher's next figures are due). A figure is a mapped publisher's measure when a mapping of
 * data/sources/mappings.yaml has its indicator and breakdown and its source names that mapping's
 * publication; a figure quoted from a strategy's document, or an analyst's own, has no match. Pure.
 */
import { londonDate, type IsoDate } from '../../lib/dates.js'
import { nextPeriod } from './coverage.js'
import type { Mapping, SourceMappingFile } from './source-mapping.schema.js'
import { OGL_ATTRIBUTION, needsOglAttribution } from './source-provenance.js'

export const OGL = 'Open Government Licence v3.0'

/** A figure as labels need it: its indicator and breakdown, its source, period and when it was recorded. */
export interface LabelledFigure {
  indicatorId: string
  sex: string
  age: string
  categoryType: string
  category: string
  source: string
  periodLabel: string
  recordedAt: Date | string | null
}

export interface FigureLabel {
  /** exact or proxy for a mapped publisher's measure; null for a figure quoted in a strategy's document or an analyst's own. */
  match: 'exact' | 'proxy' | null
  /** For a proxy: what the published measure is and how it differs from the framework's. */
  proxyNote: string | null
  /** The publisher and publication of a mapped measure; otherwise the source as recorded. */
  source: string
  licence: typeof OGL | null
  attribution: string | null
  period: string
  /** The London date the figure was loaded. */
  loaded: IsoDate | null
  /** The publisher's next period, for a measure published on a known schedule. */
  nextFigures: string | null
}

const same = (a: string | undefined, b: string) => (a ?? '') === b

const byIndicator = new WeakMap<SourceMappingFile, Map<string, Mapping[]>>()

function mappingsOf(indicatorId: string, mappings: SourceMappingFile): Mapping[] {
  let index = byIndicator.get(mappings)
  if (!index) {
    index = new Map()
    for (const m of mappings.mappings) index.set(m.indicator, [...(index.get(m.indicator) ?? []), m])
    byIndicator.set(mappings, index)
  }
  return index.get(indicatorId) ?? []
}

/** The mapping a figure came from, if any. */
export function mappingOf(f: LabelledFigure, mappings: SourceMappingFile | null): Mapping | null {
  if (!mappings) return null
  return (
    mappingsOf(f.indicatorId, mappings).find((m) => {
      const s = mappings.sources[m.source]
      const b = m.breakdown
      return (
        (b.sex ?? 'Persons') === (f.sex || 'Persons') &&
        same(b.age, f.age) &&
        same(b.category_type, f.categoryType) &&
        same(b.category, f.category) &&
        s !== undefined &&
        f.source.startsWith(`${s.publisher}, ${s.publication}`)
      )
    }) ?? null
  )
}

export function figureLabel(f: LabelledFigure, mappings: SourceMappingFile | null): FigureLabel {
  const m = mappingOf(f, mappings)
  const s = m ? mappings!.sources[m.source]! : null
  const ogl = needsOglAttribution([f.source])
  const next = s?.frequency === 'annual' ? nextPeriod(f.periodLabel) : null
  return {
    match: m?.match ?? null,
    proxyNote: m?.match === 'proxy' ? m.note.replace(/^Proxy\.\s*/, '') : null,
    source: s ? `${s.publisher}, ${s.publication}` : f.source,
    licence: ogl ? OGL : null,
    attribution: ogl ? OGL_ATTRIBUTION : null,
    period: f.periodLabel,
    loaded: f.recordedAt ? londonDate(new Date(f.recordedAt)) : null,
    nextFigures:
      s?.next_update ?? (next ? `${next} (published yearly)` : s?.frequency === 'annual' ? 'Published yearly' : null),
  }
}

/** The key of a figure's breakdown, to find the label of an indicator's headline row. */
export const breakdownKey = (b: {
  indicatorId: string
  sex: string
  age: string
  categoryType: string
  category: string
}) => JSON.stringify([b.indicatorId, b.sex || 'Persons', b.age, b.categoryType, b.category])

/** The words of the proxy tag and freshness line a page shows with a figure. */
export function labelWords(
  label: FigureLabel,
  formatDate: (d: IsoDate) => string,
): { tag: string | null; freshness: string } {
  const parts = [
    label.loaded ? `Loaded ${formatDate(label.loaded)}` : null,
    label.nextFigures ? `next: ${label.nextFigures}` : null,
  ].filter(Boolean)
  return { tag: label.match === 'proxy' ? 'Proxy' : null, freshness: parts.join('; ') }
}

/** An indicator's sources and freshness for the open data API (snake_case, as the API writes keys). */
export interface IndicatorSourcesView {
  match: 'exact' | 'proxy' | null
  proxy_notes: string[]
  publications: string[]
  licence: typeof OGL | null
  attribution: string | null
  update_frequency: 'annual' | 'quarterly' | 'monthly' | 'discontinued' | null
  freshness: { area_code: string; latest_period: string | null; loaded_at: string | null; next_figures: string | null }
}

/** From the mapping file (via provenanceFor's result) and the area's latest figure of the indicator. */
export function indicatorSourcesView(
  provenance: { match: 'exact' | 'proxy'; notes: string[]; publications: string[]; yearly: boolean } | null,
  frequencies: readonly string[],
  areaCode: string,
  latest: { periodLabel: string; recordedAt: Date } | null,
): IndicatorSourcesView {
  const frequency =
    frequencies.length && frequencies.every((f) => f === frequencies[0])
      ? (frequencies[0] as IndicatorSourcesView['update_frequency'])
      : null
  const next = provenance?.yearly && latest ? nextPeriod(latest.periodLabel) : null
  return {
    match: provenance?.match ?? null,
    proxy_notes: provenance?.match === 'proxy' ? provenance.notes : [],
    publications: provenance?.publications ?? [],
    licence: provenance ? OGL : null,
    attribution: provenance ? OGL_ATTRIBUTION : null,
    update_frequency: frequency,
    freshness: {
      area_code: areaCode,
      latest_period: latest?.periodLabel ?? null,
      loaded_at: latest ? latest.recordedAt.toISOString() : null,
      next_figures: next,
    },
  }
}
