/**
 * The real-data build: from the published files in ../shared/realdata and data/sources/mappings.yaml
 * to the files the product ships (data/datasets/real-*.csv, data/areas/dfe-la-codes.csv,
 * data/areas/statistical-neighbours.csv). Deterministic: sorted rows, fixed number formatting, no
 * dates or paths of this machine, so the output is byte for byte the same on every run. Every row
 * passes the import's own row checks here, so the shipped files import with nothing rejected.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readIndicatorMetadata, readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { indicatorInfo } from '../../src/modules/indicators/import/import.service.js'
import type { ImportContext, IndicatorInfo } from '../../src/modules/indicators/import/import.types.js'
import { validateRow } from '../../src/modules/indicators/import/validate-row.js'
import { isPeriodError, parsePeriod } from '../../src/modules/indicators/periods.js'
import { DfeAreaResolver, type AreaSpan } from '../../src/modules/sources/dfe-areas.js'
import {
  readSourceMappings,
  type Source,
  type SourceMappingFile,
} from '../../src/modules/sources/source-mapping.schema.js'
import { applyMapping, rowKey, type MappingContext, type OutputRow } from './apply-mappings.js'
import { buildLaCodes, csvText, laCodesCsv } from './la-codes.js'
import { buildNeighbourGroups, groupsCsv } from './neighbours.js'
import { readCsvTable, readParquetTable, type SourceTable } from './read-tables.js'

export interface BuildResult {
  /** Path under data/ → content. */
  files: Map<string, string>
  problems: string[]
  notes: string[]
  rows: OutputRow[]
}

export const TEMPLATE_HEADER = [
  'indicator_id',
  'area_code',
  'period',
  'sex',
  'age',
  'category_type',
  'category',
  'value',
  'count',
  'denominator',
  'lower_95',
  'upper_95',
  'lower_998',
  'upper_998',
  'value_note',
  'source',
  'source_quote',
] as const

export async function buildRealData(realdataDir: string, dataDir: string): Promise<BuildResult> {
  const problems: string[] = []
  const notes: string[] = []
  const mappings = builtSources(readSourceMappings(path.join(dataDir, 'sources', 'mappings.yaml')))
  const areaRows = await readCsvObjects(readFileSync(path.join(dataDir, 'areas', 'areas.csv'), 'utf8'))
  const areas = new Map<string, AreaSpan>(
    areaRows.map((a) => [
      a.code!,
      { code: a.code!, name: a.name!, type: a.type!, validFrom: a.valid_from || null, validTo: a.valid_to || null },
    ]),
  )
  const metadata = readIndicatorMetadata(
    ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(dataDir, 'indicators', f)),
  )
  const indicators = new Map<string, IndicatorInfo>(
    metadata.map(({ indicator }) => [indicator.id, indicatorInfo(indicator.id, indicator)]),
  )
  const units = new Map(metadata.map(({ indicator }) => [indicator.id, indicator.unit]))

  // Each published file is read once, keeping only the records some mapping selects.
  const tables = new Map<string, SourceTable>()
  const laitMeasures = new Set(
    mappings.mappings
      .filter((m) => mappings.sources[m.source]?.format === 'lait')
      .flatMap((m) => (m.minus ? [m.measure, m.minus] : [m.measure])),
  )
  for (const [id, source] of Object.entries(mappings.sources)) {
    const file = path.join(realdataDir, source.file)
    tables.set(
      id,
      source.format === 'lait'
        ? await readParquetTable(file, (r) => laitMeasures.has(r.fields['Short Desc']!))
        : await readCsvTable(file),
    )
  }

  // LAIT names its areas by number only; its mapped measures cover every area it has.
  const laitId = Object.keys(mappings.sources).find((id) => mappings.sources[id]!.format === 'lait')
  const laCodes = await buildLaCodes(
    realdataDir,
    areas,
    laitId ? tables.get(laitId)! : { file: '', header: [], records: [] },
    problems,
  )
  const resolver = new DfeAreaResolver(laCodes, areas)
  const groups = await buildNeighbourGroups(realdataDir, resolver, (c) => areas.get(c)?.name ?? c, problems)

  // The mappings in file order: a key a later mapping repeats is an error unless it only fills gaps.
  const ctx: MappingContext = {
    indicators,
    areaCodes: new Set(areas.keys()),
    resolver,
    problems,
    outOfScope: new Map(),
    outsideValidity: 0,
  }
  const kept = new Map<string, OutputRow>()
  let gapsFilled = 0
  mappings.mappings.forEach((m, i) => {
    const source = mappings.sources[m.source]!
    const unit = units.get(m.indicator)
    if (unit !== undefined && unit !== 'tbc' && unit !== m.unit) {
      problems.push(
        `mapping ${i + 1} (${m.indicator}): the measure's unit "${m.unit}" is not the indicator's unit "${unit}"`,
      )
    }
    for (const row of applyMapping(m, i, source, tables.get(m.source)!, ctx)) {
      const key = rowKey(row)
      const earlier = kept.get(key)
      if (!earlier) {
        if (m.fills_gaps) gapsFilled++
        kept.set(key, row)
      } else if (!m.fills_gaps) {
        problems.push(
          `${row.from.file} line ${row.from.line}: ${m.indicator} ${row.areaCode} ${row.period} is already given by mapping ${earlier.from.mapping + 1}`,
        )
      }
    }
    const outside = ctx.outOfScope.get(i)
    if (outside)
      notes.push(
        `mapping ${i + 1} (${m.indicator} from ${source.file}): ${outside} records for areas outside England's upper tier left out`,
      )
  })
  if (ctx.outsideValidity)
    notes.push(
      `${ctx.outsideValidity} figures kept for an authority outside the dates its code was in use (noted on each)`,
    )
  if (gapsFilled) notes.push(`${gapsFilled} rows came from mappings that fill the gaps of earlier ones`)

  // The seed figures quote documents and stay; a published figure for the same key is left out.
  const seeds = await readCsvObjects(readFileSync(path.join(dataDir, 'datasets', 'seed-figures.csv'), 'utf8'))
  for (const s of seeds) {
    const period = parsePeriod(s.period!, { yearType: indicators.get(s.indicator_id!)?.yearType })
    if (isPeriodError(period)) continue
    const key = rowKey({
      indicatorId: s.indicator_id!,
      areaCode: s.area_code!,
      periodKey: period.key,
      sex: s.sex || 'Persons',
      age: s.age!,
      categoryType: s.category_type!,
      category: s.category!,
    })
    const plainKey = key.replace('|Persons|', '||')
    for (const k of [key, plainKey]) {
      const real = kept.get(k)
      if (!real) continue
      kept.delete(k)
      notes.push(
        `seed figure kept: ${s.indicator_id} ${s.area_code} ${s.period} ${s.sex || ''} seed ${s.value}, published ${real.value || `missing (${real.valueNote})`}`,
      )
    }
  }

  const rows = [...kept.values()]
  checkRows(rows, indicators, new Set(areas.keys()), problems, notes)

  const files = new Map<string, string>()
  const outputs = new Map<string, OutputRow[]>()
  const outputOf = (r: OutputRow) => mappings.sources[mappings.mappings[r.from.mapping]!.source]!.output
  for (const r of rows) {
    const list = outputs.get(outputOf(r))
    if (list) list.push(r)
    else outputs.set(outputOf(r), [r])
  }
  for (const output of [...new Set(Object.values(mappings.sources).map((s: Source) => s.output))].sort()) {
    files.set(path.join('datasets', output), datasetCsv(outputs.get(output) ?? []))
  }
  files.set(path.join('areas', 'dfe-la-codes.csv'), laCodesCsv(laCodes))
  files.set(path.join('areas', 'statistical-neighbours.csv'), groupsCsv(groups))
  return { files, problems, notes, rows }
}

