/**
 * SYNTHETIC test data for disclosure control: made-up figures for four real framework indicators,
 * every row labelled synthetic in its source column, with 15 small counts planted where the probe
 * of issue 12 worked counts out by subtraction. Every total is exactly the sum of its parts, so a
 * reader who saw every figure could subtract; disclosure control must stop that. Not real figures.
 *
 * - gld-eyfs (a proportion, academic years 2020/21-2022/23): England = London + North East; London
 *   = four boroughs; North East = three authorities; Persons = Male + Female everywhere; Hackney's
 *   2022/23 Persons split by free school meals. Barking and Dagenham's 2022/23 Male cell is 3 of 40
 *   (7.5%, published interval 2.61 to 20.39), Female 37 of 46, Persons 40 of 86.
 * - repeat-referrals (financial years): a year and its quarters, a year to date and its last
 *   quarter, and a 3-year period with its single years.
 * - repeat-child-protection-plans: age bands with a wider band and the all-ages row.
 * - neet-16-17: England and every planted authority, and no region.
 * A revision (version 2) corrects two small counts upwards, with every total above them.
 */
import type { Kysely } from 'kysely'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../src/config.js'
import type { Database } from '../../src/db/database.js'
import { importData, type ImportReport } from '../../src/modules/indicators/import/import.service.js'
import { plantedHierarchy } from './disclosure-planted-hierarchy.js'

export const PLANTED_INDICATOR = 'gld-eyfs'
export const REFERRALS = 'repeat-referrals'
export const PROTECTION = 'repeat-child-protection-plans'
export const NEET = 'neet-16-17'
export const PLANTED_INDICATORS = [PLANTED_INDICATOR, REFERRALS, PROTECTION, NEET] as const

export const BD = 'E09000002'
export const CAMDEN = 'E09000007'
export const HACKNEY = 'E09000012'
export const NEWHAM = 'E09000025'
export const LONDON = 'E12000007'
export const NORTH_EAST = 'E12000001'
export const ENGLAND = 'E92000001'
export const HARTLEPOOL = 'E06000001'
export const MIDDLESBROUGH = 'E06000002'
export const DARLINGTON = 'E06000005'
export const PERIODS = ['2020/21', '2021/22', '2022/23'] as const
export const LATEST = '2022/23'
export const LATEST_KEY = '2022-09-01/2023-08-31'

/** The small cell and its neighbours, as planted (case 1). */
export const SMALL = { count: 3, denominator: 40, value: 7.5, lower95: 2.61, upper95: 20.39 }
export const FEMALE = { count: 37, denominator: 46, value: 80.43 }
export const PERSONS = { count: 40, denominator: 86, value: 46.51 }

export interface PlantedRow {
  indicator: string
  area: string
  period: string
  sex: 'Persons' | 'Male' | 'Female'
  age: string
  categoryType: string
  category: string
  count: number
  denominator: number
  value: number
  lower95: number | null
  upper95: number | null
}

/** A figure's identity in the planted data: indicator, area, period label, sex, age, category type, category. */
export const plantedKey = (
  r: Pick<PlantedRow, 'indicator' | 'area' | 'period' | 'sex' | 'age' | 'categoryType' | 'category'>,
) => [r.indicator, r.area, r.period, r.sex, r.age, r.categoryType, r.category].join('|')

export interface PlantedCase {
  n: number
  route: string
  key: string
  count: number
  denominator: number
  /** The count as it stands after the revision, when the revision changed it. */
  revisedTo?: number
  /** The number that is small: the count, or (a proportion's complement) denominator minus count. */
  small: number
}

const k = (
  indicator: string,
  area: string,
  period: string,
  sex: PlantedRow['sex'] = 'Persons',
  age = '',
  categoryType = '',
  category = '',
) => plantedKey({ indicator, area, period, sex, age, categoryType, category })

