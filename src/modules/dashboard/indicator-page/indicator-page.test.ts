import { describe, expect, it } from 'vitest'
import { SUPPRESSED_TEXT, type PublicPoint, type PublicSummaryRow } from '../../disclosure/public-data.js'
import type { Summary } from '../../indicators/summaries/summarise.js'
import {
  figure,
  indicatorPage,
  metadataRows,
  projectedLabel,
  revisionNotes,
  type PageInput,
  type ReplacedValue,
} from './indicator-page.js'

// Synthetic figures for a made-up proportion indicator: nothing here is real data.
const BD = 'E09000002'
const areaNames: Record<string, string> = {
  E09000002: 'Barking and Dagenham',
  E09000003: 'Barnet',
  E09000004: 'Bexley',
  E12000007: 'London',
  E92000001: 'England',
}
const periods = [
  ['2019-09-01/2020-08-31', '2019/20'],
  ['2020-09-01/2021-08-31', '2020/21'],
  ['2021-09-01/2022-08-31', '2021/22'],
] as const

function point(areaCode: string, period: number, value: number | null, extra: Partial<PublicPoint> = {}): PublicPoint {
  return {
    indicatorId: 'synthetic',
    areaCode,
    areaName: areaNames[areaCode]!,
    periodKey: periods[period]![0],
    periodLabel: periods[period]![1],
    periodType: 'academic_year',
    sex: 'Persons',
    age: '',
    categoryType: '',
    category: '',
    value,
    lower95: value === null ? null : value - 1,
    upper95: value === null ? null : value + 1,
    lower998: null,
    upper998: null,
    count: null,
    denominator: null,
    note: null,
    source: 'synthetic',
    recordedAt: '2026-01-01T00:00:00Z',
    suppressed: null,
    ...extra,
  }
}

const summaryRow = (
  areaCode: string,
  summary: Partial<Summary>,
  finding: string,
  extra: Partial<PublicSummaryRow> = {},
): PublicSummaryRow => ({
  indicatorId: 'synthetic',
  areaCode,
  areaName: areaNames[areaCode]!,
  sex: 'Persons',
  age: '',
  categoryType: '',
  category: '',
  periodLabel: '2021/22',
  summary: { londonRank: null, projection: null, target: null, gap: null, ...summary } as Summary,
  finding,
  suppressed: null,
  ...extra,
})

function input(points: PublicPoint[], summaries: PublicSummaryRow[] = []): PageInput {
  return {
    indicator: {
      id: 'synthetic',
      name: 'Synthetic measure',
      unit: '%',
      valueType: 'proportion',
      ciMethod: 'wilson',
      multiplier: 100,
      source: 'synthetic',
    },
    primaryArea: BD,
    boroughs: new Set([BD, 'E09000003', 'E09000004']),
    points,
    summaries,
    dataHref: (view, format, type) => `/data/${view}.${format}${type ? `?type=${type}` : ''}`,
  }
}

/** The table's cells, as text, row by row; and the download's rows as the table would show them. */
const tableText = (t: { rows: { text: string }[][] }) => t.rows.map((r) => r.map((c) => c.text))

describe('figures', () => {
  it('keeps one decimal place, or two significant figures below 1', () => {
    expect([figure(33.25), figure(1234.56), figure(0.0456), figure(0), figure(-2.04)]).toEqual([
      33.3, 1234.6, 0.046, 0, -2,
    ])
  })

  it('labels projected years in the style of the latest period', () => {
    expect(projectedLabel('2021/22', 2022)).toBe('2022/23')
    expect(projectedLabel('2099/00', 2100)).toBe('2100/01')
    expect(projectedLabel('2021', 2022)).toBe('2022')
  })
})