/** The sources the build reads, and their mappings: a source imported at run time only (in_build: false) is left out. */
function builtSources(file: SourceMappingFile): SourceMappingFile {
  const sources = Object.fromEntries(Object.entries(file.sources).filter(([, s]) => s.in_build))
  return { ...file, sources, mappings: file.mappings.filter((m) => m.source in sources) }
}

/** The import's own checks on every row (a sex of Persons is the template's default, so written empty). */
function checkRows(
  rows: OutputRow[],
  indicators: Map<string, IndicatorInfo>,
  areas: Set<string>,
  problems: string[],
  notes: string[],
) {
  const context: ImportContext = { indicators, fingertipsIds: new Map(), areas, smallCountThreshold: 5 }
  let warnings = 0
  for (const r of rows) {
    const result = validateRow(
      {
        indicator: r.indicatorId,
        area: r.areaCode,
        period: r.period,
        sex: r.sex,
        age: r.age,
        categoryType: r.categoryType,
        category: r.category,
        value: r.value,
        count: r.count,
        denominator: r.denominator,
        lower95: r.lower95,
        upper95: r.upper95,
        lower998: '',
        upper998: '',
        valueNote: r.valueNote,
        source: r.source,
        sourceQuote: '',
      },
      r.from.line,
      context,
      {},
    )
    for (const e of result.errors)
      problems.push(`${r.from.file} line ${r.from.line} (${r.indicatorId}, ${r.areaCode}, ${r.period}): ${e.reason}`)
    warnings += result.warnings.length
  }
  if (warnings)
    notes.push(
      `${warnings} row warnings (small counts, or a published interval that differs from the indicator's method): the import will give the same`,
    )
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function datasetCsv(rows: readonly OutputRow[]): string {
  const sorted = [...rows].sort(
    (a, b) =>
      compare(a.indicatorId, b.indicatorId) ||
      compare(a.areaCode, b.areaCode) ||
      compare(a.sex, b.sex) ||
      compare(a.age, b.age) ||
      compare(a.categoryType, b.categoryType) ||
      compare(a.category, b.category) ||
      compare(a.periodKey, b.periodKey),
  )
  return csvText(
    TEMPLATE_HEADER,
    sorted.map((r) => [
      r.indicatorId,
      r.areaCode,
      r.period,
      r.sex,
      r.age,
      r.categoryType,
      r.category,
      r.value,
      r.count,
      r.denominator,
      r.lower95,
      r.upper95,
      '',
      '',
      r.valueNote,
      r.source,
      '',
    ]),
  )
}
