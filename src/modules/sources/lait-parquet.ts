/**
 * DfE's Local Authority Interactive Tool (LAIT) long format, bds_long_*.parquet, read as an import's
 * records: first the header (the file's columns), then one record a parquet row, every cell as
 * text, numbered as lines from 2 (line n is the file's row n - 1, as in a CSV with its header), so
 * every problem points at the row it came from. A row group is read at a time: memory stays flat.
 *
 * A gap between two measures (a mapping's `minus`) needs the second measure's figure for the same
 * area and year, which may be anywhere in the file: a first pass collects those figures and the
 * second joins each on as a column "less <measure>", so the reader of rows stays one row at a time.
 * A file that is not readable parquet is a FileProblem: the import refuses it before it begins.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import type { CsvRecord } from '../../lib/csv-stream.js'
import { FileProblem } from '../../lib/file-problem.js'

/** The columns an import of LAIT reads. */
export const LAIT_COLUMNS = ['Short Desc', 'Years', 'LA Number', 'Values'] as const

/** The column a second measure's figure for the same area and year is joined on as. */
export const lessColumn = (measure: string) => `less ${measure}`

type Buffer_ = Awaited<ReturnType<typeof asyncBufferFromFile>>
type Metadata = Awaited<ReturnType<typeof parquetMetadataAsync>>

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))
const joinKey = (measure: string, number: string, years: string) => `${measure}|${number}|${years}`

async function open(file: string): Promise<{ buffer: Buffer_; metadata: Metadata; columns: string[] }> {
  try {
    const buffer = await asyncBufferFromFile(file)
    const metadata = await parquetMetadataAsync(buffer)
    // The leaf columns, in the file's order (LAIT's are all flat).
    const columns = metadata.schema
      .slice(1)
      .filter((s) => !s.num_children)
      .map((s) => s.name)
    return { buffer, metadata, columns }
  } catch (error) {
    throw new FileProblem(
      null,
      `not a readable parquet file (${error instanceof Error ? error.message : String(error)})`,
    )
  }
}

/** Each row group's rows as [first row, end row), in order. */
function rowGroups(metadata: Metadata): [number, number][] {
  const groups: [number, number][] = []
  let start = 0
  for (const g of metadata.row_groups) {
    const end = start + Number(g.num_rows)
    groups.push([start, end])
    start = end
  }
  return groups
}

async function readRows(buffer: Buffer_, metadata: Metadata, range: [number, number], columns?: string[]) {
  try {
    return (await parquetReadObjects({
      file: buffer,
      metadata,
      columns,
      rowStart: range[0],
      rowEnd: range[1],
    })) as Record<string, unknown>[]
  } catch (error) {
    throw new FileProblem(
      range[0] + 2,
      `the parquet rows from line ${range[0] + 2} cannot be read (${error instanceof Error ? error.message : String(error)})`,
    )
  }
}

/** The first pass: every figure of the measures subtracted by a gap, by measure, DfE number and year. */
async function secondMeasures(buffer: Buffer_, metadata: Metadata, columns: string[], measures: ReadonlySet<string>) {
  const figures = new Map<string, string>()
  if (!measures.size || !LAIT_COLUMNS.every((c) => columns.includes(c))) return figures
  for (const range of rowGroups(metadata)) {
    for (const row of await readRows(buffer, metadata, range, [...LAIT_COLUMNS])) {
      const measure = text(row['Short Desc'])
      if (measures.has(measure))
        figures.set(joinKey(measure, text(row['LA Number']), text(row.Years)), text(row.Values))
    }
  }
  return figures
}

/**
 * The file's records. `lessMeasures` maps each measure that has a gap mapping to the measures
 * subtracted from it (from data/sources/mappings.yaml).
 */
export async function* readLaitParquet(
  file: string,
  lessMeasures: ReadonlyMap<string, readonly string[]>,
): AsyncGenerator<CsvRecord> {
  const { buffer, metadata, columns } = await open(file)
  const subtracted = [...new Set([...lessMeasures.values()].flat())].sort()
  const figures = await secondMeasures(buffer, metadata, columns, new Set(subtracted))
  yield { line: 1, fields: [...columns, ...subtracted.map(lessColumn)] }
  for (const range of rowGroups(metadata)) {
    const rows = await readRows(buffer, metadata, range)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const measure = text(row['Short Desc'])
      const wanted = new Set(lessMeasures.get(measure) ?? [])
      const joined = subtracted.map((m) =>
        wanted.has(m) ? (figures.get(joinKey(m, text(row['LA Number']), text(row.Years))) ?? '') : '',
      )
      yield { line: range[0] + i + 2, fields: [...columns.map((c) => text(row[c])), ...joined] }
    }
  }
}
