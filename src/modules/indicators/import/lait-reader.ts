/**
 * The reader of a LAIT file's rows for the import service, made from its header before the
 * transaction begins: the mappings, DfE numbers and areas, and the current figures that another
 * publication gives for the indicators whose LAIT mapping only fills gaps (those are left alone);
 * and the file's records, read from its parquet.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import { sourceMappings } from '../../sources/source-provenance.js'
import { dfeLaCodes } from '../../sources/dfe-la-codes.js'
import { DfeAreaResolver } from '../../sources/dfe-areas.js'
import { currentFiguresFromOtherSources } from '../../sources/sources.repository.js'
import { areaSpans } from '../areas.repository.js'
import type { ImportContext, RawRow, RowProblem } from './import.types.js'
import { figureKey, laitReader, lessMeasures } from './lait-format.js'
import { readLaitParquet } from '../../sources/lait-parquet.js'
import type { CsvRecord } from '../../../lib/csv-stream.js'

export async function laitRowsReader(
  db: Kysely<Database>,
  header: string[],
  line: number,
  context: ImportContext,
  sourceName: string,
) {
  const mappings = sourceMappings()
  if (!mappings)
    return {
      problems: [
        { line, column: null, reason: "data/sources/mappings.yaml is missing, so a publisher's file cannot be read" },
      ] as RowProblem[],
    }
  const lait = Object.values(mappings.sources).find((s) => s.format === 'lait')
  const fillers = mappings.mappings
    .filter((m) => m.fills_gaps && mappings.sources[m.source]?.format === 'lait')
    .map((m) => m.indicator)
  const elsewhere = lait
    ? await currentFiguresFromOtherSources(db, [...new Set(fillers)], `${lait.publisher}, ${lait.publication}`)
    : []
  const made = laitReader(
    header.map((h) => h.trim()),
    line,
    {
      mappings,
      resolver: new DfeAreaResolver(dfeLaCodes(), await areaSpans(db)),
      areaCodes: context.areas,
      indicators: context.indicators,
      givenElsewhere: new Set(elsewhere.map((f) => figureKey({ ...f, indicator: f.indicatorId, area: f.areaCode }))),
    },
    sourceName,
  )
  if ('problems' in made) return made
  return { ...made.reader, columnNames: {} as Partial<Record<keyof RawRow, string>> }
}

/** A LAIT parquet file's records, with the second measure of each gap mapping joined on. */
export function laitRecords(file: string): AsyncGenerator<CsvRecord> {
  const mappings = sourceMappings()
  return readLaitParquet(file, mappings ? lessMeasures({ mappings }) : new Map())
}
