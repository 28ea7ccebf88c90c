/**
 * A file with a measure the framework does not track yet (a Fingertips indicator id no indicator
 * has, an Explore Education Statistics file none of whose columns is mapped) gets, in its import
 * report, the exact lines an analyst adds so that it imports: an indicator's metadata for a file in
 * data/indicators/ (read at start, every *.yaml there) and, for a DfE file, the source and mapping
 * for data/sources/mappings.yaml. Every value not in the file is "tbc", never a guess; the lines
 * are checked against the schemas they are for before they are offered. Pure.
 */
import { stringify } from 'yaml'
import { IndicatorMetadata } from '../indicator-metadata.schema.js'
import { Mapping, Source } from '../../sources/source-mapping.schema.js'
import type { ImportContext, RawRow, RowProblem } from './import.types.js'

/** A readable id from a name, unlike every id already taken. */
export function suggestedId(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'new-indicator'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}

/** A context indicator's metadata: what the file says, the rest tbc. */
export function contextIndicator(
  id: string,
  name: string,
  fields: { fingertipsId?: number; dataSource: string; notes: string },
): IndicatorMetadata {
  return IndicatorMetadata.parse({
    id,
    name,
    definition: 'tbc',
    value_type: 'tbc',
    unit: 'tbc',
    multiplier: 'tbc',
    polarity: 'tbc',
    ci_method: 'tbc',
    frequency: 'tbc',
    rba_kind: 'tbc',
    benchmarks: [],
    target: 'tbc',
    fingertips_id: fields.fingertipsId ?? null,
    data_source: fields.dataSource,
    owner: 'tbc',
    in_framework: false,
    notes: fields.notes,
  })
}

const yamlOf = (value: unknown) => stringify(value, { lineWidth: 0 }).trimEnd()

/** Watches a Fingertips file's rows for indicator ids no indicator of ours has. */
export function fingertipsNewMeasures(
  header: string[],
  known: ReadonlyMap<number, string>,
  taken: ReadonlySet<string>,
  fileName: string,
) {
  const at = (name: string) =>
    header.findIndex((h) => h.replace(/\s+/g, '').toLowerCase() === name.replace(/\s+/g, '').toLowerCase())
  const idColumn = at('Indicator ID')
  const nameColumn = at('Indicator Name')
  const unknown = new Map<number, { name: string; line: number }>()
  return {
    see(fields: string[], line: number) {
      const text = (fields[idColumn] ?? '').trim()
      if (!/^\d+$/.test(text) || known.has(Number(text)) || unknown.has(Number(text))) return
      unknown.set(Number(text), { name: (fields[nameColumn] ?? '').trim() || `Fingertips indicator ${text}`, line })
    },
    finish(headerLine: number): RowProblem[] {
      const ids = new Set(taken)
      return [...unknown].map(([fingertipsId, { name, line }]) => {
        const id = suggestedId(name, ids)
        ids.add(id)
        const entry = contextIndicator(id, name, {
          fingertipsId,
          dataSource: `OHID Fingertips, indicator ${fingertipsId}`,
          notes: `Offered by the import of ${fileName} (Fingertips indicator ${fingertipsId}, first on line ${line}); every tbc is to be confirmed.`,
        })
        return {
          line: headerLine,
          column: 'Indicator ID',
          reason:
            `Fingertips indicator ${fingertipsId} ("${name}") is not tracked yet. To import it, add these lines to a file in data/indicators/ ` +
            `(a new one such as data/indicators/context.yaml is read too), restart Best Chance, and import the file again:\n${yamlOf({ indicators: [entry] })}`,
        }
      })
    },
  }
}

/** Columns of every Explore Education Statistics file that are not measures. */
const EES_GEOGRAPHY =
  /^(time_period|time_identifier|geographic_level|(country|region|la|new_la|old_la|lad|pcon|opportunity_area|rsc_region|english_devolved_area|local_enterprise_partnership)_(code|name))$/

/**
 * For a DfE Explore Education Statistics file none of whose columns is mapped: a source, one
 * indicator and one mapping for each column that may be a measure (the analyst keeps those that are,
 * and names a filter under `filters:` where a measure needs one).
 */
export function eesNewMeasures(
  header: string[],
  headerLine: number,
  taken: ReadonlySet<string>,
  fileName: string,
): RowProblem {
  const stem = fileName.replace(/\.[^.]+$/, '')
  const sourceId = suggestedId(stem, new Set()).slice(0, 40).replace(/-+$/, '')
  const source = Source.parse({
    publisher: 'Department for Education',
    publication: 'tbc: the Explore Education Statistics publication',
    file: fileName,
    origin: 'tbc: where the file was published',
    licence: 'Open Government Licence v3.0',
    format: 'ees',
    output: `real-${sourceId}.csv`,
    frequency: 'annual',
    in_build: false,
  })
  const ids = new Set(taken)
  const indicators = []
  const mappings = []
  for (const column of header.filter((h) => !EES_GEOGRAPHY.test(h))) {
    const id = suggestedId(column.replace(/_/g, ' '), ids)
    ids.add(id)
    indicators.push(
      contextIndicator(id, column.replace(/_/g, ' '), {
        dataSource: `Department for Education, ${fileName}, column ${column}`,
        notes: `Offered by the import of ${fileName}; every tbc is to be confirmed.`,
      }),
    )
    const mapping = {
      indicator: id,
      source: sourceId,
      measure: column,
      years: 'calendar',
      unit: 'tbc',
      match: 'exact',
      note: `The published column ${column} of ${fileName}.`,
    }
    Mapping.parse(mapping)
    mappings.push(mapping)
  }
  return {
    line: headerLine,
    column: null,
    reason:
      `To import its measures, add these lines: under "sources:" and "mappings:" of data/sources/mappings.yaml (keep the columns that are measures; ` +
      `a column that is a filter goes under a mapping's "filters:"; "years:" is how its time_period reads), and a file in data/indicators/; then restart Best Chance and import the file again:\n` +
      `# data/sources/mappings.yaml\n${yamlOf({ sources: { [sourceId]: source } })}\n${yamlOf({ mappings })}\n# data/indicators/context.yaml\n${yamlOf({ indicators })}`,
  }
}

/** A Fingertips file's reader of rows, offering at its end the metadata of each indicator id no indicator of ours has. */
export function withFingertipsSuggestions(
  reader: { toRawRow: (fields: string[]) => RawRow; columnNames: Partial<Record<keyof RawRow, string>> },
  header: string[],
  context: ImportContext,
  fileName: string,
) {
  const watcher = fingertipsNewMeasures(header, context.fingertipsIds, new Set(context.indicators.keys()), fileName)
  return {
    toRawRows: (fields: string[], line: number): { rows: RawRow[]; problems: RowProblem[] } => {
      watcher.see(fields, line)
      return { rows: [reader.toRawRow(fields)], problems: [] }
    },
    columnNames: reader.columnNames,
    finish: watcher.finish,
  }
}
