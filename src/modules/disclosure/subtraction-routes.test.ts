/**
 * The six ways a probe worked small counts out of published figures by subtraction, each written
 * as a small table; the complement rule; and the exact check across groups. Each test says what a
 * reader would compute, and that it can no longer be computed.
 */
import { describe, expect, it } from 'vitest'
import { determined } from '../../../test/helpers/subtraction.js'
import { suppress, type Cell, type Suppression } from './disclosure.js'

const FY = '2022-04-01/2023-03-31'
const ENGLAND = 'E92000001'
const NORTH_EAST = 'E12000001'
const HARTLEPOOL = 'E06000001'
const MIDDLESBROUGH = 'E06000002'
const DARLINGTON = 'E06000005'
const LONDON = 'E12000007'
const BD = 'E09000002'
const CAMDEN = 'E09000007'

const areaParents = new Map<string, string | null>([
  [ENGLAND, null],
  [NORTH_EAST, ENGLAND],
  [LONDON, ENGLAND],
  [HARTLEPOOL, NORTH_EAST],
  [MIDDLESBROUGH, NORTH_EAST],
  [DARLINGTON, NORTH_EAST],
  [BD, LONDON],
  [CAMDEN, LONDON],
])

const cell = (over: Partial<Cell>): Cell => ({
  indicatorId: 'ind',
  areaCode: HARTLEPOOL,
  periodKey: FY,
  sex: 'Persons',
  age: '',
  categoryType: '',
  category: '',
  count: 100,
  denominator: 10_000,
  ...over,
})

/** Suppression by label, and a check that no group written out by hand has one hidden cell. */
function run(cells: Record<string, Cell>, groups: string[][]): Record<string, Suppression> {
  const labels = Object.keys(cells)
  const status = suppress(Object.values(cells), { areaParents })
  const r = Object.fromEntries(labels.map((l, i) => [l, status[i]!]))
  const index = new Map(labels.map((l, i) => [l, i]))
  const known = new Set(labels.filter((l) => r[l] === null).map((l) => index.get(l)!))
  const fixed = determined(
    groups.map((g) => g.map((l) => index.get(l)!)),
    known,
  )
  const small = labels.filter((l) => r[l] === 'small-count')
  expect(
    small.filter((l) => fixed.has(index.get(l)!)),
    'small cells a reader can still work out',
  ).toEqual([])
  return r
}

describe('the six subtraction routes are closed', () => {
  it('a region outside London minus its upper-tier authorities', () => {
    const r = run(
      {
        ne: cell({ areaCode: NORTH_EAST, count: 152 }),
        hartlepool: cell({ areaCode: HARTLEPOOL, count: 2 }),
        middlesbrough: cell({ areaCode: MIDDLESBROUGH, count: 70 }),
        darlington: cell({ areaCode: DARLINGTON, count: 80 }),
      },
      [['ne', 'hartlepool', 'middlesbrough', 'darlington']],
    )
    expect(r).toEqual({ ne: null, hartlepool: 'small-count', middlesbrough: 'secondary', darlington: null })
  })

  it('England minus all the authorities, when no region is published', () => {
    const r = run(
      {
        england: cell({ areaCode: ENGLAND, count: 233 }),
        hartlepool: cell({ areaCode: HARTLEPOOL, count: 3 }),
        middlesbrough: cell({ areaCode: MIDDLESBROUGH, count: 70 }),
        darlington: cell({ areaCode: DARLINGTON, count: 60 }),
        bd: cell({ areaCode: BD, count: 50 }),
        camden: cell({ areaCode: CAMDEN, count: 50 }),
      },
      [['england', 'hartlepool', 'middlesbrough', 'darlington', 'bd', 'camden']],
    )
    expect(r.hartlepool).toBe('small-count')
    expect(Object.values(r).filter((s) => s === 'secondary')).toHaveLength(1)
  })

  it('age bands that add up to the all-ages row, and to a wider band', () => {
    const r = run(
      {
        all: cell({ count: 120 }),
        under5: cell({ age: '0-4 yrs', count: 40 }),
        fiveTo9: cell({ age: '5-9 yrs', count: 30 }),
        tenTo15: cell({ age: '10-15 yrs', count: 46 }),
        sixteen: cell({ age: '16-17 yrs', count: 4 }),
        tenTo17: cell({ age: '10-17 yrs', count: 50 }),
      },
      [
        ['all', 'under5', 'fiveTo9', 'tenTo15', 'sixteen'],
        ['tenTo17', 'tenTo15', 'sixteen'],
        ['all', 'under5', 'fiveTo9', 'tenTo17'],
      ],
    )
    expect(r.sixteen).toBe('small-count')
    expect(r.tenTo15).toBe('secondary')
  })

  it('a 3-year period minus its single years', () => {
    const r = run(
      {
        three: cell({ periodKey: '2019-01-01/2021-12-31', count: 93 }),
        y2019: cell({ periodKey: '2019-01-01/2019-12-31', count: 3 }),
        y2020: cell({ periodKey: '2020-01-01/2020-12-31', count: 40 }),
        y2021: cell({ periodKey: '2021-01-01/2021-12-31', count: 50 }),
      },
      [['three', 'y2019', 'y2020', 'y2021']],
    )
    expect(r).toEqual({ three: null, y2019: 'small-count', y2020: 'secondary', y2021: null })
  })

  it('a year minus its quarters, and a year to date (quarters 1 to 3) minus its quarters', () => {
    const r = run(
      {
        year: cell({ count: 94 }),
        q1: cell({ periodKey: '2022-04-01/2022-06-30', count: 30 }),
        q2: cell({ periodKey: '2022-07-01/2022-09-30', count: 4 }),
        q3: cell({ periodKey: '2022-10-01/2022-12-31', count: 25 }),
        q4: cell({ periodKey: '2023-01-01/2023-03-31', count: 35 }),
        q1to3: cell({ periodKey: '2022-04-01/2022-12-31', count: 59 }),
      },
      [
        ['year', 'q1', 'q2', 'q3', 'q4'],
        ['q1to3', 'q1', 'q2', 'q3'],
        ['year', 'q1to3', 'q4'],
      ],
    )
    expect(r.q2).toBe('small-count')
    expect(r.q3).toBe('secondary')
  })

  it('an earlier version minus the current one: a figure hidden in one version is hidden in every version that shows it', () => {
    // Version 1: Persons 40 = Male 3 + Female 37. Version 2 corrects Male to 13: Persons 50; Female is the same figure.
    const cells = {
      persons1: cell({ count: 40, recordedAt: 1, replacedAt: 2 }),
      male1: cell({ sex: 'Male', count: 3, recordedAt: 1, replacedAt: 2 }),
      female: cell({ sex: 'Female', count: 37, recordedAt: 1, replacedAt: null }),
      persons2: cell({ count: 50, recordedAt: 2, replacedAt: null }),
      male2: cell({ sex: 'Male', count: 13, recordedAt: 2, replacedAt: null }),
    }
    const r = run(cells, [
      ['persons1', 'male1', 'female'],
      ['persons2', 'male2', 'female'],
    ])
    // Female, hidden in version 1, stays hidden in version 2, which takes Male 13 with it: 40 − 37 cannot be done.
    expect(r).toEqual({ persons1: null, male1: 'small-count', female: 'secondary', persons2: null, male2: 'secondary' })
  })
})

