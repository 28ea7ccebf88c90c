/**
 * Measures issue 13's "done when": how many framework indicators have a real published series of
 * at least five periods for Barking and Dagenham, London and England, read from the shipped files
 * (data/datasets/real-*.csv) the same way the real-data test reads the database: distinct periods
 * with a value, any breakdown, rows citing the Open Government Licence. Run it with
 *
 *   npx tsx scripts/realdata/series-count.ts
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { projectRoot } from '../../src/config.js'
import { readCsvObjects, readIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { indicatorInfo } from '../../src/modules/indicators/import/import.service.js'
import { isPeriodError, parsePeriod } from '../../src/modules/indicators/periods.js'
import type { IndicatorInfo } from '../../src/modules/indicators/import/import.types.js'

export const TARGET_AREAS = { bd: 'E09000002', london: 'E12000007', england: 'E92000001' } as const

export interface SeriesCount {
  /** Framework indicators with at least `minPeriods` valued periods for every target area. */
  indicators: string[]
  /** Per target area, the framework indicators with at least `minPeriods` valued periods there. */
  byArea: Record<keyof typeof TARGET_AREAS, string[]>
}

/** Counts from rows of the data template (indicator_id, area_code, period, value, source). */
export function countSeries(
  rows: readonly Record<string, string>[],
  framework: ReadonlyMap<string, { yearType?: IndicatorInfo['yearType'] }>,
  minPeriods = 5,
): SeriesCount {
  const periods = new Map<string, Set<string>>()
  const targets = new Set<string>(Object.values(TARGET_AREAS))
  for (const r of rows) {
    const info = framework.get(r.indicator_id!)
    if (!info || !targets.has(r.area_code!) || r.value === '' || !r.source!.includes('Open Government Licence'))
      continue
    const period = parsePeriod(r.period!, { yearType: info.yearType })
    const key = `${r.indicator_id}|${r.area_code}`
    const set = periods.get(key) ?? new Set<string>()
    set.add(isPeriodError(period) ? r.period! : period.key)
    periods.set(key, set)
  }
  const enough = (area: string) =>
    [...framework.keys()].filter((id) => (periods.get(`${id}|${area}`)?.size ?? 0) >= minPeriods).sort()
  const byArea = {
    bd: enough(TARGET_AREAS.bd),
    london: enough(TARGET_AREAS.london),
    england: enough(TARGET_AREAS.england),
  }
  const indicators = byArea.bd.filter((id) => byArea.london.includes(id) && byArea.england.includes(id))
  return { indicators, byArea }
}

/** Reads the shipped real datasets and the framework's indicator metadata under a data directory. */
export async function countShippedSeries(dataDir: string, minPeriods = 5): Promise<SeriesCount> {
  const metadata = readIndicatorMetadata(
    ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(dataDir, 'indicators', f)),
  )
  const framework = new Map(
    metadata
      .filter(({ indicator }) => indicator.in_framework)
      .map(({ indicator }) => [indicator.id, { yearType: indicatorInfo(indicator.id, indicator).yearType }]),
  )
  const rows: Record<string, string>[] = []
  const dir = path.join(dataDir, 'datasets')
  for (const file of readdirSync(dir)
    .filter((f) => /^real-.*\.csv$/.test(f))
    .sort()) {
    rows.push(...(await readCsvObjects(readFileSync(path.join(dir, file), 'utf8'))))
  }
  return countSeries(rows, framework, minPeriods)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await countShippedSeries(path.join(projectRoot, 'data'))
  console.log(
    `Barking and Dagenham: ${result.byArea.bd.length}, London: ${result.byArea.london.length}, England: ${result.byArea.england.length}`,
  )
  console.log(`framework indicators with at least 5 periods for all three: ${result.indicators.length}`)
  console.log(result.indicators.join('\n'))
}
