import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { atomFeed } from '../../web/atom.js'
import { indicatorReasons } from './pack.build.js'
import { actionReasons, riskAppetite } from './pack.delivery.js'
import { figureChanges, revisionOf, revisions } from './pack.since.js'
import { packWorkbook, sheetName } from './pack.xlsx.js'
import type { ActionLine, PackContent, ScoreRow } from './pack.types.js'
import type { PublicPoint } from '../disclosure/public-data.js'

const row = (over: Partial<ScoreRow> = {}): ScoreRow => ({
  indicatorId: 'gld-eyfs',
  title: 'Good level of development',
  href: '/indicators/gld-eyfs',
  breakdown: null,
  breakdownKey: 'Persons|||',
  periodKey: '2022-09-01/2023-08-31',
  period: '2022/23',
  value: 60,
  valueText: '60.0%',
  lower: 57,
  upper: 63,
  unit: '%',
  suppressed: false,
  englandText: '68.0%',
  londonText: '70.0%',
  englandComparison: 'Worse',
  londonComparison: 'Similar',
  status: 'worse',
  statusText: 'Worse than England',
  trendLabel: 'Decreasing and getting worse',
  trend: 'worsening',
  finding: null,
  ...over,
})

const action = (over: Partial<ActionLine> = {}): ActionLine => ({
  id: '1',
  reference: 'ACT-0001',
  title: 'An action',
  href: '/actions/1',
  owner: 'Head of Early Help, Council',
  due: null,
  status: 'on_track',
  statusLabel: 'On track',
  overdue: false,
  stale: false,
  weeksSinceUpdate: 0,
  lastUpdate: null,
  lastCommentary: null,
  ...over,
})

describe('what makes an exception', () => {
  it('an indicator significantly worse than England or London and getting worse, never a suppressed one', () => {
    expect(indicatorReasons(row())).toEqual([
      'Significantly worse than England',
      'Getting worse (recent trend: decreasing and getting worse)',
    ])
    expect(indicatorReasons(row({ englandComparison: 'Similar', londonComparison: 'Worse' }))[0]).toBe(
      'Significantly worse than London',
    )
    expect(indicatorReasons(row({ trend: 'other', trendLabel: 'No significant change' }))).toEqual([])
    expect(indicatorReasons(row({ englandComparison: 'Similar' }))).toEqual([])
    expect(indicatorReasons(row({ suppressed: true }))).toEqual([])
  })

  it('an open action off track, overdue or silent; never a closed one', () => {
    expect(
      actionReasons(
        action({ status: 'off_track', overdue: true, due: '2024-06-30', stale: true, weeksSinceUpdate: 9 }),
      ),
    ).toEqual(['Off track', 'Overdue: it was due on 30 June 2024', 'No progress update for 9 weeks'])
    expect(actionReasons(action({ status: 'complete', overdue: true, due: '2024-06-30' }))).toEqual([])
    expect(actionReasons(action())).toEqual([])
  })

  it('draws the risk appetite at the top of the Medium band', () => {
    expect(riskAppetite().score).toBe(9)
  })
})

describe('a frozen figure against the figure held now', () => {
  const point = (value: number | null, suppressed: PublicPoint['suppressed'] = null) =>
    ({
      indicatorId: 'gld-eyfs',
      areaCode: 'E09000002',
      periodKey: '2022-09-01/2023-08-31',
      sex: 'Persons',
      age: '',
      categoryType: '',
      category: '',
      value,
      suppressed,
      recordedAt: '2026-06-02T10:00:00Z',
    }) as PublicPoint
  it('says what was reported and what it was revised to, and nothing when unchanged or hidden', () => {
    expect(revisionOf(row(), [point(62)], 'E09000002', '2026-03-12')).toBe(
      'Reported 60.0% on 12 March 2026; revised to 62.0% on 2 June 2026',
    )
    expect(revisionOf(row(), [point(60.01)], 'E09000002', '2026-03-12')).toBeNull()
    expect(revisionOf(row(), [point(null, 'small-count')], 'E09000002', '2026-03-12')).toBeNull()
  })
})