describe('the history chart', () => {
  it('draws the primary area with whiskers against London and England, and tabulates exactly those figures', () => {
    const points = [0, 1, 2].flatMap((i) => [
      point(BD, i, 60 + i),
      point('E12000007', i, 65 + i),
      point('E92000001', i, 64 + i),
    ])
    const summary = summaryRow(
      BD,
      {
        projection: {
          slope: 1,
          points: [1, 2, 3].map((s) => ({
            periodKey: `${2021 + s}`,
            year: 2021 + s,
            value: 62 + s,
            lower: 60 + s,
            upper: 64 + s,
          })),
        },
        target: { value: 70, by: 2025, progress: 'Off track' },
      },
      'Synthetic measure in Barking and Dagenham (62.0%, 2021/22) is significantly lower than London.',
    )
    const page = indicatorPage(input(points, [summary]))
    const { history } = page
    expect(history.reason).toBeNull()
    expect(history.svg).toContain(
      '<title id="chart-history-title">Synthetic measure in Barking and Dagenham (62.0%, 2021/22) is significantly lower than London.</title>',
    )
    expect(history.svg).toContain('<desc')
    const download = page.download('history')!
    expect(
      download.rows
        .filter((r) => r.series === 'Barking and Dagenham')
        .map((r) => [r.period, r.value, r.lower95, r.upper95]),
    ).toEqual([
      ['2019/20', 60, 59, 61],
      ['2020/21', 61, 60, 62],
      ['2021/22', 62, 61, 63],
    ])
    // London and England are lines without whiskers, so their table rows carry no limits.
    expect(
      download.rows.filter((r) => r.series === 'London').every((r) => r.lower95 === null && r.upper95 === null),
    ).toBe(true)
    expect(download.rows.filter((r) => r.series === 'Projection if nothing changes').map((r) => r.period)).toEqual([
      '2022/23',
      '2023/24',
      '2024/25',
    ])
    expect(download.rows.find((r) => r.series === 'Target')).toMatchObject({
      period: 'By 2025',
      value: 70,
      note: 'Off track',
    })
    // The table is the download, cell for cell, its values written to the indicator's one decimal place.
    const shown = (key: string, v: unknown) =>
      v === null
        ? ''
        : typeof v === 'number' && ['value', 'lower95', 'upper95'].includes(key)
          ? v.toFixed(1)
          : String(v)
    expect(tableText(history.table!)).toEqual(
      download.rows.map((r) => download.columns.map((c) => shown(c.key, r[c.key]))),
    )
    expect(tableText(history.table!)[0]!.slice(0, 5)).toEqual([
      'Barking and Dagenham',
      '2019/20',
      '60.0',
      '59.0',
      '61.0',
    ])
    expect(history.table!.csvHref).toBe('/data/history.csv')
  })

  it('says why there is no chart when the area has one period, and shows suppressed figures as suppressed', () => {
    const one = indicatorPage(input([point(BD, 2, 33.2), point('E92000001', 2, 22.1)]))
    expect(one.history).toMatchObject({ svg: null, table: null })
    expect(one.history.reason).toBe(
      'There is only one period of data for Barking and Dagenham (2021/22), so there is no history to chart yet.',
    )
    expect(one.download('history')).toBeNull()

    const hidden = point(BD, 1, null, { suppressed: 'small-count', lower95: null, upper95: null })
    const page = indicatorPage(input([point(BD, 0, 10), hidden, point(BD, 2, 12)]))
    const row = page.download('history')!.rows.find((r) => r.period === '2020/21')!
    expect(row).toMatchObject({ value: SUPPRESSED_TEXT, lower95: null, upper95: null })
    expect(page.history.svg).toContain(SUPPRESSED_TEXT)
  })

  it('works out a missing interval from count and denominator, and says so', () => {
    const a = point(BD, 0, 50, { lower95: null, upper95: null, count: 500, denominator: 1000 })
    const b = point(BD, 1, 55, { lower95: null, upper95: null, count: 550, denominator: 1000 })
    const row = indicatorPage(input([a, b])).download('history')!.rows[0]!
    // Wilson 95% interval for 500/1000: 46.9% to 53.1%.
    expect([row.lower95, row.upper95]).toEqual([46.9, 53.1])
    expect(row.note).toBe('Interval worked out from count and denominator (Wilson)')
  })
})

