import { describe, expect, it } from 'vitest'
import { cellKey, primarySuppression, suppress, SUPPRESSED_TEXT, type Cell, type Suppression } from './disclosure.js'

const PERIOD = '2022-09-01/2023-08-31'
const BD = 'E09000002'
const CAMDEN = 'E09000007'
const HACKNEY = 'E09000012'
const LONDON = 'E12000007'
const ENGLAND = 'E92000001'
const NORTH_EAST = 'E12000001'

const cell = (over: Partial<Cell>): Cell => ({
  indicatorId: 'ind',
  areaCode: BD,
  periodKey: PERIOD,
  sex: 'Persons',
  age: '',
  categoryType: '',
  category: '',
  count: 100,
  denominator: 1000,
  ...over,
})

const areaParents = new Map<string, string | null>([
  [BD, LONDON],
  [CAMDEN, LONDON],
  [HACKNEY, LONDON],
  [LONDON, ENGLAND],
  [NORTH_EAST, ENGLAND],
  [ENGLAND, null],
])

/** The suppression of each cell by a short label. */
function run(
  cells: Record<string, Cell>,
  options: Parameters<typeof suppress>[1] = { areaParents },
): Record<string, Suppression> {
  const labels = Object.keys(cells)
  const result = suppress(Object.values(cells), options)
  return Object.fromEntries(labels.map((l, i) => [l, result[i]!]))
}

const hiddenOf = (r: Record<string, Suppression>) =>
  Object.keys(r)
    .filter((k) => r[k] !== null)
    .sort()

/**
 * No partition (written out by hand for the test's cells) may have exactly one hidden cell: that
 * cell would be the total minus the others, or the total the sum of its members.
 */
function expectNoSubtraction(r: Record<string, Suppression>, partitions: string[][]) {
  for (const p of partitions)
    expect(p.filter((label) => r[label] !== null).length, `partition ${p.join(' + ')}`).not.toBe(1)
}

describe('primary suppression', () => {
  it('hides counts from 0 to one below the threshold, and shows the threshold itself', () => {
    for (const count of [0, 1, 2, 3, 4]) expect(primarySuppression({ count, denominator: 1000 })).toBe('small-count')
    for (const count of [5, 6, 1000]) expect(primarySuppression({ count, denominator: 1000 })).toBeNull()
  })

  it('hides a figure with no count whose denominator is small, since its value would give the count away', () => {
    expect(primarySuppression({ count: null, denominator: 4 })).toBe('small-count')
    expect(primarySuppression({ count: null, denominator: 5 })).toBeNull()
    expect(primarySuppression({ count: null, denominator: null })).toBeNull()
  })

  it('takes the threshold from the caller', () => {
    expect(primarySuppression({ count: 7, denominator: 100 }, 10)).toBe('small-count')
    expect(primarySuppression({ count: 10, denominator: 100 }, 10)).toBeNull()
    expect(primarySuppression({ count: 0, denominator: 100 }, 1)).toBe('small-count')
    expect(primarySuppression({ count: 1, denominator: 100 }, 1)).toBeNull()
    const r = run({ a: cell({ count: 7 }), b: cell({ areaCode: CAMDEN, count: 12 }) }, { threshold: 10 })
    expect(r).toEqual({ a: 'small-count', b: null })
    expect(() => suppress([cell({})], { threshold: 0 })).toThrow(/threshold/)
    expect(() => suppress([cell({})], { threshold: 2.5 })).toThrow(/threshold/)
  })

  it('has one wording for what is hidden', () => {
    expect(SUPPRESSED_TEXT).toBe('Suppressed (small number)')
  })
})

