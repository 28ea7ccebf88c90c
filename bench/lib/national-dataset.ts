/**
 * The synthetic national dataset in Fingertips export format: every upper-tier authority, the
 * regions and England (data/areas/areas.csv), every indicator of data/indicators, 15 periods, and
 * for each area and period the three sexes and the ten deprivation deciles within the area:
 * 174 areas × 134 indicators × 15 × 13 = about 4.5 million rows at full size.
 *
 * The framework's indicators mostly have no Fingertips id yet, so the benchmark loads a copy of the
 * metadata in which each indicator carries a synthetic one (900001, 900002, … in file order); the
 * real files are not touched. A smaller run keeps whole indicators (the first ones, in file order),
 * so each indicator's data is as national as at full size. Values are proportions with Wilson
 * intervals; one row in `smallCountEvery` (400 by default; 0 for none) has a count below the disclosure
 * threshold, so disclosure control has figures to hide. Synthetic data only.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse, stringify } from 'yaml'
import { readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { FINGERTIPS_HEADER, csvField, lineWriter } from './fingertips-format.js'

export const FIRST_YEAR = 2010
export const YEARS = 15
const SEXES = ['Persons', 'Male', 'Female']
const DECILE_TYPE = 'LSOA11 deprivation deciles within area (IMD2019)'
const DECILES = [
  'Most deprived decile',
  'Second most deprived decile',
  'Third more deprived decile',
  'Fourth more deprived decile',
  'Fifth more deprived decile',
  'Fifth less deprived decile',
  'Fourth less deprived decile',
  'Third less deprived decile',
  'Second least deprived decile',
  'Least deprived decile',
].map((d) => `${d} (IMD2019)`)
/** Sex, category type, category: the breakdowns of one area in one period. */
const BREAKDOWNS: [string, string, string][] = [
  ...SEXES.map((s): [string, string, string] => [s, '', '']),
  ...DECILES.map((d): [string, string, string] => ['Persons', DECILE_TYPE, d]),
]

interface Area {
  code: string
  name: string
  type: string
  parent: Area | null
}

export interface BenchIndicator {
  id: string
  name: string
  fingertipsId: number
  frequency: string
}

const AREA_TYPES: Record<string, string> = { country: 'Country', region: 'Region', county_ua: 'County & UA' }

export async function nationalAreas(areasCsv: string): Promise<Area[]> {
  const rows = (await readCsvObjects(areasCsv)).filter((a) => a.type! in AREA_TYPES)
  const byCode = new Map<string, Area>()
  for (const r of rows) byCode.set(r.code!, { code: r.code!, name: r.name!, type: r.type!, parent: null })
  for (const r of rows) byCode.get(r.code!)!.parent = (r.parent_code && byCode.get(r.parent_code)) || null
  return [...byCode.values()]
}

/**
 * Copies each metadata file into `dir` with a synthetic Fingertips id on every indicator; returns
 * the copies (to load) and the indicators in file order.
 */
export function benchMetadata(files: string[], dir: string): { files: string[]; indicators: BenchIndicator[] } {
  const indicators: BenchIndicator[] = []
  const copies = files.map((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { indicators: Record<string, unknown>[] }
    for (const i of doc.indicators) {
      i.fingertips_id = 900_001 + indicators.length
      indicators.push({
        id: String(i.id),
        name: String(i.name),
        fingertipsId: Number(i.fingertips_id),
        frequency: String(i.frequency),
      })
    }
    const copy = path.join(dir, path.basename(file))
    writeFileSync(copy, stringify(doc))
    return copy
  })
  return { files: copies, indicators }
}

export const rowsPerIndicator = (areas: number) => areas * YEARS * BREAKDOWNS.length

/** The period as the export writes it: 2019/20 for a financial or academic year, else 2019. */
function period(year: number, frequency: string): string {
  return frequency === 'financial_year' || frequency === 'academic_year'
    ? `${year}/${String((year + 1) % 100).padStart(2, '0')}`
    : String(year)
}

function wilson(count: number, n: number, z: number): [number, number] {
  const p = count / n
  const centre = p + (z * z) / (2 * n)
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  const scale = 1 + (z * z) / n
  return [((centre - spread) / scale) * 100, ((centre + spread) / scale) * 100]
}

/** The numbers of one row, deterministic in its position. */
function figures(n: number, area: Area, smallCountEvery: number) {
  const denominator = (area.type === 'country' ? 600_000 : area.type === 'region' ? 70_000 : 3_000) + (n % 997)
  const share = 0.02 + ((n * 7919) % 5000) / 10_000
  const small = smallCountEvery > 0 && n % smallCountEvery === 7 % smallCountEvery
  const count = small ? 3 : Math.max(10, Math.round(denominator * share))
  const [l95, u95] = wilson(count, denominator, 1.959964)
  const [l998, u998] = wilson(count, denominator, 3.090232)
  return [(count / denominator) * 100, l95, u95, l998, u998]
    .map((x) => x.toFixed(4))
    .concat([String(count), String(denominator)])
}

/** Writes the file; `maxRows` is rounded up to whole indicators. Returns the rows and the indicators in it. */
export async function writeNationalFile(
  file: string,
  areas: Area[],
  indicators: BenchIndicator[],
  maxRows: number,
  smallCountEvery = 400,
): Promise<{ rows: number; indicators: BenchIndicator[] }> {
  const chosen = indicators.slice(0, Math.max(1, Math.ceil(maxRows / rowsPerIndicator(areas.length))))
  const out = lineWriter(file)
  await out.line(FINGERTIPS_HEADER.join(','))
  let n = 0
  for (const indicator of chosen) {
    const name = csvField(indicator.name)
    for (let year = FIRST_YEAR; year < FIRST_YEAR + YEARS; year++) {
      const label = period(year, indicator.frequency)
      for (const area of areas) {
        const head = [String(indicator.fingertipsId), name, area.parent?.code ?? '', csvField(area.parent?.name ?? '')]
        const place = [area.code, csvField(area.name), AREA_TYPES[area.type]!]
        for (const [sex, categoryType, category] of BREAKDOWNS) {
          const [value, l95, u95, l998, u998, count, denominator] = figures(n++, area, smallCountEvery)
          const fields = [...head, ...place, sex, 'All ages', categoryType, category, label, value!, l95!, u95!]
          fields.push(l998!, u998!, count!, denominator!, '', '', 'Similar', 'Similar', `${year}0000`, '', '')
          await out.line(fields.join(','))
        }
      }
    }
  }
  await out.end()
  return { rows: n, indicators: chosen }
}