describe('the London boroughs chart', () => {
  it('ranks boroughs highest first, highlights the primary area and benchmarks England', () => {
    const points = [
      point(BD, 2, 61),
      point('E09000003', 2, 70),
      point('E09000004', 2, 55),
      point('E92000001', 2, 64),
      point(BD, 1, 99),
    ]
    const londonRank = { groupId: 'london-boroughs', groupName: 'London', rank: 2, of: 3, quintile: null }
    const page = indicatorPage(input(points, [summaryRow(BD, { londonRank }, 'f')]))
    const rows = page.download('boroughs')!.rows
    expect(rows.map((r) => [r.rank, r.area, r.value])).toEqual([
      [1, 'Barnet', 70],
      [2, 'Barking and Dagenham', 61],
      [3, 'Bexley', 55],
      [null, 'England (benchmark)', 64],
    ])
    expect(page.boroughs.svg).toContain(
      'Barking and Dagenham has the 2nd highest value of the 3 London areas with data, 2021/22',
    )
    const bold = page.boroughs
      .table!.rows.filter((r) => r.every((c) => c.classes?.includes('bold')))
      .map((r) => r[0]!.text)
    expect(bold).toEqual(['Barking and Dagenham'])
  })

  it('says why it cannot rank an area with no other borough loaded', () => {
    const page = indicatorPage(input([point(BD, 2, 61), point('E92000001', 2, 64)]))
    expect(page.boroughs.svg).toBeNull()
    expect(page.boroughs.reason).toContain('cannot be ranked')
  })
})

describe('inequality breakdowns', () => {
  const sexes = (period: number, male: number, female: number) => [
    point(BD, period, male, { sex: 'Male' }),
    point(BD, period, female, { sex: 'Female' }),
  ]
  const deprivation = (period: number) => [
    point(BD, period, 40, { categoryType: 'Deprivation decile', category: 'Most deprived' }),
    point(BD, period, 70, { categoryType: 'Deprivation decile', category: 'Least deprived' }),
  ]

  it("charts each breakdown type against everyone, with the summary's gap in the table", () => {
    const gapSummary = summaryRow(
      BD,
      {
        latest: { periodKey: periods[2][0] } as Summary['latest'],
        gap: {
          comparedWith: 'everyone in the area',
          absolute: { value: -20, lower: -25, upper: -15 },
          relative: null,
          trend: 'Narrowing',
        },
      },
      'g',
      { categoryType: 'Deprivation decile', category: 'Most deprived' },
    )
    const page = indicatorPage(
      input([point(BD, 1, 59), point(BD, 2, 60), ...sexes(2, 58, 62), ...deprivation(2)], [gapSummary]),
    )
    expect(page.breakdowns.map((b) => b.id)).toEqual(['breakdown-sex', 'breakdown-deprivation-decile'])
    const sex = page.download('breakdowns', 'sex')!
    expect(sex.rows.map((r) => [r.group, r.value])).toEqual([
      ['Female', 62],
      ['Male', 58],
      ['Everyone in Barking and Dagenham', 60],
    ])
    expect(page.breakdowns[0]!.svg).toContain(
      'In Barking and Dagenham, 2021/22, Female had the highest value (62.0%) and Male the lowest (58.0%)',
    )
    const deprived = page.download('breakdowns', 'deprivation-decile')!.rows.find((r) => r.group === 'Most deprived')!
    expect([deprived.gap, deprived.gapLower, deprived.gapUpper]).toEqual([-20, -25, -15])
    expect(page.breakdowns[1]!.svg).toContain('significantly different from everyone in the area: Most deprived')
    // The whole download is every breakdown's table, one after another.
    expect(page.download('breakdowns')!.rows).toHaveLength(
      sex.rows.length + page.download('breakdowns', 'deprivation-decile')!.rows.length,
    )
    expect(page.download('breakdowns', 'no-such-type')).toBeNull()
  })

  it('charts the gap over time only for groups with two periods or more', () => {
    const single = indicatorPage(input([point(BD, 2, 60), ...sexes(2, 58, 62)]))
    expect(single.gaps).toEqual([])
    expect(single.gapsReason).toContain('only one period')
    const page = indicatorPage(input([point(BD, 1, 59), point(BD, 2, 60), ...sexes(1, 57, 61), ...sexes(2, 58, 62)]))
    expect(page.gaps.map((g) => g.id)).toEqual(['gap-sex'])
    const rows = page.download('gap', 'sex')!.rows
    expect(rows.filter((r) => r.group === 'Male').map((r) => [r.period, r.value])).toEqual([
      ['2020/21', 57],
      ['2021/22', 58],
    ])
    expect(page.gaps[0]!.svg).toContain('<title')
  })

  it('says there are no breakdowns when none were loaded', () => {
    const page = indicatorPage(input([point(BD, 2, 60)]))
    expect(page.breakdowns).toEqual([])
    expect(page.breakdownsReason).toContain('no inequality breakdowns')
  })
})

