import { readFileSync } from 'node:fs'
import { sharedReference, FINGERTIPS_EXPORT } from '../../../test/helpers/shared-reference.js'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../stats/csv.js'
import {
  checkFingertipsSortable,
  compareByKey,
  isPeriodError,
  parsePeriod,
  periodFromFingertipsSortable,
  PeriodType,
  type Period,
  type PeriodHint,
} from './periods.js'

function ok(label: string, hint?: PeriodHint): Period {
  const p = parsePeriod(label, hint)
  if (isPeriodError(p)) throw new Error(`expected "${label}" to parse, got: ${p.error}`)
  return p
}

function fail(label: string, hint?: PeriodHint): string {
  const p = parsePeriod(label, hint)
  if (!isPeriodError(p)) throw new Error(`expected "${label}" to be rejected, got ${p.key}`)
  return p.error
}

const T = PeriodType
const span = (p: Period) => ({ type: p.type, start: p.start, end: p.end, display: p.display })

describe('parsePeriod: the forms', () => {
  it.each([
    // label, hint, type, start, end, display
    ['2021', undefined, T.calendar_year, '2021-01-01', '2021-12-31', '2021'],
    ['2021/22', undefined, T.financial_year, '2021-04-01', '2022-03-31', '2021/22'],
    ['2021/2022', undefined, T.financial_year, '2021-04-01', '2022-03-31', '2021/22'],
    ['1999/00', undefined, T.financial_year, '1999-04-01', '2000-03-31', '1999/00'],
    ['2021/22', { yearType: 'financial' }, T.financial_year, '2021-04-01', '2022-03-31', '2021/22'],
    ['2021/22', { yearType: 'academic' }, T.academic_year, '2021-09-01', '2022-08-31', '2021/22'],
    ['2019/20', { yearType: 'calendar_multi' }, T.rolling_years, '2019-01-01', '2020-12-31', '2019 - 20'],
    ['2018/20', { yearType: 'calendar_multi' }, T.rolling_years, '2018-01-01', '2020-12-31', '2018 - 20'],
    ['2018 - 20', undefined, T.rolling_years, '2018-01-01', '2020-12-31', '2018 - 20'],
    ['2018-20', undefined, T.rolling_years, '2018-01-01', '2020-12-31', '2018 - 20'],
    ['2018 - 2020', undefined, T.rolling_years, '2018-01-01', '2020-12-31', '2018 - 20'],
    ['2018 to 2020', undefined, T.rolling_years, '2018-01-01', '2020-12-31', '2018 - 20'],
    ['2018 – 20', undefined, T.rolling_years, '2018-01-01', '2020-12-31', '2018 - 20'],
    ['1999 - 01', undefined, T.rolling_years, '1999-01-01', '2001-12-31', '1999 - 01'],
    ['2016 - 20', undefined, T.rolling_years, '2016-01-01', '2020-12-31', '2016 - 20'],
    ['2017/18 - 19/20', undefined, T.rolling_years, '2017-04-01', '2020-03-31', '2017/18 - 19/20'],
    ['2017/18 - 2019/20', undefined, T.rolling_years, '2017-04-01', '2020-03-31', '2017/18 - 19/20'],
    ['2016/17 - 20/21', undefined, T.rolling_years, '2016-04-01', '2021-03-31', '2016/17 - 20/21'],
    ['2017/18 - 19/20', { yearType: 'academic' }, T.rolling_years, '2017-09-01', '2020-08-31', '2017/18 - 19/20'],
    ['2022/23 Q1', undefined, T.quarter, '2022-04-01', '2022-06-30', '2022/23 Q1'],
    ['2022/23 Q4', undefined, T.quarter, '2023-01-01', '2023-03-31', '2022/23 Q4'],
    ['2022/23Q2', undefined, T.quarter, '2022-07-01', '2022-09-30', '2022/23 Q2'],
    ['Q3 2022/23', undefined, T.quarter, '2022-10-01', '2022-12-31', '2022/23 Q3'],
    ['2022 Q1', undefined, T.quarter, '2022-01-01', '2022-03-31', '2022 Q1'],
    ['2022 Q4', undefined, T.quarter, '2022-10-01', '2022-12-31', '2022 Q4'],
    ['Q2 2022', undefined, T.quarter, '2022-04-01', '2022-06-30', '2022 Q2'],
    ['2022/23 Q1-Q3', undefined, T.cumulative_quarters, '2022-04-01', '2022-12-31', '2022/23 Q1-Q3'],
    ['2022/23 Q1 - Q4', undefined, T.cumulative_quarters, '2022-04-01', '2023-03-31', '2022/23 Q1-Q4'],
    ['2022 Q1-Q2', undefined, T.cumulative_quarters, '2022-01-01', '2022-06-30', '2022 Q1-Q2'],
    [
      '2015/16 Q1 - 2016/17 Q2',
      undefined,
      T.cumulative_quarters,
      '2015-04-01',
      '2016-09-30',
      '2015/16 Q1 - 2016/17 Q2',
    ],
    ['2022/23 Q1-Q1', undefined, T.quarter, '2022-04-01', '2022-06-30', '2022/23 Q1'],
    ['2022/23 Q2-Q3', undefined, T.month_range, '2022-07-01', '2022-12-31', '2022/23 Q2-Q3'],
    ['2015/16 Q2 - 2016/17 Q1', undefined, T.year_ending, '2015-07-01', '2016-06-30', 'Year ending Jun 2016'],
    ['2015 Q2 - 2016 Q1', undefined, T.year_ending, '2015-04-01', '2016-03-31', 'Year ending Mar 2016'],
    ['Mar 2023', undefined, T.month, '2023-03-01', '2023-03-31', 'Mar 2023'],
    ['March 2023', undefined, T.month, '2023-03-01', '2023-03-31', 'Mar 2023'],
    ['MARCH 2023', undefined, T.month, '2023-03-01', '2023-03-31', 'Mar 2023'],
    ['Sept 2023', undefined, T.month, '2023-09-01', '2023-09-30', 'Sep 2023'],
    ['2023-03', undefined, T.month, '2023-03-01', '2023-03-31', 'Mar 2023'],
    ['2024-02', undefined, T.month, '2024-02-01', '2024-02-29', 'Feb 2024'],
    ['Feb 2023', undefined, T.month, '2023-02-01', '2023-02-28', 'Feb 2023'],
    ['Mar-23', undefined, T.month, '2023-03-01', '2023-03-31', 'Mar 2023'],
    ['year ending March 2023', undefined, T.year_ending, '2022-04-01', '2023-03-31', 'Year ending Mar 2023'],
    ['Year ending Mar 2023', undefined, T.year_ending, '2022-04-01', '2023-03-31', 'Year ending Mar 2023'],
    ['year ending 31 March 2023', undefined, T.year_ending, '2022-04-01', '2023-03-31', 'Year ending Mar 2023'],
    ['year ending 15 March 2023', undefined, T.year_ending, '2022-03-16', '2023-03-15', 'Year ending 15 Mar 2023'],
    ['year ending 28 Feb 2024', undefined, T.year_ending, '2023-03-01', '2024-02-28', 'Year ending 28 Feb 2024'],
    ['year ending 29 Feb 2024', undefined, T.year_ending, '2023-03-01', '2024-02-29', 'Year ending Feb 2024'],
    ['12 months to Mar 2023', undefined, T.year_ending, '2022-04-01', '2023-03-31', 'Year ending Mar 2023'],
    ['12 months ending December 2022', undefined, T.year_ending, '2022-01-01', '2022-12-31', 'Year ending Dec 2022'],
    ['Apr 2022 - Mar 2023', undefined, T.year_ending, '2022-04-01', '2023-03-31', 'Year ending Mar 2023'],
    ['Aug 2015 - Jul 2016', undefined, T.year_ending, '2015-08-01', '2016-07-31', 'Year ending Jul 2016'],
    ['Apr 2022 - Sep 2022', undefined, T.month_range, '2022-04-01', '2022-09-30', 'Apr 2022 - Sep 2022'],
    ['Mar 2023 - Mar 2023', undefined, T.month, '2023-03-01', '2023-03-31', 'Mar 2023'],
  ] as const)('%s %o', (label, hint, type, start, end, display) => {
    const p = ok(label, hint)
    expect(span(p)).toEqual({ type, start, end, display })
    expect(p.label).toBe(label)
    expect(p.key).toBe(`${start}/${end}`)
    // The normalised label reads back as the same span.
    expect(ok(p.display, hint?.yearType === 'calendar_multi' ? undefined : hint).key).toBe(p.key)
  })

  it('keeps the label as given, trimmed, and tolerates extra spaces', () => {
    const p = ok('  2018  -  20 ')
    expect(p.label).toBe('2018  -  20')
    expect(p.display).toBe('2018 - 20')
  })
})