/** The 15 planted small numbers, each with the way the probe (or one like it) worked it out. */
export const PLANTED_CASES: PlantedCase[] = [
  {
    n: 1,
    route: 'Persons minus Female (sex)',
    key: k(PLANTED_INDICATOR, BD, LATEST, 'Male'),
    count: 3,
    denominator: 40,
    small: 3,
  },
  {
    n: 2,
    route: 'a projection fitted through it',
    key: k(PLANTED_INDICATOR, HACKNEY, '2021/22', 'Male'),
    count: 4,
    denominator: 120,
    small: 4,
  },
  {
    n: 3,
    route: 'the total minus the other category',
    key: k(PLANTED_INDICATOR, HACKNEY, LATEST, 'Persons', '', 'Free school meals', 'Eligible'),
    count: 4,
    denominator: 40,
    small: 4,
  },
  {
    n: 4,
    route: 'a region outside London minus its upper-tier authorities',
    key: k(PLANTED_INDICATOR, HARTLEPOOL, LATEST, 'Female'),
    count: 2,
    denominator: 45,
    small: 2,
  },
  {
    n: 5,
    route: 'the complement: denominator minus count',
    key: k(PLANTED_INDICATOR, CAMDEN, LATEST, 'Female'),
    count: 96,
    denominator: 99,
    small: 3,
  },
  {
    n: 6,
    route: 'a region outside London minus its other authorities (males)',
    key: k(PLANTED_INDICATOR, MIDDLESBROUGH, '2020/21', 'Male'),
    count: 2,
    denominator: 50,
    small: 2,
  },
  {
    n: 7,
    route: 'an earlier version minus the current one (sex)',
    key: k(PLANTED_INDICATOR, NEWHAM, LATEST, 'Female'),
    count: 2,
    denominator: 60,
    revisedTo: 12,
    small: 2,
  },
  {
    n: 8,
    route: 'a year minus its quarters',
    key: k(REFERRALS, BD, '2022/23 Q2'),
    count: 4,
    denominator: 61,
    small: 4,
  },
  {
    n: 9,
    route: 'a 3-year period minus its single years',
    key: k(REFERRALS, BD, '2020/21'),
    count: 3,
    denominator: 47,
    small: 3,
  },
  {
    n: 10,
    route: 'a year minus its year to date',
    key: k(REFERRALS, CAMDEN, '2022/23 Q4'),
    count: 2,
    denominator: 53,
    small: 2,
  },
  {
    n: 11,
    route: 'age bands adding up to all ages',
    key: k(PROTECTION, BD, LATEST, 'Persons', '16-17 yrs'),
    count: 3,
    denominator: 29,
    small: 3,
  },
  {
    n: 12,
    route: 'a band minus its narrower bands',
    key: k(PROTECTION, CAMDEN, LATEST, 'Persons', '<1 yr'),
    count: 1,
    denominator: 23,
    small: 1,
  },
  {
    n: 13,
    route: 'England minus all authorities',
    key: k(NEET, DARLINGTON, LATEST),
    count: 4,
    denominator: 57,
    small: 4,
  },
  {
    n: 14,
    route: 'an earlier version minus the current one (boroughs)',
    key: k(PLANTED_INDICATOR, CAMDEN, '2020/21', 'Male'),
    count: 4,
    denominator: 100,
    revisedTo: 14,
    small: 4,
  },
  {
    n: 15,
    route: 'a region outside London minus its other authorities',
    key: k(PLANTED_INDICATOR, DARLINGTON, '2021/22', 'Male'),
    count: 1,
    denominator: 52,
    small: 1,
  },
]

/** The planted rows: version 1 (every row), or version 2 (the rows the revision changes). */
export function plantedRows(version: 1 | 2 = 1): PlantedRow[] {
  const { rows } = plantedHierarchy(version)
  if (version === 1) return rows
  const before = new Map(plantedHierarchy(1).rows.map((r) => [plantedKey(r), r]))
  return rows.filter((r) => before.get(plantedKey(r))?.count !== r.count)
}

/** Every additive group of the planted data, as [total, ...members] keys (the same in both versions). */
export const plantedGroups = (): string[][] => plantedHierarchy(1).groups

const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'

export function plantedCsv(rows = plantedRows()): string {
  const lines = rows.map((r) =>
    [
      r.indicator,
      r.area,
      r.period,
      r.sex,
      r.age,
      r.categoryType,
      r.category,
      r.value,
      r.count,
      r.denominator,
      r.lower95 ?? '',
      r.upper95 ?? '',
      '',
      '',
      '',
      'synthetic test data',
      '',
    ].join(','),
  )
  return [header, ...lines].join('\n') + '\n'
}

export async function plantData(db: Kysely<Database>, csv = plantedCsv()): Promise<ImportReport> {
  const report = await importData(db, [csv], {
    sourceName: 'synthetic-disclosure.csv',
    format: 'template',
    actor: 'test',
  })
  if (!report.stored) throw new Error(`planted data refused: ${JSON.stringify(report.errors.slice(0, 5))}`)
  return report
}

export const indicatorFiles = () =>
  readdirSync(path.join(projectRoot, 'data/indicators'))
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => path.join(projectRoot, 'data/indicators', n))
