/**
 * SYNTHETIC test data for disclosure control: a made-up dataset for a real framework indicator
 * (gld-eyfs, a proportion), every row labelled synthetic in its source column. Barking and
 * Dagenham's 2022/23 Male cell is small: 3 of 40 (7.5%, published interval 2.61 to 20.39), Female
 * 37 of 41, Persons 40 of 81. The numbers were picked to be distinctive, so a test can look for
 * them in any page or download. Not real figures.
 */
import type { Kysely } from 'kysely'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../src/config.js'
import type { Database } from '../../src/db/database.js'
import { importData, type ImportReport } from '../../src/modules/indicators/import/import.service.js'

export const PLANTED_INDICATOR = 'gld-eyfs'
export const BD = 'E09000002'
export const CAMDEN = 'E09000007'
export const HACKNEY = 'E09000012'
export const NEWHAM = 'E09000025'
export const LONDON = 'E12000007'
export const NORTH_EAST = 'E12000001'
export const ENGLAND = 'E92000001'
export const HARTLEPOOL = 'E06000001'
export const PERIODS = ['2020/21', '2021/22', '2022/23'] as const
export const LATEST = '2022/23'
export const LATEST_KEY = '2022-09-01/2023-08-31'

/** The small cell and its neighbours, as planted. */
export const SMALL = { count: 3, denominator: 40, value: 7.5, lower95: 2.61, upper95: 20.39 }
export const FEMALE = { count: 37, denominator: 41, value: 90.24 }
export const PERSONS = { count: 40, denominator: 81, value: 49.38 }

/** Male and female denominators by area. */
const denominators: Record<string, [number, number]> = {
  [BD]: [40, 41],
  [CAMDEN]: [100, 100],
  [HACKNEY]: [120, 120],
  [NEWHAM]: [210, 210],
  [LONDON]: [47000, 46000],
  [NORTH_EAST]: [14000, 13600],
  [ENGLAND]: [310000, 300000],
  [HARTLEPOOL]: [500, 480],
}
const shares: Record<string, [number, number]> = { '2020/21': [0.62, 0.7], '2021/22': [0.64, 0.72], '2022/23': [0.66, 0.74] }

export interface PlantedRow {
  area: string
  period: string
  sex: 'Persons' | 'Male' | 'Female'
  categoryType: string
  category: string
  count: number
  denominator: number
  value: number
  lower95: number | null
  upper95: number | null
}

const pct = (count: number, denominator: number) => Number(((100 * count) / denominator).toFixed(2))

export function plantedRows(): PlantedRow[] {
  const rows: PlantedRow[] = []
  const row = (area: string, period: string, sex: PlantedRow['sex'], count: number, denominator: number, extra: Partial<PlantedRow> = {}) =>
    rows.push({ area, period, sex, categoryType: '', category: '', count, denominator, value: pct(count, denominator), lower95: null, upper95: null, ...extra })
  for (const [area, [maleDen, femaleDen]] of Object.entries(denominators)) {
    for (const period of PERIODS) {
      let male = Math.round(shares[period]![0] * maleDen)
      let female = Math.round(shares[period]![1] * femaleDen)
      let interval: Partial<PlantedRow> = {}
      if (area === BD && period === LATEST) {
        male = SMALL.count
        female = FEMALE.count
        interval = { value: SMALL.value, lower95: SMALL.lower95, upper95: SMALL.upper95 }
      }
      // A small count in an earlier year: the projection fitted through it must not be published.
      if (area === HACKNEY && period === '2021/22') male = 4
      row(area, period, 'Male', male, maleDen, interval)
      row(area, period, 'Female', female, femaleDen)
      row(area, period, 'Persons', male + female, maleDen + femaleDen)
    }
  }
  // A category breakdown with a small cell: free school meals in Hackney, 2022/23.
  const hackneyPersons = rows.find((r) => r.area === HACKNEY && r.period === LATEST && r.sex === 'Persons')!
  row(HACKNEY, LATEST, 'Persons', 4, 40, { categoryType: 'Free school meals', category: 'Eligible' })
  row(HACKNEY, LATEST, 'Persons', hackneyPersons.count - 4, hackneyPersons.denominator - 40, { categoryType: 'Free school meals', category: 'Not eligible' })
  return rows
}

const header = 'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'

export function plantedCsv(rows = plantedRows()): string {
  const lines = rows.map((r) =>
    [PLANTED_INDICATOR, r.area, r.period, r.sex, '', r.categoryType, r.category, r.value, r.count, r.denominator, r.lower95 ?? '', r.upper95 ?? '', '', '', '', 'synthetic test data', ''].join(','),
  )
  return [header, ...lines].join('\n') + '\n'
}

export async function plantData(db: Kysely<Database>, csv = plantedCsv()): Promise<ImportReport> {
  const report = await importData(db, [csv], { sourceName: 'synthetic-disclosure.csv', format: 'template', actor: 'test' })
  if (!report.stored) throw new Error(`planted data refused: ${JSON.stringify(report.errors.slice(0, 5))}`)
  return report
}

export const indicatorFiles = () =>
  readdirSync(path.join(projectRoot, 'data/indicators'))
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => path.join(projectRoot, 'data/indicators', n))
