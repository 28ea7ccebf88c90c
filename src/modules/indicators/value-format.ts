/**
 * The one way a figure is written for a reader: to its indicator's stated precision (`decimals` in
 * the metadata file), or else to the precision its kind of value is published to, so 33.0% reads
 * "33.0%" and never "33%". Pure. Precision is presentation: it changes no stored value.
 */

/** How an indicator's values are written: the unit as shown and the decimal places (null: as it comes, up to one). */
export interface ValueFormat {
  unit: string
  decimals: number | null
}

/** The precision each kind of value is published to when its metadata does not state one. */
const DECIMALS_BY_VALUE_TYPE: Record<string, number> = {
  proportion: 1,
  crude_rate: 1,
  directly_standardised_rate: 1,
  indirectly_standardised_ratio: 1,
  ratio: 2,
  mean: 1,
  life_expectancy: 1,
  time: 1,
  count: 0,
}

/** The precision a unit implies when neither the metadata nor the value type says. */
function decimalsByUnit(unit: string): number | null {
  if (unit === '%' || unit === 'percentage' || unit === 'percentage points') return 1
  if (unit === 'count') return 0
  if (/^per /.test(unit) || unit === 'years') return 1
  return null
}

/** An indicator's format from its metadata ("tbc" value type or unit: judged by what is known). */
export function valueFormatOf(meta: { unit?: unknown; value_type?: unknown; decimals?: unknown }): ValueFormat {
  const unit = typeof meta.unit === 'string' ? meta.unit : ''
  const stated = typeof meta.decimals === 'number' ? meta.decimals : undefined
  const byType = typeof meta.value_type === 'string' ? DECIMALS_BY_VALUE_TYPE[meta.value_type] : undefined
  return { unit, decimals: stated ?? byType ?? decimalsByUnit(unit) }
}

/** A value as shown: "33.0%", "1,204", "56.3 per 1,000", "7.25 score". */
/** Number formats by their digits: making one costs far more than using it (summaries write thousands of findings). */
const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(maximumFractionDigits: number, minimumFractionDigits: number): Intl.NumberFormat {
  const key = `${maximumFractionDigits}|${minimumFractionDigits}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { maximumFractionDigits, minimumFractionDigits })
    numberFormats.set(key, format)
  }
  return format
}

export function formatValue(value: number, format: string | ValueFormat): string {
  const { unit, decimals } = typeof format === 'string' ? { unit: format, decimals: decimalsByUnit(format) } : format
  const number = numberFormat(decimals ?? 1, decimals ?? (Number.isInteger(value) ? 0 : 1)).format(value)
  if (unit === '%') return `${number}%`
  if (unit === 'tbc' || unit === 'count' || unit === '') return number
  return `${number} ${unit}`
}
