/**
 * The reader of an import's rows, made from the file's header before the transaction begins: the
 * template's fields one to one (template, Fingertips, workbook), or a publisher's file read through
 * data/sources/mappings.yaml (EES, ONS), where one published row may give several of ours, or none.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { readerFor, type ImportFormat } from './formats.js'
import type { ImportContext, RawRow, RowProblem } from './import.types.js'
import { eesReader, onsReader, PUBLISHER_COLUMNS } from './publisher-formats.js'
import { sourceMappings } from '../../sources/source-provenance.js'
import { dfeLaCodes } from '../../sources/dfe-la-codes.js'
import { DfeAreaResolver } from '../../sources/dfe-areas.js'
import { areaSpans } from '../areas.repository.js'
import { laitRowsReader } from './lait-reader.js'
import { withFingertipsSuggestions } from './new-measures.js'

export type ColumnNames = Partial<Record<keyof RawRow, string>>

/** A format's reader of rows: one template row per record, or (a publisher's file) any number. */
export interface RowsReader {
  toRawRows: (fields: string[], line: number) => { rows: RawRow[]; problems: RowProblem[] }
  columnNames: ColumnNames
  finish?: (headerLine: number) => RowProblem[]
}

export async function makeReader(
  db: Kysely<Database>,
  format: ImportFormat,
  header: string[],
  line: number,
  context: ImportContext,
  options: { sourceName: string; defaults?: Partial<RawRow> },
): Promise<RowsReader | { problems: RowProblem[]; advice?: RowProblem[] }> {
  if (format === 'lait') return laitRowsReader(db, header, line, context, options.sourceName)
  if (format === 'ees' || format === 'ons')
    return publisherReader(db, format, header, line, context, options.sourceName)
  const made = readerFor(format, header, line, options.defaults)
  if ('problems' in made) return made
  if (format === 'fingertips') return withFingertipsSuggestions(made.reader, header, context, options.sourceName)
  return {
    toRawRows: (fields: string[]) => ({ rows: [made.reader.toRawRow(fields)], problems: [] }),
    columnNames: made.reader.columnNames,
  }
}

async function publisherReader(
  db: Kysely<Database>,
  format: 'ees' | 'ons',
  header: string[],
  line: number,
  context: ImportContext,
  sourceName: string,
): Promise<RowsReader | { problems: RowProblem[] }> {
  // A column read given twice would be read from one of them, silently: refused, as the template's are.
  const names = header.map((h) => h.trim())
  const repeated = PUBLISHER_COLUMNS[format].filter((c) => names.indexOf(c) !== names.lastIndexOf(c))
  if (repeated.length) {
    return {
      problems: repeated.map((c) => ({
        line,
        column: c,
        reason: `the column "${c}" appears twice (columns ${names.indexOf(c) + 1} and ${names.lastIndexOf(c) + 1}): keep one`,
      })),
    }
  }
  const mappings = sourceMappings()
  if (!mappings)
    return {
      problems: [
        { line, column: null, reason: "data/sources/mappings.yaml is missing, so a publisher's file cannot be read" },
      ],
    }
  const publisher = {
    mappings,
    resolver: new DfeAreaResolver(dfeLaCodes(), await areaSpans(db)),
    areaCodes: context.areas,
    indicators: context.indicators,
  }
  const made =
    format === 'ees' ? eesReader(names, line, publisher, sourceName) : onsReader(names, line, publisher, sourceName)
  if ('problems' in made) return made
  const missing = PUBLISHER_COLUMNS[format].filter((c) => !names.includes(c))
  if (missing.length)
    return {
      problems: missing.map((c) => ({
        line,
        column: c,
        reason: `the ${format === 'ees' ? 'Explore Education Statistics' : 'ONS'} column "${c}" is missing from the header`,
      })),
    }
  return { ...made.reader, columnNames: {} as ColumnNames }
}
