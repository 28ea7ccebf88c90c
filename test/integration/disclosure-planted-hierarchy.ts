/**
 * How the SYNTHETIC planted data of disclosure-planted.ts is made: the finest figures, and every
 * total as the sum of its parts, each sum recorded as an additive group. The groups are what a
 * reader could subtract; the tests know them from here, not from the product's code.
 */
import type { PlantedRow } from './disclosure-planted.js'
import {
  BD,
  CAMDEN,
  DARLINGTON,
  ENGLAND,
  HACKNEY,
  HARTLEPOOL,
  LATEST,
  LONDON,
  MIDDLESBROUGH,
  NEET,
  NEWHAM,
  NORTH_EAST,
  PERIODS,
  PLANTED_CASES,
  PLANTED_INDICATOR,
  PROTECTION,
  REFERRALS,
  plantedKey,
} from './disclosure-planted.js'

type Key = Omit<PlantedRow, 'count' | 'denominator' | 'value' | 'lower95' | 'upper95'>

const pct = (count: number, denominator: number) => Number(((100 * count) / denominator).toFixed(2))
const SHARES: Record<string, [number, number]> = {
  '2020/21': [0.62, 0.7],
  '2021/22': [0.64, 0.72],
  '2022/23': [0.66, 0.74],
}

export function plantedHierarchy(version: 1 | 2): { rows: PlantedRow[]; groups: string[][] } {
  // Inside the function: disclosure-planted.ts and this module import each other.
  const BOROUGHS = [BD, CAMDEN, HACKNEY, NEWHAM]
  const NORTH_EAST_AUTHORITIES = [HARTLEPOOL, MIDDLESBROUGH, DARLINGTON]
  /** Male and female denominators by authority (the same every year). */
  const DENOMINATORS: Record<string, [number, number]> = {
    [BD]: [40, 46],
    [CAMDEN]: [100, 99],
    [HACKNEY]: [120, 120],
    [NEWHAM]: [61, 60],
    [HARTLEPOOL]: [500, 45],
    [MIDDLESBROUGH]: [50, 310],
    [DARLINGTON]: [52, 250],
  }
  const rows = new Map<string, PlantedRow>()
  const groups: string[][] = []
  const planted = new Map(
    PLANTED_CASES.map((c) => [c.key, version === 2 && c.revisedTo !== undefined ? c.revisedTo : c.count]),
  )
  const key = (over: Partial<Key> & Pick<Key, 'indicator' | 'area' | 'period'>): Key => ({
    sex: 'Persons',
    age: '',
    categoryType: '',
    category: '',
    ...over,
  })
  const put = (at: Key, count: number, denominator: number, interval: [number, number] | null = null) => {
    const c = planted.get(plantedKey(at)) ?? count
    rows.set(plantedKey(at), {
      ...at,
      count: c,
      denominator,
      value: pct(c, denominator),
      lower95: interval?.[0] ?? null,
      upper95: interval?.[1] ?? null,
    })
  }
  const sum = (total: Key, members: Key[]) => {
    const parts = members.map((m) => rows.get(plantedKey(m))!)
    put(
      total,
      parts.reduce((n, p) => n + p.count, 0),
      parts.reduce((n, p) => n + p.denominator, 0),
    )
    groups.push([plantedKey(total), ...members.map(plantedKey)])
  }

  // gld-eyfs: authorities by sex, then Persons, regions and England.
  for (const period of PERIODS) {
    const at = (area: string, sex: PlantedRow['sex'] = 'Persons') =>
      key({ indicator: PLANTED_INDICATOR, area, period, sex })
    for (const [area, [maleDen, femaleDen]] of Object.entries(DENOMINATORS)) {
      const [m, f] = SHARES[period]!
      put(at(area, 'Male'), Math.round(m * maleDen), maleDen, area === BD && period === LATEST ? [2.61, 20.39] : null)
      put(at(area, 'Female'), area === BD && period === LATEST ? 37 : Math.round(f * femaleDen), femaleDen)
    }
    for (const sex of ['Male', 'Female'] as const) {
      sum(
        at(LONDON, sex),
        BOROUGHS.map((a) => at(a, sex)),
      )
      sum(
        at(NORTH_EAST, sex),
        NORTH_EAST_AUTHORITIES.map((a) => at(a, sex)),
      )
      sum(at(ENGLAND, sex), [at(LONDON, sex), at(NORTH_EAST, sex)])
    }
    for (const area of [...BOROUGHS, ...NORTH_EAST_AUTHORITIES, LONDON, NORTH_EAST, ENGLAND])
      sum(at(area), [at(area, 'Male'), at(area, 'Female')])
    for (const sex of ['Persons', 'Male', 'Female'] as const) {
      if (sex === 'Persons') {
        groups.push([plantedKey(at(LONDON)), ...BOROUGHS.map((a) => plantedKey(at(a)))])
        groups.push([plantedKey(at(NORTH_EAST)), ...NORTH_EAST_AUTHORITIES.map((a) => plantedKey(at(a)))])
        groups.push([plantedKey(at(ENGLAND)), plantedKey(at(LONDON)), plantedKey(at(NORTH_EAST))])
      }
      groups.push([
        plantedKey(at(ENGLAND, sex)),
        ...[...BOROUGHS, ...NORTH_EAST_AUTHORITIES].map((a) => plantedKey(at(a, sex))),
      ])
    }
  }
  // Hackney's 2022/23 Persons by free school meals.
  const fsm = (category: string) =>
    key({ indicator: PLANTED_INDICATOR, area: HACKNEY, period: LATEST, categoryType: 'Free school meals', category })
  const hackney = rows.get(plantedKey(key({ indicator: PLANTED_INDICATOR, area: HACKNEY, period: LATEST })))!
  put(fsm('Eligible'), 4, 40)
  put(fsm('Not eligible'), hackney.count - 4, hackney.denominator - 40)
  groups.push([plantedKey(hackney), plantedKey(fsm('Eligible')), plantedKey(fsm('Not eligible'))])

  // repeat-referrals: a year and its quarters, a 3-year period and its years; a year to date.
  const ref = (area: string, period: string) => key({ indicator: REFERRALS, area, period })
  const quarters = [1, 2, 3, 4].map((q) => ref(BD, `2022/23 Q${q}`))
  ;[
    [20, 70],
    [4, 61],
    [18, 66],
    [22, 64],
  ].forEach(([c, d], q) => put(quarters[q]!, c!, d!))
  sum(ref(BD, '2022/23'), quarters)
  const singles = ['2019/20', '2020/21', '2021/22'].map((p) => ref(BD, p))
  ;[
    [25, 90],
    [3, 47],
    [30, 95],
  ].forEach(([c, d], y) => put(singles[y]!, c!, d!))
  sum(ref(BD, '2019/20 - 21/22'), singles)
  put(ref(CAMDEN, '2022/23 Q1-Q3'), 60, 200)
  put(ref(CAMDEN, '2022/23 Q4'), 2, 53)
  sum(ref(CAMDEN, '2022/23'), [ref(CAMDEN, '2022/23 Q1-Q3'), ref(CAMDEN, '2022/23 Q4')])

  // repeat-child-protection-plans: age bands, a wider band, all ages.
  const age = (area: string, band: string) => key({ indicator: PROTECTION, area, period: LATEST, age: band })
  const bands = ['0-4 yrs', '5-9 yrs', '10-15 yrs', '16-17 yrs']
  ;[
    [10, 80],
    [12, 90],
    [15, 70],
    [3, 29],
  ].forEach(([c, d], b) => put(age(BD, bands[b]!), c!, d!))
  sum(age(BD, '10-17 yrs'), [age(BD, '10-15 yrs'), age(BD, '16-17 yrs')])
  sum(
    age(BD, ''),
    bands.map((b) => age(BD, b)),
  )
  groups.push([plantedKey(age(BD, '')), ...['0-4 yrs', '5-9 yrs', '10-17 yrs'].map((b) => plantedKey(age(BD, b)))])
  put(age(CAMDEN, '<1 yr'), 1, 23)
  put(age(CAMDEN, '1-4 yrs'), 9, 77)
  put(age(CAMDEN, '5-17 yrs'), 20, 150)
  sum(age(CAMDEN, '0-4 yrs'), [age(CAMDEN, '<1 yr'), age(CAMDEN, '1-4 yrs')])
  sum(age(CAMDEN, ''), [age(CAMDEN, '0-4 yrs'), age(CAMDEN, '5-17 yrs')])
  groups.push([plantedKey(age(CAMDEN, '')), ...['<1 yr', '1-4 yrs', '5-17 yrs'].map((b) => plantedKey(age(CAMDEN, b)))])

  // neet-16-17: England and the authorities, no region.
  const neet = (area: string) => key({ indicator: NEET, area, period: LATEST })
  const authorities = [...BOROUGHS, ...NORTH_EAST_AUTHORITIES]
  ;[
    [31, 400],
    [25, 300],
    [28, 350],
    [33, 420],
    [12, 200],
    [15, 210],
    [4, 57],
  ].forEach(([c, d], a) => put(neet(authorities[a]!), c!, d!))
  sum(neet(ENGLAND), authorities.map(neet))

  return { rows: [...rows.values()], groups }
}
