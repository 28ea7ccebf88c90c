import { describe, expect, it } from 'vitest'
import { isPeriodError, parsePeriod } from '../indicators/periods.js'
import { eesPeriod, isoPeriod, laitPeriod } from './source-periods.js'

describe('laitPeriod', () => {
  it("reads a bare year by the measure's year type", () => {
    expect(laitPeriod('2025', 'calendar')).toEqual({ label: '2025' })
    expect(laitPeriod('2025', 'academic_ending')).toEqual({ label: '2024/25' })
    expect(laitPeriod('2025', 'financial_ending')).toEqual({ label: '2024/25' })
  })

  it('keeps split years and writes pooled years as the template does', () => {
    expect(laitPeriod('2023/24', 'academic_ending')).toEqual({ label: '2023/24' })
    expect(laitPeriod('2021/22-23/24', 'financial_ending')).toEqual({ label: '2021/22 - 23/24' })
    expect(laitPeriod('2014-16', 'calendar')).toEqual({ label: '2014 - 16' })
    expect(laitPeriod('2024-25', 'financial_ending')).toEqual({ label: '2024/25' })
  })

  it('refuses labels it cannot read without guessing', () => {
    expect(laitPeriod('2024-25 (OT)', 'financial_ending')).toHaveProperty('error')
    expect(laitPeriod('2024-25', 'calendar')).toHaveProperty('error')
    expect(laitPeriod('0', 'calendar')).toHaveProperty('error')
  })
})

describe('eesPeriod', () => {
  it('reads six-digit school and financial years, and four-digit years by identifier', () => {
    expect(eesPeriod('202425', 'Academic year', 'calendar')).toEqual({ label: '2024/25' })
    expect(eesPeriod('2014', 'Calendar year', 'financial_ending')).toEqual({ label: '2014' })
    expect(eesPeriod('2025', 'Reporting year', 'financial_ending')).toEqual({ label: '2024/25' })
    expect(eesPeriod('202426', 'Academic year', 'calendar')).toHaveProperty('error')
  })
})

describe('isoPeriod', () => {
  it('writes ONS periods as labels our parser reads back to the same dates', () => {
    const cases: [string, string, string][] = [
      ['2004-01-01/P1Y', '2004', '2004-01-01/2004-12-31'],
      ['2011-01-01/P3Y', '2011 - 13', '2011-01-01/2013-12-31'],
      ['2019-01-01/P5Y', '2019 - 23', '2019-01-01/2023-12-31'],
      ['2021-04-01/P1Y', '2021/22', '2021-04-01/2022-03-31'],
      ['2015-11-16/P1Y', 'year ending 15 November 2016', '2015-11-16/2016-11-15'],
    ]
    for (const [iso, label, key] of cases) {
      expect(isoPeriod(iso)).toEqual({ label })
      const period = parsePeriod(label)
      expect(isPeriodError(period) ? period.error : period.key, iso).toBe(key)
    }
  })

  it('writes a year from April as months for an indicator read by school years', () => {
    const result = isoPeriod('2021-04-01/P1Y', { academic: true })
    expect(result).toEqual({ label: 'Apr 2021 - Mar 2022' })
    const period = parsePeriod('Apr 2021 - Mar 2022', { yearType: 'academic' })
    expect(isPeriodError(period) ? period.error : period.key).toBe('2021-04-01/2022-03-31')
  })
})
