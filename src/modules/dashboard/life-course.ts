/**
 * A strategy's life-course table (the JLHWS's "Action is required across the life course"): for
 * each stage, each indicator's latest figure for the area beside London and England, and the
 * comparison in words. A difference is called significant only where the area's figure has an
 * interval; otherwise the words say it was compared by value only. Pure.
 */
import type { CsvCell } from '../../lib/csv-write.js'
import type { DownloadTable } from '../../web/table-download.js'
import { ComparisonLabel } from '../stats/labels.js'
import { SUPPRESSED_TEXT, type PublicSummaryRow } from '../disclosure/public-data.js'
import { formatValue, type ValueFormat } from '../indicators/value-format.js'
import { ENGLAND, LONDON } from '../indicators/summaries/summarise.js'
import { breakdownKey, breakdownText, byBreakdown, type Breakdown } from './breakdown.js'

export const BY_VALUE_ONLY = 'compared by value only, no interval published'

export interface LifeCourseRow {
  stageId: string
  stage: string
  indicatorId: string
  indicator: string
  href: string
  breakdown: string | null
  period: string | null
  area: string
  areaNumber: number | null
  london: string
  londonNumber: number | null
  england: string
  englandNumber: number | null
  suppressed: boolean
  comparison: string
}

export interface LifeCourseStage {
  id: string
  title: string
  rows: LifeCourseRow[]
}

const significantWords: Partial<Record<string, string>> = {
  [ComparisonLabel.better]: 'significantly better than',
  [ComparisonLabel.worse]: 'significantly worse than',
  [ComparisonLabel.higher]: 'significantly higher than',
  [ComparisonLabel.lower]: 'significantly lower than',
  [ComparisonLabel.similar]: 'similar to',
}

/** "Higher than London and England", grouping benchmarks that share the words, first letter capitalised. */
function joinComparisons(pairs: [string, string][]): string {
  const byWords = new Map<string, string[]>()
  for (const [name, words] of pairs) byWords.set(words, [...(byWords.get(words) ?? []), name])
  const text = [...byWords].map(([words, names]) => `${words} ${names.join(' and ')}`).join('; ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The comparison of the area's figure with London and England, in words. */
export function comparisonWords(
  area: PublicSummaryRow | null,
  london: number | null,
  england: number | null,
  areaName: string,
): string {
  if (!area) return `No figure for ${areaName}`
  if (area.suppressed || !area.summary) return 'Not compared (suppressed)'
  const s = area.summary
  const benchmarks: [string, number | null][] = [
    ['London', london],
    ['England', england],
  ]
  const available = benchmarks.filter((b): b is [string, number] => b[1] !== null)
  if (!available.length) return 'Not compared: no London or England figure'
  if (s.latest.lower95 !== null && s.latest.upper95 !== null) {
    const label = (name: string) => (name === 'London' ? s.london.comparison : s.england.comparison)
    return joinComparisons(available.map(([name]) => [name, significantWords[label(name)] ?? 'not compared with']))
  }
  const v = s.latest.value
  const words = (b: number) => (v > b ? 'higher than' : v < b ? 'lower than' : 'the same as')
  return `${joinComparisons(available.map(([name, b]) => [name, words(b)]))} (${BY_VALUE_ONLY})`
}

export interface StageInput {
  id: string
  title: string
  indicators: { id: string; title: string; href: string }[]
}

/** The rows of each stage, from the summaries of the area, London and England. */
export function lifeCourseTable(
  stages: readonly StageInput[],
  summaries: readonly PublicSummaryRow[],
  units: ReadonlyMap<string, string | ValueFormat>,
  area: { code: string; name: string },
): LifeCourseStage[] {
  return stages.map((stage) => ({
    id: stage.id,
    title: stage.title,
    rows: stage.indicators.flatMap((indicator) => {
      const unit = units.get(indicator.id) ?? ''
      const format = (v: number | null) => (v === null ? 'No figure' : formatValue(v, unit))
      const mine = summaries.filter((s) => s.indicatorId === indicator.id)
      const of = (code: string) => mine.filter((s) => s.areaCode === code)
      // Everyone first, then each group, from whichever of the three areas has figures.
      const breakdowns = new Map<string, Breakdown>()
      for (const r of byBreakdown(mine)) if (!breakdowns.has(breakdownKey(r))) breakdowns.set(breakdownKey(r), r)
      const base = {
        stageId: stage.id,
        stage: stage.title,
        indicatorId: indicator.id,
        indicator: indicator.title,
        href: indicator.href,
      }
      if (!breakdowns.size) {
        return [
          {
            ...base,
            breakdown: null,
            period: null,
            area: 'No data yet',
            areaNumber: null,
            london: 'No figure',
            londonNumber: null,
            england: 'No figure',
            englandNumber: null,
            suppressed: false,
            comparison: 'No data yet',
          },
        ]
      }
      return [...breakdowns.values()].map((b): LifeCourseRow => {
        const find = (code: string) => of(code).find((r) => breakdownKey(r) === breakdownKey(b)) ?? null
        const own = find(area.code)
        const period = own?.periodLabel ?? find(LONDON)?.periodLabel ?? find(ENGLAND)?.periodLabel ?? null
        // A benchmark's figure for the same period: from the area's summary, else from the benchmark's own latest row.
        const benchmark = (code: string, fromSummary: number | null | undefined) => {
          if (fromSummary !== null && fromSummary !== undefined) return fromSummary
          const row = find(code)
          return row?.summary && row.periodLabel === period ? row.summary.latest.value : null
        }
        const london = benchmark(LONDON, own?.summary?.london.value)
        const england = benchmark(ENGLAND, own?.summary?.england.value)
        const suppressed = !!own?.suppressed
        const areaNumber = own?.summary?.latest.value ?? null
        return {
          ...base,
          breakdown: breakdownText(b),
          period,
          area: suppressed ? SUPPRESSED_TEXT : format(areaNumber),
          areaNumber,
          london: format(london),
          londonNumber: london,
          england: format(england),
          englandNumber: england,
          suppressed,
          comparison: comparisonWords(own, london, england, area.name),
        }
      })
    }),
  }))
}

export function lifeCourseDownload(
  name: string,
  title: string,
  stages: readonly LifeCourseStage[],
  areaName: string,
): DownloadTable {
  const rows: Record<string, CsvCell>[] = stages.flatMap((s) =>
    s.rows.map((r) => ({
      stage: r.stage,
      indicator_id: r.indicatorId,
      indicator: r.indicator,
      breakdown: r.breakdown,
      period: r.period,
      area: r.areaNumber,
      area_note: r.suppressed ? SUPPRESSED_TEXT : null,
      london: r.londonNumber,
      england: r.englandNumber,
      comparison: r.comparison,
    })),
  )
  return {
    name,
    title,
    source:
      'Indicator summaries after disclosure control; the life-course figures are quoted from the strategy document',
    columns: [
      { key: 'stage', header: 'Life-course stage' },
      { key: 'indicator_id', header: 'Indicator id' },
      { key: 'indicator', header: 'Indicator' },
      { key: 'breakdown', header: 'Breakdown' },
      { key: 'period', header: 'Period' },
      { key: 'area', header: areaName },
      { key: 'area_note', header: `${areaName} note` },
      { key: 'london', header: 'London' },
      { key: 'england', header: 'England' },
      { key: 'comparison', header: 'Comparison' },
    ],
    rows,
  }
}
