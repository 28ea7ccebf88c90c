/** What the summaries need of an indicator's metadata (parsed by its schema in the repository). */
import type { IndicatorRecord } from '../indicators.repository.js'
import type { SummaryIndicator } from './summarise.js'
import { valueFormatOf } from '../value-format.js'

/** What summaries need of an indicator's metadata. */
export function summaryIndicator(record: IndicatorRecord): SummaryIndicator {
  const meta = record.metadata
  return {
    id: record.id,
    name: record.name,
    valueType: meta.value_type,
    unit: meta.unit,
    decimals: valueFormatOf(meta).decimals,
    multiplier: typeof meta.multiplier === 'number' ? meta.multiplier : null,
    polarity: meta.polarity,
    ciMethod: meta.ci_method,
    target: numericTarget(meta.target),
  }
}

/** A target from metadata ({ value, by: "2025" }) as numbers; "tbc" or none gives null. */
function numericTarget(target: IndicatorRecord['metadata']['target']): { value: number; by: number } | null {
  if (!target || typeof target !== 'object') return null
  const year = Number(String(target.by ?? '').match(/\d{4}/)?.[0])
  return Number.isFinite(target.value) && Number.isFinite(year) ? { value: target.value, by: year } : null
}
