/** Worked cases with synthetic figures (not real data). */
import { describe, expect, it } from 'vitest'
import { wilsonLimits } from '../../stats/proportion.js'
import { finding } from './findings.js'
import { likeLatest, summarise, type PointInput, type SummaryIndicator } from './summarise.js'

const indicator: SummaryIndicator = {
  id: 'obesity',
  name: 'Year 6 obesity (synthetic)',
  valueType: 'proportion',
  unit: '%',
  multiplier: 100,
  polarity: 'lower_is_better',
  ciMethod: 'wilson',
  target: null,
}
const BD = 'E09000002'
const london = [
  { id: 'london-boroughs', name: 'London boroughs', members: new Set([BD, 'E09000003', 'E09000004', 'E09000005']) },
]
const point = (
  areaCode: string,
  year: number,
  count: number,
  denominator: number,
  extra: Partial<PointInput> = {},
): PointInput => ({
  areaCode,
  periodKey: `${year}-09-01/${year + 1}-08-31`,
  periodLabel: `${year}/${String(year + 1).slice(2)}`,
  periodType: 'academic_year',
  sex: 'Persons',
  age: '',
  categoryType: '',
  category: '',
  value: (count / denominator) * 100,
  count,
  denominator,
  lower95: null,
  upper95: null,
  source: 'synthetic',
  ...extra,
})
const context = { indicatorName: 'Year 6 obesity (synthetic)', unit: '%', areaName: 'Barking and Dagenham' }
const bdSummary = (points: PointInput[]) =>
  summarise(indicator, points, london).find((s) => s.areaCode === BD && !s.categoryType)!

