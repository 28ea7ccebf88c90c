import { describe, expect, it } from 'vitest'
import type { StrategyLinkRow, StrategyNodeRow } from '../../db/database.js'
import { SUPPRESSED_TEXT, type PublicPoint, type PublicSummaryRow } from '../disclosure/public-data.js'
import type { Summary } from '../indicators/summaries/summarise.js'
import { ComparisonLabel, TrendLabel } from '../stats/labels.js'
import { buildReadModel } from '../strategy/strategy.read-model.js'
import { headlineRow } from './breakdown.js'
import { assembleFigures } from './figures.js'
import { downloadRows, indicatorTableRows, ordinal } from './indicator-table.js'
import { plainWords } from './plain-words.js'

const node = (id: string, kind: string, title: string, over: Partial<StrategyNodeRow> = {}): StrategyNodeRow => ({
  strategy_id: 's',
  id,
  kind,
  parent_id: null,
  number: null,
  title,
  text: null,
  detail: {},
  source_file: 'f.txt',
  source_section: null,
  source_quote: 'q',
  position: 0,
  created_at: new Date(),
  updated_at: new Date(),
  archived_at: null,
  ...over,
})
const link = (from: string, relation: string, to: string): StrategyLinkRow => ({
  strategy_id: 's',
  from_id: from,
  relation,
  to_strategy_id: 's',
  to_id: to,
  label: null,
  position: 0,
})

const model = buildReadModel(
  '1',
  [
    node('s', 'strategy', 'Strategy'),
    node('start', 'outcome', 'get the best start', { detail: { shortTitle: 'Best Start' } }),
    node('p', 'priority', 'First 1001 days'),
    node('my-health', 'childrens_outcome', 'My Health'),
    node('early', 'life_course_stage', 'Early years'),
    node('gld', 'indicator', 'Good level of development'),
    node('feeding', 'indicator', 'Breastfeeding'),
    node('le', 'indicator', 'Life expectancy'),
    node('none', 'indicator', 'Not yet measured'),
  ],
  [
    link('gld', 'in_column', 'start'),
    link('gld', 'serves', 'p'),
    link('gld', 'speaks_to', 'my-health'),
    link('gld', 'at_stage', 'early'),
    link('feeding', 'in_column', 'start'),
  ],
  's',
)

function summaryRow(
  indicatorId: string,
  value: number | null,
  over: Partial<PublicSummaryRow> = {},
  summary: Partial<Summary> = {},
): PublicSummaryRow {
  const base = {
    indicatorId,
    areaCode: 'A',
    areaName: 'Area',
    sex: 'Persons',
    age: '',
    categoryType: '',
    category: '',
    periodLabel: '2022/23',
    ...over,
  }
  if (value === null) return { ...base, summary: null, finding: null, suppressed: 'small-count' }
  return {
    ...base,
    summary: {
      indicatorId,
      areaCode: 'A',
      sex: base.sex,
      age: '',
      categoryType: '',
      category: '',
      latest: {
        periodKey: '2022-09-01/2023-08-31',
        periodLabel: '2022/23',
        value,
        lower95: value - 1,
        upper95: value + 1,
        intervalSource: 'published',
        count: null,
        denominator: null,
        source: 's',
      },
      england: { value: 50, comparison: ComparisonLabel.better },
      london: { value: 55.5, comparison: ComparisonLabel.better },
      londonRank: { groupId: 'london-boroughs', groupName: 'London', rank: 3, of: 32, quintile: 1 },
      groupRanks: [],
      trend: { label: TrendLabel.increasingBetter, message: '' },
      projection: null,
      target: null,
      gap: null,
      history: 3,
      ...summary,
    },
    finding: 'f',
    suppressed: null,
  }
}

const point = (indicatorId: string, periodKey: string, value: number | null, sex = 'Persons'): PublicPoint => ({
  indicatorId,
  areaCode: 'A',
  areaName: 'Area',
  periodKey,
  periodLabel: periodKey.slice(0, 4),
  periodType: 'academic_year',
  sex,
  age: '',
  categoryType: '',
  category: '',
  value,
  lower95: null,
  upper95: null,
  lower998: null,
  upper998: null,
  count: null,
  denominator: null,
  note: null,
  source: 's',
  recordedAt: '',
  suppressed: value === null ? 'small-count' : null,
})

describe('the headline figure of an indicator', () => {
  it('is the one for everyone, else the first group', () => {
    const female = { sex: 'Female', age: '', categoryType: '', category: '' }
    const male = { sex: 'Male', age: '', categoryType: '', category: '' }
    const persons = { sex: 'Persons', age: '', categoryType: '', category: '' }
    const group = { sex: 'Persons', age: '', categoryType: 'Ethnicity', category: 'Black' }
    expect(headlineRow([group, male, persons, female])).toBe(persons)
    expect(headlineRow([male, female])).toBe(female)
    expect(headlineRow([])).toBeNull()
  })
})

