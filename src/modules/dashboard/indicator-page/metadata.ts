/**
 * "Definition and source": the indicator's metadata file entry in words for a summary list, with a
 * Fingertips link where it has an id. Pure.
 */
import type { IndicatorMetadata } from '../../indicators/indicator-metadata.schema.js'

export interface MetadataRow {
  key: string
  text: string
  href?: string
}

const TBC = 'To be confirmed'
const words = (table: Record<string, string>, value: unknown) =>
  value === 'tbc' || value === undefined ? TBC : (table[String(value)] ?? String(value))

const valueTypeWords: Record<string, string> = {
  proportion: 'Proportion (a percentage of a denominator)',
  crude_rate: 'Crude rate',
  count: 'Count',
  mean: 'Mean',
  directly_standardised_rate: 'Directly standardised rate',
  indirectly_standardised_ratio: 'Indirectly standardised ratio',
  ratio: 'Ratio',
  life_expectancy: 'Life expectancy',
  time: 'Time',
}
const polarityWords: Record<string, string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  no_judgement: 'Neither higher nor lower is better in itself',
}
const frequencyWords: Record<string, string> = {
  annual: 'Every calendar year',
  financial_year: 'Every financial year (April to March)',
  academic_year: 'Every academic year (September to August)',
  quarterly: 'Every quarter',
  monthly: 'Every month',
  rolling_3_year: 'Rolling three-year periods',
  ad_hoc: 'From time to time, with no fixed timetable',
}
const rbaWords: Record<string, string> = {
  population_indicator:
    'Population indicator: the well-being of a whole population, which no one service can turn alone',
  how_much: 'Performance measure: how much did we do?',
  how_well: 'Performance measure: how well did we do it?',
  better_off: 'Performance measure: is anyone better off?',
}
const ciWords: Record<string, string> = {
  wilson: 'Wilson score',
  byar: 'Byar’s method',
  exact: 'Exact (Poisson)',
  poisson: 'Exact Poisson below 10 events, otherwise Byar’s method',
  dobson: 'Dobson’s method',
  t: 't distribution',
  chiang: 'Chiang II',
  none: 'None',
}
const benchmarkWords: Record<string, string> = {
  england: 'England',
  london: 'London',
  statistical_neighbours: 'Statistical neighbours',
}

/** The indicator's definition and source, from its metadata file, in words for a summary list. */
export function metadataRows(meta: Partial<IndicatorMetadata>): MetadataRow[] {
  const text = (v: unknown) => (v === 'tbc' || v === undefined || v === null || v === '' ? TBC : String(v))
  const fingertips = meta.fingertips_id
  const target = meta.target
  const benchmarks: string[] = meta.benchmarks ?? []
  return [
    { key: 'Definition', text: text(meta.definition) },
    { key: 'Unit', text: text(meta.unit) },
    { key: 'Type of value', text: words(valueTypeWords, meta.value_type) },
    { key: 'Which way is better', text: words(polarityWords, meta.polarity) },
    { key: 'How often it is published', text: words(frequencyWords, meta.frequency) },
    { key: 'Source', text: text(meta.data_source) },
    typeof fingertips === 'number'
      ? {
          key: 'Fingertips indicator',
          text: `Indicator ${fingertips} on Fingertips`,
          href: `https://fingertips.phe.org.uk/search/${fingertips}`,
        }
      : { key: 'Fingertips indicator', text: fingertips === null ? 'Not published on Fingertips' : TBC },
    { key: 'Results-Based Accountability', text: words(rbaWords, meta.rba_kind) },
    {
      key: 'Compared with',
      text: benchmarks.length ? benchmarks.map((b) => benchmarkWords[b] ?? b).join(', ') : 'No benchmarks named',
    },
    { key: 'Confidence intervals', text: words(ciWords, meta.ci_method) },
    {
      key: 'Target',
      text:
        target && typeof target === 'object'
          ? `${target.value}${meta.unit === '%' ? '%' : ''} by ${target.by} (${target.source})`
          : target === 'tbc'
            ? TBC
            : 'None set',
    },
    { key: 'Owner', text: text(meta.owner) },
  ]
}