describe('summarising an indicator', () => {
  const year = [
    point('E92000001', 2021, 2000, 10000),
    point('E12000007', 2021, 2200, 10000),
    point(BD, 2021, 332, 1000),
    point('E09000003', 2021, 150, 1000),
    point('E09000004', 2021, 200, 1000),
    point('E09000005', 2021, 250, 1000),
  ]

  it('compares the latest value with England and London by its interval, and ranks it among London areas', () => {
    const s = bdSummary(year)
    const [lower, upper] = [wilsonLimits(332, 1000, 0.95).lower * 100, wilsonLimits(332, 1000, 0.95).upper * 100]
    expect(s.latest).toMatchObject({ value: 33.2, periodLabel: '2021/22', intervalSource: 'computed' })
    expect(s.latest.lower95).toBeCloseTo(lower, 10)
    expect(s.latest.upper95).toBeCloseTo(upper, 10)
    expect(s.england).toEqual({ value: 20, comparison: 'Worse' })
    expect(s.london).toEqual({ value: 22, comparison: 'Worse' })
    expect(s.londonRank).toMatchObject({ rank: 1, of: 4 })
    expect(s.groupRanks.map((r) => r.groupId)).toEqual(['london-boroughs'])
    expect(finding(s, context)).toBe(
      'Year 6 obesity (synthetic) in Barking and Dagenham (33.2%, 2021/22) is significantly worse than England and London; the highest of the 4 London areas with data.',
    )
  })

  it('ranks an area within every comparator group it belongs to, such as statistical neighbours', () => {
    const neighbours = {
      id: 'test-neighbours',
      name: 'Test neighbours (illustrative)',
      members: new Set([BD, 'E09000004', 'E06000001']),
    }
    const s = summarise(indicator, [...year, point('E06000001', 2021, 400, 1000)], [...london, neighbours]).find(
      (x) => x.areaCode === BD,
    )!
    expect(s.groupRanks).toEqual([
      // Fingertips gives no quintile among fewer than five areas.
      { groupId: 'london-boroughs', groupName: 'London boroughs', rank: 1, of: 4, quintile: null },
      { groupId: 'test-neighbours', groupName: 'Test neighbours (illustrative)', rank: 2, of: 3, quintile: null },
    ])
  })

  it('keeps a published interval rather than working one out', () => {
    const s = bdSummary([
      point('E92000001', 2021, 2000, 10000),
      point(BD, 2021, 332, 1000, { lower95: 19, upper95: 45 }),
    ])
    expect(s.latest).toMatchObject({ lower95: 19, upper95: 45, intervalSource: 'published' })
    expect(s.england.comparison).toBe('Similar')
    expect(finding(s, context)).toBe(
      'Year 6 obesity (synthetic) in Barking and Dagenham (33.2%, 2021/22) is similar to England.',
    )
  })

  it('claims no significance when there is no interval to test', () => {
    const s = bdSummary([
      point('E92000001', 2021, 0, 0, { value: 20, count: null, denominator: null }),
      point(BD, 2021, 0, 0, { value: 33.2, count: null, denominator: null }),
    ])
    expect(s.england.comparison).toBe('Not compared')
    expect(finding(s, context)).toBe('Year 6 obesity (synthetic) in Barking and Dagenham was 33.2%, 2021/22.')
  })

  it('says "significantly" exactly when a comparison label found a difference', () => {
    for (const count of [150, 200, 215, 250, 332]) {
      const s = bdSummary([point('E92000001', 2021, 2000, 10000), point(BD, 2021, count, 1000)])
      const significant = ['Better', 'Worse'].includes(s.england.comparison)
      expect(finding(s, context).includes('significantly'), `count ${count}: ${s.england.comparison}`).toBe(significant)
    }
  })

  it('gives the recent trend and a projection from five yearly points', () => {
    const falling = [2017, 2018, 2019, 2020, 2021].map((y, i) => point(BD, y, 400 - i * 40, 1000))
    const s = bdSummary(falling)
    expect(s.trend.label).toBe('Decreasing and getting better')
    expect(s.projection?.points.map((p) => p.year)).toEqual([2022, 2023, 2024])
    expect(s.projection!.slope).toBeCloseTo(-4, 6)
    expect(finding(s, context)).toContain('Recent trend: decreasing and getting better.')
  })

  it('says whether a target is achieved, on track or off track, from the projection', () => {
    const falling = [2017, 2018, 2019, 2020, 2021].map((y, i) => point(BD, y, 400 - i * 40, 1000))
    const withTarget = (value: number, by: number) =>
      summarise({ ...indicator, target: { value, by } }, falling, london).find((s) => s.areaCode === BD)!
    expect(withTarget(30, 2025).target).toEqual({ value: 30, by: 2025, progress: 'Achieved' }) // latest 24%
    expect(withTarget(10, 2025).target?.progress).toBe('On track') // 24 - 4 a year reaches 8 by 2025
    expect(withTarget(10, 2022).target?.progress).toBe('Off track') // 20 in 2022
    expect(finding(withTarget(10, 2022), context)).toContain('Target 10.0% by 2022: off track.')
    expect(
      summarise({ ...indicator, target: { value: 10, by: 2025 } }, [point(BD, 2021, 240, 1000)], london)[0]!.target
        ?.progress,
    ).toBe('Not enough data')
  })

  it('measures a group against everyone in the area, with an interval', () => {
    const s = summarise(
      indicator,
      [point(BD, 2021, 332, 1000), point(BD, 2021, 90, 200, { categoryType: 'SEND', category: 'EHC plan' })],
      london,
    ).find((x) => x.categoryType === 'SEND')!
    expect(s.gap?.absolute.value).toBeCloseTo(45 - 33.2, 10)
    expect(s.gap!.absolute.lower).toBeGreaterThan(0)
    expect(finding(s, context)).toContain('(EHC plan)')
    expect(finding(s, context)).toContain(
      'The gap with everyone in the area is 11.8% (higher), a significant difference.',
    )
  })
})

describe('likeLatest', () => {
  const point = (periodKey: string, periodType: string) =>
    ({ periodKey, periodType }) as Parameters<typeof likeLatest>[0][number]
  it("keeps only periods of the latest one's kind and length, one per starting year", () => {
    const list = [
      point('2020-01-01/2020-12-31', 'calendar_year'),
      point('2021-01-01/2021-12-31', 'calendar_year'),
      point('2021-04-01/2022-03-31', 'financial_year'),
      point('2022-01-01/2022-12-31', 'calendar_year'),
    ]
    expect(likeLatest(list).map((p) => p.periodKey)).toEqual([
      '2020-01-01/2020-12-31',
      '2021-01-01/2021-12-31',
      '2022-01-01/2022-12-31',
    ])
  })
})