describe('since the last meeting', () => {
  const at = (value: number, recordedAt: string, over: Partial<PublicPoint> = {}) =>
    ({
      indicatorId: 'gld-eyfs',
      areaCode: 'E09000002',
      periodKey: '2021-09-01/2022-08-31',
      periodLabel: '2021/22',
      sex: 'Persons',
      age: '',
      categoryType: '',
      category: '',
      value,
      suppressed: null,
      recordedAt,
      ...over,
    }) as PublicPoint
  it('lists a figure the board could have seen that has since been revised', () => {
    const then = [at(64, '2025-01-01T10:00:00Z'), at(5, '2025-01-01T10:00:00Z', { sex: 'Male' })]
    const now = [at(64.5, '2026-02-03T10:00:00Z'), at(6, '2026-02-03T10:00:00Z', { sex: 'Male' })]
    expect(revisions(then, now, [row()], 'E09000002', '2025-01-15')).toEqual([
      {
        indicatorId: 'gld-eyfs',
        title: 'Good level of development',
        period: '2021/22',
        change: 'Revised',
        before: '64.0%, as it stood on 15 January 2025',
        after: '64.5%, revised on 3 February 2026',
      },
    ])
  })

  it('lists new figures, and changed comparisons and trends', () => {
    const before = new Map([
      ['gld-eyfs', row({ periodKey: '2021-09-01/2022-08-31', period: '2021/22', valueText: '64.0%' })],
    ])
    expect(figureChanges(before, [row()]).newData).toEqual([
      {
        indicatorId: 'gld-eyfs',
        title: 'Good level of development',
        period: '2022/23',
        change: 'New figure',
        before: '64.0% (2021/22)',
        after: '60.0%',
      },
    ])
    const same = new Map([['gld-eyfs', row({ englandComparison: 'Similar', trendLabel: 'No significant change' })]])
    expect(figureChanges(same, [row()]).changed.map((c) => [c.change, c.before, c.after])).toEqual([
      ['Comparison with England changed', 'Similar', 'Worse'],
      ['Recent trend changed', 'No significant change', 'Decreasing and getting worse'],
    ])
  })
})

describe('the workbook and the feed', () => {
  it('names sheets as Excel allows, each once', () => {
    const taken = new Set<string>()
    expect(sheetName('Scorecard: Safe / Secure?', taken)).toBe('Scorecard Safe Secure')
    expect(sheetName('Scorecard: Safe / Secure?', taken)).toBe('Scorecard Safe Secure 2')
    expect(sheetName('x'.repeat(40), taken).length).toBeLessThanOrEqual(31)
  })

  it('keeps text a spreadsheet would run as a formula inert', async () => {
    const pack = {
      audience: 'board',
      generatedAt: '2026-01-01T00:00:00Z',
      board: { title: 'Board' },
      meeting: { title: 'M', date: '1 January 2026' },
      asOfText: '1 January 2026',
      area: { name: 'Area' },
      scope: { description: 'Scope' },
      empty: false,
      key: [],
      exceptions: [
        {
          kind: 'action',
          reference: 'ACT-1',
          title: '=HYPERLINK("http://x","y")',
          reasons: ['Off track'],
          owner: '@owner',
          commentary: null,
        },
      ],
      since: { newData: [], changed: [], revisions: [] },
      scorecards: [],
      arising: { actions: [] },
      appendices: { actions: [], risks: [] },
    } as unknown as PackContent
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await packWorkbook(pack)) as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('Exceptions')!
    expect(sheet.getRow(2).getCell(3).value).toBe('\'=HYPERLINK("http://x","y")')
    expect(sheet.getRow(2).getCell(5).value).toBe("'@owner")
    expect(sheet.getRow(2).getCell(6).value).toBe('No commentary has been written')
  })

  it('writes an Atom feed with its text escaped', () => {
    const xml = atomFeed({
      id: 'http://h/reports',
      title: 'A & B',
      selfHref: 'http://h/reports/feed.xml',
      alternateHref: 'http://h/reports',
      updated: new Date('2026-01-01T00:00:00Z'),
      entries: [
        {
          id: 'http://h/reports/1',
          title: '<x>\u0007',
          href: 'http://h/reports/1',
          updated: new Date('2026-01-02T00:00:00Z'),
          summary: 's',
        },
      ],
    })
    expect(xml).toContain('<title>A &amp; B</title>')
    expect(xml).toContain('<title>&lt;x&gt;</title>')
    expect(xml).toContain('<updated>2026-01-02T00:00:00.000Z</updated>')
  })
})