describe('secondary suppression', () => {
  it('hides nothing when every count is large, whatever the partitions', () => {
    const r = run({
      persons: cell({ count: 400 }),
      male: cell({ sex: 'Male', count: 190 }),
      female: cell({ sex: 'Female', count: 210 }),
      catA: cell({ categoryType: 'Ethnic group', category: 'A', count: 150 }),
      catB: cell({ categoryType: 'Ethnic group', category: 'B', count: 250 }),
      camden: cell({ areaCode: CAMDEN, count: 300 }),
      london: cell({ areaCode: LONDON, count: 700 }),
      northEast: cell({ areaCode: NORTH_EAST, count: 500 }),
      england: cell({ areaCode: ENGLAND, count: 1200 }),
    })
    expect(hiddenOf(r)).toEqual([])
  })

  it('by sex: Male + Female = Persons, so one hidden sex takes the smallest other member with it', () => {
    const r = run({
      persons: cell({ count: 40 }),
      male: cell({ sex: 'Male', count: 3 }),
      female: cell({ sex: 'Female', count: 37 }),
    })
    expect(r).toEqual({ persons: null, male: 'small-count', female: 'secondary' })
  })

  it('by sex: two hidden cells already protect each other', () => {
    const r = run({
      persons: cell({ count: 6 }),
      male: cell({ sex: 'Male', count: 3 }),
      female: cell({ sex: 'Female', count: 3 }),
    })
    expect(r).toEqual({ persons: null, male: 'small-count', female: 'small-count' })
  })

  it('hides the total when no member is left to hide', () => {
    const r = run({ persons: cell({ count: 40 }), male: cell({ sex: 'Male', count: 3 }) })
    expect(r).toEqual({ persons: 'secondary', male: 'small-count' })
  })

  it('protects a total hidden for its own small count by hiding its smallest member', () => {
    // A source's total can be small while its members are not (e.g. rounded or from another extract).
    const r = run({
      persons: cell({ count: 4 }),
      male: cell({ sex: 'Male', count: 20 }),
      female: cell({ sex: 'Female', count: 30 }),
    })
    expect(r).toEqual({ persons: 'small-count', male: 'secondary', female: null })
  })

  it('by category: categories of one type add up to the row with no category; other types are separate', () => {
    const r = run({
      all: cell({ count: 200 }),
      a: cell({ categoryType: 'Ethnic group', category: 'A', count: 3 }),
      b: cell({ categoryType: 'Ethnic group', category: 'B', count: 100 }),
      c: cell({ categoryType: 'Ethnic group', category: 'C', count: 97 }),
      q1: cell({ categoryType: 'Deprivation quintile', category: 'Q1', count: 120 }),
      q2: cell({ categoryType: 'Deprivation quintile', category: 'Q2', count: 80 }),
    })
    expect(r).toMatchObject({ a: 'small-count', c: 'secondary' })
    expect(hiddenOf(r)).toEqual(['a', 'c'])
  })

  it('by area: London boroughs add up to London', () => {
    const r = run({
      london: cell({ areaCode: LONDON, count: 73 }),
      bd: cell({ areaCode: BD, count: 3 }),
      camden: cell({ areaCode: CAMDEN, count: 50 }),
      hackney: cell({ areaCode: HACKNEY, count: 20 }),
    })
    expect(r).toEqual({ london: null, bd: 'small-count', camden: null, hackney: 'secondary' })
  })

  it('by area: regions add up to England', () => {
    const r = run({
      england: cell({ areaCode: ENGLAND, count: 503 }),
      northEast: cell({ areaCode: NORTH_EAST, count: 3 }),
      london: cell({ areaCode: LONDON, count: 500 }),
    })
    expect(r).toEqual({ england: null, northEast: 'small-count', london: 'secondary' })
  })

  it('does not treat areas outside the additive hierarchy, or without parents known, as members', () => {
    const r = run({
      london: cell({ areaCode: LONDON, count: 73 }),
      bd: cell({ areaCode: BD, count: 3 }),
      other: cell({ areaCode: 'E06000001', count: 70 }),
    })
    // B&D is London's only member here, so London goes; the unrelated area stays.
    expect(r).toEqual({ london: 'secondary', bd: 'small-count', other: null })
    const noParents = run({ london: cell({ areaCode: LONDON, count: 73 }), bd: cell({ areaCode: BD, count: 3 }) }, {})
    expect(noParents).toEqual({ london: null, bd: 'small-count' })
  })

  it('cascades across partitions until no hidden cell can be worked out', () => {
    const cells = {
      bdP: cell({ count: 40 }),
      bdM: cell({ sex: 'Male', count: 3 }),
      bdF: cell({ sex: 'Female', count: 37 }),
      caP: cell({ areaCode: CAMDEN, count: 55 }),
      caM: cell({ areaCode: CAMDEN, sex: 'Male', count: 30 }),
      caF: cell({ areaCode: CAMDEN, sex: 'Female', count: 25 }),
      haP: cell({ areaCode: HACKNEY, count: 110 }),
      haM: cell({ areaCode: HACKNEY, sex: 'Male', count: 50 }),
      haF: cell({ areaCode: HACKNEY, sex: 'Female', count: 60 }),
      loP: cell({ areaCode: LONDON, count: 205 }),
      loM: cell({ areaCode: LONDON, sex: 'Male', count: 83 }),
      loF: cell({ areaCode: LONDON, sex: 'Female', count: 122 }),
    }
    const r = run(cells)
    // B&D male (small) → B&D female (sex); B&D male → Camden male (smallest other London male);
    // Camden male → Camden female (sex); London female then has two hidden members: done.
    expect(r).toMatchObject({ bdM: 'small-count', bdF: 'secondary', caM: 'secondary', caF: 'secondary' })
    expect(hiddenOf(r)).toEqual(['bdF', 'bdM', 'caF', 'caM'])
    expectNoSubtraction(r, [
      ['bdP', 'bdM', 'bdF'],
      ['caP', 'caM', 'caF'],
      ['haP', 'haM', 'haF'],
      ['loP', 'loM', 'loF'],
      ['loP', 'bdP', 'caP', 'haP'],
      ['loM', 'bdM', 'caM', 'haM'],
      ['loF', 'bdF', 'caF', 'haF'],
    ])
  })

  it('cascades through categories and sexes together', () => {
    const cells = {
      all: cell({ count: 40 }),
      male: cell({ sex: 'Male', count: 18 }),
      female: cell({ sex: 'Female', count: 22 }),
      allA: cell({ categoryType: 'Group', category: 'A', count: 2 }),
      allB: cell({ categoryType: 'Group', category: 'B', count: 38 }),
      maleA: cell({ sex: 'Male', categoryType: 'Group', category: 'A', count: 1 }),
      maleB: cell({ sex: 'Male', categoryType: 'Group', category: 'B', count: 17 }),
      femaleA: cell({ sex: 'Female', categoryType: 'Group', category: 'A', count: 1 }),
      femaleB: cell({ sex: 'Female', categoryType: 'Group', category: 'B', count: 21 }),
    }
    const r = run(cells)
    expectNoSubtraction(r, [
      ['all', 'male', 'female'],
      ['allA', 'maleA', 'femaleA'],
      ['allB', 'maleB', 'femaleB'],
      ['all', 'allA', 'allB'],
      ['male', 'maleA', 'maleB'],
      ['female', 'femaleA', 'femaleB'],
    ])
    expect(r).toMatchObject({ allA: 'small-count', maleA: 'small-count', femaleA: 'small-count' })
    // Each row has only groups A and B, so hiding A hides B with it.
    expect(r).toMatchObject({ allB: 'secondary', maleB: 'secondary', femaleB: 'secondary' })
  })

  it('by age: bands that tile the span of the bands add up to the all-ages row; bands that only overlap are left alone', () => {
    const r = run({
      all: cell({ count: 100 }),
      young: cell({ age: '0-4 yrs', count: 3 }),
      older: cell({ age: '5-9 yrs', count: 97 }),
    })
    expect(r).toEqual({ all: null, young: 'small-count', older: 'secondary' })
    // 0-4 inside 0-15 tiles nothing: 0-15 minus 0-4 is a band never published.
    const overlapping = run({
      all: cell({ count: 100 }),
      young: cell({ age: '0-4 yrs', count: 3 }),
      wide: cell({ age: '0-15 yrs', count: 50 }),
    })
    expect(overlapping).toEqual({ all: null, young: 'small-count', wide: null })
  })

  it('keeps cells without counts out of partitions', () => {
    const r = run({
      persons: cell({ count: 40 }),
      male: cell({ sex: 'Male', count: 3 }),
      female: cell({ sex: 'Female', count: null, denominator: null }),
    })
    expect(r).toEqual({ persons: 'secondary', male: 'small-count', female: null })
  })

  it('keeps indicators and periods apart', () => {
    const r = run({
      persons: cell({ count: 40 }),
      male: cell({ sex: 'Male', count: 3 }),
      female: cell({ sex: 'Female', count: 37 }),
      otherPeriodFemale: cell({ periodKey: '2021-09-01/2022-08-31', sex: 'Female', count: 37 }),
      otherIndicatorFemale: cell({ indicatorId: 'other', sex: 'Female', count: 37 }),
    })
    expect(hiddenOf(r)).toEqual(['female', 'male'])
  })

  it('chooses deterministically: the same answer in any input order, ties to the first in key order', () => {
    const cells = [
      cell({ areaCode: LONDON, count: 103 }),
      cell({ areaCode: BD, count: 3 }),
      cell({ areaCode: HACKNEY, count: 50 }),
      cell({ areaCode: CAMDEN, count: 50 }),
      cell({ areaCode: LONDON, sex: 'Male', count: 50 }),
      cell({ areaCode: LONDON, sex: 'Female', count: 53 }),
    ]
    const byKey = (list: Cell[]) => {
      const result = suppress(list, { areaParents })
      return Object.fromEntries(list.map((c, i) => [cellKey(c), result[i]]))
    }
    const expected = byKey(cells)
    // Camden (E09000007) and Hackney (E09000012) tie on 50: Camden comes first by key.
    expect(expected[cellKey(cells[3]!)]).toBe('secondary')
    expect(expected[cellKey(cells[2]!)]).toBeNull()
    let seed = 7
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let round = 0; round < 20; round++) {
      const shuffled = [...cells].sort(() => random() - 0.5)
      expect(byKey(shuffled)).toEqual(expected)
    }
  })
})