describe('the indicator table', () => {
  const figures = assembleFigures(
    ['gld', 'feeding', 'le', 'none'],
    new Map([
      ['gld', '%'],
      ['feeding', '%'],
      ['le', 'years'],
    ]),
    [
      summaryRow('gld', 70),
      summaryRow('gld', 60, { sex: 'Female' }),
      summaryRow('feeding', null),
      summaryRow('le', 80.3, { sex: 'Female' }, { londonRank: null }),
    ],
    [
      point('gld', '2021-09-01/2022-08-31', 65),
      point('gld', '2020-09-01/2021-08-31', 60),
      point('gld', '2022-09-01/2023-08-31', 70),
      point('gld', '2022-09-01/2023-08-31', 60, 'Female'),
      point('feeding', '2022-09-01/2023-08-31', null),
    ],
  )
  const rows = indicatorTableRows(
    model,
    ['gld', 'feeding', 'le', 'none'].map((id) => model.find('indicator', id)!),
    figures,
  )
  const [gld, feeding, le, none] = rows

  it('shows the latest value, benchmarks, comparison, trend and rank, with a decorative sparkline of the headline series', () => {
    expect(gld).toMatchObject({
      title: 'Good level of development',
      href: '/indicators/gld',
      breakdown: null,
      value: '70.0%',
      period: '2022/23',
      england: '50.0%',
      london: '55.5%',
      comparison: 'Better',
      status: 'better',
      statusColour: 'green',
      trendLabel: TrendLabel.increasingBetter,
      trend: 'improving',
      rank: '3rd of 32',
      outcome: 'Best Start',
      outcomeIds: ['start'],
      priorityIds: ['p'],
      domainIds: ['my-health'],
      stageIds: ['early'],
      latest: { key: '2022-09-01/2023-08-31', label: '2022/23' },
    })
    expect(figures.get('gld')!.history.map((h) => h.value)).toEqual([60, 65, 70])
    expect(gld!.sparkline).toMatch(/^<svg[^>]*aria-hidden="true"/)
  })

  it('shows a suppressed figure as suppressed, with no comparison and no benchmark taken from it', () => {
    expect(feeding).toMatchObject({
      value: SUPPRESSED_TEXT,
      valueNumber: null,
      suppressed: true,
      status: 'not-compared',
      comparison: 'Not compared (suppressed)',
      england: 'Not available',
      sparkline: '',
    })
  })

  it('names the group shown when there is no figure for everyone, and says when there is no data', () => {
    expect(le).toMatchObject({ breakdown: 'Female', value: '80.3 years', rank: null })
    expect(none).toMatchObject({
      value: 'No data yet',
      status: 'no-data',
      comparison: 'No data yet',
      period: null,
      latest: null,
      outcome: null,
    })
  })

  it('downloads the same rows with plain values', () => {
    const download = downloadRows(rows)
    expect(download.map((r) => r.indicator_id)).toEqual(['gld', 'feeding', 'le', 'none'])
    expect(download[0]).toMatchObject({
      value: 70,
      england: 50,
      london: 55.5,
      compared_with_england: 'Better',
      london_rank: 3,
      london_areas_ranked: 32,
      unit: '%',
      outcome: 'Best Start',
    })
    expect(download[1]).toMatchObject({
      value: null,
      value_note: SUPPRESSED_TEXT,
      compared_with_england: 'Not compared (suppressed)',
      recent_trend: null,
    })
    expect(download[3]).toMatchObject({ value: null, value_note: 'No data yet', unit: null })
  })

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 32, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '32nd',
      '101st',
      '111th',
    ])
  })
})

describe('the figures in plain words', () => {
  const row = (summary: Partial<Summary>, value: number | null = 70) => {
    const figures = assembleFigures(['gld'], new Map([['gld', '%']]), [summaryRow('gld', value, {}, summary)], [])
    return indicatorTableRows(model, [model.find('indicator', 'gld')!], figures)[0]!
  }

  it('compares with England in short sentences, and says how it is changing', () => {
    expect(plainWords(row({}), 'Barking and Dagenham')).toEqual([
      'In Barking and Dagenham it is 70.0% (2022/23).',
      'That is better than in England (50.0%).',
      'It has been getting better over the last few years.',
    ])
    expect(
      plainWords(
        row({
          england: { value: 72, comparison: ComparisonLabel.similar },
          trend: { label: TrendLabel.noChange, message: '' },
        }),
        'Here',
      ),
    ).toEqual([
      'In Here it is 70.0% (2022/23).',
      'That is about the same as in England (72.0%).',
      'It has not changed much over the last few years.',
    ])
  })

  it('does not claim a difference that was not tested', () => {
    const words = plainWords(
      row({
        england: { value: 80, comparison: ComparisonLabel.notCompared },
        trend: { label: TrendLabel.cannotBeCalculated, message: '' },
      }),
      'Here',
    )
    expect(words).toEqual([
      'In Here it is 70.0% (2022/23).',
      'That is lower than in England (80.0%), but we can’t be sure the difference is more than chance.',
    ])
    expect(plainWords(row({ england: { value: null, comparison: ComparisonLabel.notCompared } }), 'Here')[1]).toBe(
      'We don’t have a number for England to compare it with.',
    )
  })

  it('says plainly when a number is hidden or there is none', () => {
    expect(plainWords(row({}, null), 'Here')).toEqual([
      'We can’t show this number. So few people are counted that someone could be recognised.',
    ])
    const none = indicatorTableRows(model, [model.find('indicator', 'none')!], new Map())[0]!
    expect(plainWords(none, 'Here')).toEqual(['We don’t have any numbers for this yet.'])
  })
})