describe('the complement rule', () => {
  it('hides a proportion whose complement (denominator minus count) is small, as it would a small count', () => {
    const r = suppress(
      [
        cell({ sex: 'Female', count: 37, denominator: 41, complementary: true }),
        cell({ sex: 'Male', count: 37, denominator: 41, complementary: false }),
        cell({ sex: 'Persons', count: 74, denominator: 82, complementary: true }),
      ],
      { areaParents },
    )
    // 41 − 37 = 4 children without the outcome; a count (not a proportion) has no complement.
    expect(r).toEqual(['small-count', 'secondary', null])
  })

  it('counts 100% of a group as a complement of 0, and a complement at the threshold as not small', () => {
    const r = suppress(
      [
        cell({ count: 40, denominator: 40, complementary: true }),
        cell({ areaCode: DARLINGTON, count: 35, denominator: 40, complementary: true }),
      ],
      {},
    )
    expect(r).toEqual(['small-count', null])
  })
})

describe('the exact check across groups', () => {
  it('hides more where two versions of a total give a small count away together, though no group has one hidden cell', () => {
    // Version 1: England 101 = 67 + 2 + 2 + 30; version 2 revises the first to 0: England 34.
    // From version 1, the two small cells add to 101 − 67 − 30 = 4; then version 2 gives 34 − 4 − 30 = 0.
    const cells = {
      england1: cell({ areaCode: ENGLAND, count: 101, recordedAt: 1, replacedAt: 2 }),
      a1: cell({ areaCode: HARTLEPOOL, count: 67, recordedAt: 1, replacedAt: 2 }),
      b: cell({ areaCode: MIDDLESBROUGH, count: 2, recordedAt: 1, replacedAt: null }),
      c: cell({ areaCode: DARLINGTON, count: 2, recordedAt: 1, replacedAt: null }),
      d: cell({ areaCode: BD, count: 30, recordedAt: 1, replacedAt: null }),
      england2: cell({ areaCode: ENGLAND, count: 34, recordedAt: 2, replacedAt: null }),
      a2: cell({ areaCode: HARTLEPOOL, count: 0, recordedAt: 2, replacedAt: null }),
    }
    const r = run(cells, [
      ['england1', 'a1', 'b', 'c', 'd'],
      ['england2', 'a2', 'b', 'c', 'd'],
    ])
    expect(r).toMatchObject({ b: 'small-count', c: 'small-count', a2: 'small-count' })
    // Each version's group has at least two hidden cells, and still the revision gives a2 away unless more goes.
    expect(r.england2 !== null || r.a1 !== null || r.england1 !== null).toBe(true)
  })
})