describe('revision notes', () => {
  const revision = (extra: Partial<ReplacedValue> = {}): ReplacedValue => ({
    periodKey: periods[2][0],
    periodLabel: '2021/22',
    sex: 'Persons',
    age: '',
    categoryType: '',
    category: '',
    oldValue: 12.1,
    oldCount: 121,
    oldDenominator: 1000,
    newValue: 12.4,
    newCount: 124,
    newDenominator: 1000,
    replacedAt: new Date('2026-03-03T10:00:00Z'),
    source: { name: 'fingertips-2026-03.csv', format: 'fingertips', kind: 'import' },
    ...extra,
  })
  const small = (c: { count: number | null }) => c.count !== null && c.count < 5

  it('says when and from what to what a value was revised', () => {
    const notes = revisionNotes([revision()], [point(BD, 2, 12.4)], { unit: '%', suppressed: small })
    expect(notes).toEqual([
      {
        period: '2021/22',
        breakdown: 'Persons',
        text: 'Revised from 12.1% to 12.4% on 3 March 2026 by the Fingertips export fingertips-2026-03.csv',
      },
    ])
  })

  it('names the file that made the revision, by its kind', () => {
    const by = (source: ReplacedValue['source']) =>
      revisionNotes([revision({ source })], [point(BD, 2, 12.4)], { unit: '%', suppressed: small })[0]!.text
    expect(by({ name: 'school-census.csv', format: 'ees', kind: 'import' })).toMatch(
      / by the Explore Education Statistics file school-census\.csv$/,
    )
    expect(by({ name: 'seed-figures.csv', format: 'template', kind: 'shipped' })).toMatch(
      / by the published dataset seed-figures\.csv$/,
    )
    expect(by({ name: 'odd.csv', format: 'unknown', kind: 'import' })).toMatch(/ by the file odd\.csv$/)
  })

  it('says nothing of a revision to or from a suppressed value, or of a cell the page now suppresses', () => {
    expect(revisionNotes([revision({ oldCount: 3 })], [point(BD, 2, 12.4)], { unit: '%', suppressed: small })).toEqual(
      [],
    )
    expect(revisionNotes([revision({ newCount: 4 })], [point(BD, 2, 12.4)], { unit: '%', suppressed: small })).toEqual(
      [],
    )
    const secondary = point(BD, 2, null, { suppressed: 'secondary' })
    expect(revisionNotes([revision()], [secondary], { unit: '%', suppressed: small })).toEqual([])
  })

  it('says nothing of a revision that left the value as shown (an interval or a count added)', () => {
    expect(
      revisionNotes([revision({ oldValue: 12.4, oldCount: null })], [point(BD, 2, 12.4)], {
        unit: '%',
        suppressed: small,
      }),
    ).toEqual([])
    expect(
      revisionNotes([revision({ oldValue: 12.41 })], [point(BD, 2, 12.4)], { unit: '%', suppressed: small }),
    ).toEqual([])
  })
})

describe('definition and source', () => {
  it('puts the metadata in words, with a Fingertips link where the id is known', () => {
    const rows = metadataRows({
      definition: 'A synthetic definition',
      unit: '%',
      value_type: 'proportion',
      polarity: 'higher_is_better',
      frequency: 'academic_year',
      data_source: 'Synthetic',
      fingertips_id: 90631,
      rba_kind: 'population_indicator',
      benchmarks: ['england', 'london'],
      ci_method: 'wilson',
      target: 'tbc',
      owner: 'tbc',
    })
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]))
    expect(byKey['Which way is better']!.text).toBe('Higher is better')
    expect(byKey['Fingertips indicator']).toMatchObject({ href: 'https://fingertips.phe.org.uk/search/90631' })
    expect(byKey['Compared with']!.text).toBe('England, London')
    expect(byKey['Owner']!.text).toBe('To be confirmed')
    expect(metadataRows({ fingertips_id: null }).find((r) => r.key === 'Fingertips indicator')!.text).toBe(
      'Not published on Fingertips',
    )
  })
})
