/**
 * The file formats an import reads. Each maps the file's header to the fields of a RawRow by
 * column name (never by position: Fingertips has added columns over time), says which columns it
 * cannot do without, and names each field as the file does, for messages. A column it reads that
 * the header gives twice is refused: which of the two was meant cannot be known.
 */
import type { Field, RawRow, RowProblem } from './import.types.js'
import { PUBLISHER_COLUMNS } from './publisher-formats.js'

/**
 * `xlsx` is the data template in an Excel workbook: the template's columns, named apart in reports
 * and batches. `ees` and `ons` are publishers' own files, read by publisher-formats.ts; `lait` is
 * DfE's LAIT parquet (sources/lait-parquet.ts, indicators/import/lait-format.ts), never detected.
 */
export const ImportFormat = {
  fingertips: 'fingertips',
  template: 'template',
  xlsx: 'xlsx',
  ees: 'ees',
  ons: 'ons',
  lait: 'lait',
} as const
export type ImportFormat = (typeof ImportFormat)[keyof typeof ImportFormat]

/** The formats whose rows are the template's fields one to one. */
export type RowFormat = 'fingertips' | 'template' | 'xlsx'

export interface FormatReader {
  format: RowFormat
  /** The file's own name for each field it has. */
  columnNames: Partial<Record<Field, string>>
  toRawRow: (fields: string[]) => RawRow
}

interface FormatSpec {
  /** Field → the header names that supply it, compared without case or white space. */
  columns: Record<Field, string[]>
  required: Field[]
  /** Values a format implies when it has no column for them. */
  defaults?: Partial<RawRow>
}

const csvSpecs: Record<Exclude<RowFormat, 'xlsx'>, FormatSpec> = {
  fingertips: {
    columns: {
      indicator: ['Indicator ID'],
      area: ['Area Code'],
      period: ['Time period'],
      sex: ['Sex'],
      age: ['Age'],
      categoryType: ['Category Type'],
      category: ['Category'],
      value: ['Value'],
      count: ['Count'],
      denominator: ['Denominator'],
      lower95: ['Lower CI 95.0 limit'],
      upper95: ['Upper CI 95.0 limit'],
      lower998: ['Lower CI 99.8 limit'],
      upper998: ['Upper CI 99.8 limit'],
      valueNote: ['Value note'],
      source: [],
      sourceQuote: [],
    },
    required: ['indicator', 'area', 'period', 'sex', 'age', 'value'],
  },
  template: {
    columns: {
      indicator: ['indicator_id'],
      area: ['area_code'],
      period: ['period'],
      sex: ['sex'],
      age: ['age'],
      categoryType: ['category_type'],
      category: ['category'],
      value: ['value'],
      count: ['count'],
      denominator: ['denominator'],
      lower95: ['lower_95'],
      upper95: ['upper_95'],
      lower998: ['lower_998'],
      upper998: ['upper_998'],
      valueNote: ['value_note'],
      source: ['source'],
      sourceQuote: ['source_quote'],
    },
    required: ['indicator', 'area', 'period', 'value', 'source'],
  },
}

const specs: Record<RowFormat, FormatSpec> = { ...csvSpecs, xlsx: csvSpecs.template }

const normalise = (name: string) => name.replace(/\s+/g, '').toLowerCase()

export function readerFor(
  format: RowFormat,
  header: string[],
  headerLine: number,
  defaults: Partial<RawRow> = {},
): { reader: FormatReader } | { problems: RowProblem[] } {
  const spec = specs[format]
  const position = new Map<string, number>()
  const repeated: RowProblem[] = []
  const read = new Set(Object.values(spec.columns).flat().map(normalise))
  header.forEach((name, i) => {
    const key = normalise(name)
    const first = position.get(key)
    // A column given twice would be read from one of them, silently: refused, for the columns read.
    if (first !== undefined && read.has(key)) {
      repeated.push({
        line: headerLine,
        column: name.trim(),
        reason: `the column "${name.trim()}" appears twice (columns ${first + 1} and ${i + 1}): keep one`,
      })
    }
    if (first === undefined) position.set(key, i)
  })
  if (repeated.length) return { problems: repeated }
  const index = {} as Record<Field, number | undefined>
  const columnNames: Partial<Record<Field, string>> = {}
  for (const [field, names] of Object.entries(spec.columns) as [Field, string[]][]) {
    const found = names.find((n) => position.has(normalise(n)))
    index[field] = found === undefined ? undefined : position.get(normalise(found))
    if (found !== undefined) columnNames[field] = header[index[field]!]!.trim()
  }
  const missing = spec.required.filter((f) => index[f] === undefined)
  if (missing.length) {
    return {
      problems: missing.map((f) => ({
        line: headerLine,
        column: spec.columns[f][0]!,
        reason: `the ${format === 'fingertips' ? 'Fingertips' : 'template'} column "${spec.columns[f][0]}" is missing from the header`,
      })),
    }
  }
  const fields = Object.keys(spec.columns) as Field[]
  return {
    reader: {
      format,
      columnNames,
      toRawRow: (values) => {
        const row = {} as RawRow
        for (const f of fields) {
          const i = index[f]
          row[f] = (i === undefined ? (defaults[f] ?? '') : (values[i] ?? '')).trim()
        }
        return row
      },
    },
  }
}

/** The columns each format cannot do without, as its files name them, for detection and its message. */
const SIGNATURES: { format: ImportFormat; name: string; columns: readonly string[] }[] = [
  {
    format: ImportFormat.fingertips,
    name: 'Fingertips',
    columns: ['Indicator ID', 'Area Code', 'Time period', 'Value'],
  },
  {
    format: ImportFormat.template,
    name: 'the data template',
    columns: ['indicator_id', 'area_code', 'period', 'value', 'source'],
  },
  { format: ImportFormat.ees, name: 'Explore Education Statistics', columns: PUBLISHER_COLUMNS.ees },
  { format: ImportFormat.ons, name: 'ONS Explore Local Statistics', columns: PUBLISHER_COLUMNS.ons },
]

/**
 * Guesses the format from the header, for when the analyst does not say: a file with some of the
 * template's own columns is read as the template (so a missing one is named), and a header that is
 * none of them gets one problem saying which formats were tried and which columns each lacked.
 */
export function detectFormat(header: string[], headerLine = 1): ImportFormat | { problem: RowProblem } {
  const names = new Set(header.map(normalise))
  const has = (c: string) => names.has(normalise(c))
  if (has('Indicator ID') && has('Area Code')) return ImportFormat.fingertips
  if (has('time_period') && has('geographic_level')) return ImportFormat.ees
  if (has('areacd') && has('observation')) return ImportFormat.ons
  if (has('indicator_id') || has('area_code')) return ImportFormat.template
  const tried = SIGNATURES.map(
    (s) =>
      `${s.name} (no ${s.columns
        .filter((c) => !has(c))
        .map((c) => `"${c}"`)
        .join(', ')})`,
  )
  return {
    problem: {
      line: headerLine,
      column: null,
      reason: `the header matches no format Best Chance reads: tried ${tried.join('; ')}`,
    },
  }
}