describe('parsePeriod: errors an analyst can act on', () => {
  it.each([
    ['', undefined, /The period is empty/],
    ['   ', undefined, /The period is empty/],
    ['2021/23', undefined, /^"2021\/23" is not a financial year: the second year must follow the first \(2021\/22\)$/],
    ['2021/21', undefined, /not a financial year.*\(2021\/22\)/],
    ['2021/23', { yearType: 'academic' }, /^"2021\/23" is not an academic year: .*\(2021\/22\)$/],
    ['2021/2023', undefined, /not a financial year/],
    ['2017/18 - 19/21', undefined, /not a run of financial years.*\(2019\/20\)/],
    ['2019/20 - 17/18', undefined, /last year is before the first/],
    ['2017/18 - 19/20', { yearType: 'calendar_multi' }, /set to calendar years/],
    ['2023-13', undefined, /^"2023-13" is not a month \(the month must be 01 to 12\)/],
    ['2023-00', undefined, /is not a month/],
    ['2010-12', undefined, /^"2010-12" is ambiguous: write "2010 - 12" for the calendar years 2010 to 2012 or "Dec/],
    ['2021-22', undefined, /^"2021-22" is ambiguous: write "2021\/22" for the financial or academic year or "2021 -/],
    ['2011-12', undefined, /"2011\/12" for the financial or academic year, "2011 - 12" .* or "Dec 2011" for the/],
    ['2020 - 18', undefined, /last year is before the first/],
    ['2020 - 20', undefined, /a single year, not a range/],
    ['2000 - 2030', undefined, /spans more than 20 years/],
    ['2022/23 Q5', undefined, /quarters run Q1 to Q4/],
    ['2022 Q0', undefined, /quarters run Q1 to Q4/],
    ['2022/24 Q1', undefined, /not a financial year/],
    ['2022/23 Q3-Q2', undefined, /last quarter is before the first/],
    ['2022/23 Q1 - 2023 Q2', undefined, /mixes a financial-year quarter with a calendar-year quarter/],
    ['Smarch 2023', undefined, /"Smarch" is not a month name/],
    ['Mar 2023 - Jan 2023', undefined, /last month is before the first/],
    ['year ending 30 February 2023', undefined, /Feb 2023 has 28 days/],
    ['1850', undefined, /outside the years this product handles \(1900 to 2099\)/],
    ['2021 - 22 - 23', undefined, /not a recognised period/],
    ['last year', undefined, /not a recognised period/],
    ['20150000', undefined, /not a recognised period/],
  ] as const)('%j is rejected', (label, hint, message) => {
    expect(fail(label, hint)).toMatch(message)
  })

  it('takes "2010 - 12" with spaces, or the calendar_multi hint, as years', () => {
    expect(ok('2010 - 12').key).toBe('2010-01-01/2012-12-31')
    expect(ok('2010-12', { yearType: 'calendar_multi' }).key).toBe('2010-01-01/2012-12-31')
  })

  it('takes "2021-22" as the financial or academic year when the indicator says so', () => {
    expect(span(ok('2021-22', { yearType: 'financial' }))).toEqual(span(ok('2021/22')))
    expect(ok('2021-22', { yearType: 'academic' }).key).toBe('2021-09-01/2022-08-31')
    expect(ok('2021-22', { yearType: 'calendar_multi' }).key).toBe('2021-01-01/2022-12-31')
    expect(ok('2021 - 22').key).toBe('2021-01-01/2022-12-31')
    expect(ok('2018-20', { yearType: 'financial' }).key).toBe('2018-01-01/2020-12-31')
  })
})

describe('compareByKey', () => {
  it('sorts a mixed list chronologically: by start, then the shorter period first, then by label', () => {
    const labels = [
      'Mar 2023',
      '2022/23',
      '2021',
      '2018 - 20',
      '2022/23 Q1-Q3',
      '2022 Q1',
      '2022/23 Q1',
      'year ending March 2023',
      '2017/18 - 19/20',
      '2023-01',
      '2022/23 Q4',
      '2022',
      '2015',
    ]
    const sorted = labels.map((l) => ok(l)).sort(compareByKey)
    expect(sorted.map((p) => [p.label, p.key])).toEqual([
      ['2015', '2015-01-01/2015-12-31'],
      ['2017/18 - 19/20', '2017-04-01/2020-03-31'],
      ['2018 - 20', '2018-01-01/2020-12-31'],
      ['2021', '2021-01-01/2021-12-31'],
      ['2022 Q1', '2022-01-01/2022-03-31'],
      ['2022', '2022-01-01/2022-12-31'],
      ['2022/23 Q1', '2022-04-01/2022-06-30'],
      ['2022/23 Q1-Q3', '2022-04-01/2022-12-31'],
      ['2022/23', '2022-04-01/2023-03-31'],
      ['year ending March 2023', '2022-04-01/2023-03-31'],
      ['2023-01', '2023-01-01/2023-01-31'],
      ['2022/23 Q4', '2023-01-01/2023-03-31'],
      ['Mar 2023', '2023-03-01/2023-03-31'],
    ])
    // Plain string order of the keys is the same order.
    expect([...sorted.map((p) => p.key)].sort()).toEqual(sorted.map((p) => p.key))
  })
})

describe('Fingertips "Time period Sortable"', () => {
  it('decodes the first year and keeps the rest', () => {
    expect(periodFromFingertipsSortable('20150000')).toEqual({ sortable: '20150000', year: 2015, suffix: '0000' })
    expect(periodFromFingertipsSortable(' 20220300 ')).toEqual({ sortable: '20220300', year: 2022, suffix: '0300' })
    expect(periodFromFingertipsSortable('2015')).toEqual({ error: expect.stringMatching(/expected 8 digits/) })
    expect(periodFromFingertipsSortable('18500000')).toEqual({ error: expect.stringMatching(/outside the years/) })
  })

  it('checks a sortable value against the parsed label', () => {
    expect(checkFingertipsSortable(ok('2015'), '20150000')).toBeNull()
    expect(checkFingertipsSortable(ok('2015/16'), '20150000')).toBeNull()
    expect(checkFingertipsSortable(ok('2013 - 15'), '20130000')).toBeNull()
    expect(checkFingertipsSortable(ok('2013/14 - 15/16'), '20130000')).toBeNull()
    expect(checkFingertipsSortable(ok('2015'), '20160000')).toMatch(/does not match the period "2015" \(expected 2015/)
    // A financial year's Q4 (January to March 2016) belongs to Fingertips year 2015.
    expect(checkFingertipsSortable(ok('2015/16 Q4'), '20150400')).toBeNull()
    expect(checkFingertipsSortable(ok('2015/16 Q4'), '20140400')).toMatch(/should be 2016 or 2015/)
    expect(checkFingertipsSortable(ok('2015'), 'x')).toMatch(/expected 8 digits/)
  })
})

// ---- the real export ---------------------------------------------------------------------------

const { path: exportPath, present } = sharedReference(FINGERTIPS_EXPORT)

describe.skipIf(!present)('periods against the reference Fingertips export', () => {
  it('reads every distinct Time period label, agreeing with Time period Sortable and its own display', () => {
    const [head, ...records] = parseCsv(readFileSync(exportPath, 'utf8'))
    const label = head.fields.indexOf('Time period')
    const sortable = head.fields.indexOf('Time period Sortable')
    expect(label).toBeGreaterThanOrEqual(0)
    expect(sortable).toBeGreaterThanOrEqual(0)
    const pairs = new Map(records.map((r) => [`${r.fields[label]}|${r.fields[sortable]}`, r.fields]))
    const labels = new Set<string>()
    for (const fields of pairs.values()) {
      const p = ok(fields[label])
      labels.add(p.label)
      expect(p.label).toBe(fields[label].trim())
      expect(p.display).toBe(p.label)
      expect(ok(p.display).key).toBe(p.key)
      expect(checkFingertipsSortable(p, fields[sortable])).toBeNull()
    }
    expect([...labels].sort()).toEqual(['2015', '2016', '2017'])
    // Sorting by our key agrees with sorting by Fingertips' sortable column.
    const byKey = [...pairs.values()].sort((a, b) => compareByKey(ok(a[label]), ok(b[label])))
    const bySortable = [...pairs.values()].sort((a, b) => Number(a[sortable]) - Number(b[sortable]))
    expect(byKey.map((f) => f[label])).toEqual(bySortable.map((f) => f[label]))
  })
})
