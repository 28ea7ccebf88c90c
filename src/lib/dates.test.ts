import { describe, expect, it } from 'vitest'
import {
  partsOf as dateParts,
  daysBetween,
  formatDate,
  parseDate,
  todayInLondon,
  checkDate,
  formatDateTime,
  londonMidnight,
  londonInstant,
  nextDay,
  partsOf,
  todayInLondon as londonToday,
} from './dates.js'

describe('parseDate', () => {
  it('reads a GOV.UK date input and the spreadsheet forms alike', () => {
    expect(parseDate({ day: '5', month: '3', year: '2025' }, 'Due date')).toEqual({ ok: true, date: '2025-03-05' })
    expect(parseDate('2025-03-05', 'Due date')).toEqual({ ok: true, date: '2025-03-05' })
    expect(parseDate('05/03/2025', 'Due date')).toEqual({ ok: true, date: '2025-03-05' })
  })

  it('treats blank as no date', () => {
    expect(parseDate({ day: '', month: ' ', year: '' }, 'Due date')).toEqual({ ok: true, date: undefined })
    expect(parseDate('  ', 'Due date')).toEqual({ ok: true, date: undefined })
    expect(parseDate(undefined, 'Due date')).toEqual({ ok: true, date: undefined })
  })

  it('says which parts are missing, as GOV.UK does', () => {
    expect(parseDate({ day: '5', month: '', year: '2025' }, 'Due date')).toEqual({
      ok: false,
      message: 'Due date must include a month',
    })
    expect(parseDate({ day: '', month: '', year: '2025' }, 'Start date')).toEqual({
      ok: false,
      message: 'Start date must include a day and month',
    })
  })

  it('refuses dates that do not exist and years without 4 numbers', () => {
    expect(parseDate({ day: '29', month: '2', year: '2025' }, 'Due date')).toMatchObject({
      ok: false,
      message: 'Due date must be a real date',
    })
    expect(parseDate({ day: '29', month: '2', year: '2024' }, 'Due date')).toEqual({ ok: true, date: '2024-02-29' })
    expect(parseDate({ day: '1', month: '13', year: '2025' }, 'Due date')).toMatchObject({ ok: false })
    expect(parseDate({ day: '1', month: '1', year: '25' }, 'Due date')).toMatchObject({
      ok: false,
      message: 'Due date: the year must include 4 numbers',
    })
    expect(parseDate('31 March', 'Due date')).toMatchObject({
      ok: false,
      message: expect.stringContaining('2025-03-31'),
    })
  })
})

describe('calendar helpers', () => {
  it('formats dates as GOV.UK writes them', () => {
    expect(formatDate('2025-03-31')).toBe('31 March 2025')
    expect(formatDate(null)).toBe('')
  })

  it('counts days across a change of clocks without drifting', () => {
    expect(daysBetween('2025-03-29', '2025-04-05')).toBe(7)
    expect(daysBetween('2025-04-05', '2025-03-29')).toBe(-7)
  })

  it('gives today in London, not in UTC', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(todayInLondon(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01')
    expect(todayInLondon(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31')
  })

  it('splits a date for a date input', () => {
    expect(dateParts('2025-03-05')).toEqual({ day: '5', month: '3', year: '2025' })
    expect(dateParts(null)).toEqual({ day: '', month: '', year: '' })
  })
})

describe('dates for boards and the audit trail', () => {
  describe('dates', () => {
    it('reads a GOV.UK date input with the pattern’s messages', () => {
      expect(checkDate({ day: '7', month: '3', year: '2025' }, 'the date of the meeting')).toEqual({
        date: '2025-03-07',
      })
      expect(checkDate({ day: '', month: '', year: '' }, 'the date')).toEqual({ date: null })
      expect(checkDate({ day: '7', month: '', year: '' }, 'the date of the meeting')).toEqual({
        error: 'The date of the meeting must include a month and year',
      })
      expect(checkDate({ day: '30', month: '2', year: '2025' }, 'the date')).toEqual({
        error: 'The date must be a real date',
      })
      expect(checkDate({ day: '1', month: '13', year: '2025' }, 'the date')).toEqual({
        error: 'The date must be a real date',
      })
      expect(checkDate({ day: 'x', month: '1', year: '2025' }, 'the date')).toEqual({
        error: 'The date must be a real date',
      })
      expect(checkDate({ day: '1', month: '1', year: '25' }, 'the date')).toEqual({
        error: 'The date must be a real date',
      })
      expect(checkDate({ day: '29', month: '2', year: '2024' }, 'the date')).toEqual({ date: '2024-02-29' })
    })

    it('writes dates in words and back into a form’s parts', () => {
      expect(formatDate('2025-03-07')).toBe('7 March 2025')
      expect(formatDate(null)).toBe('')
      expect(partsOf('2025-03-07')).toEqual({ day: '7', month: '3', year: '2025' })
      expect(formatDateTime(new Date('2025-07-01T13:05:00Z'))).toBe('1 July 2025, 2:05pm')
      expect(formatDateTime(new Date('2025-01-01T12:30:00Z'))).toBe('1 January 2025, 12:30pm')
      expect(formatDateTime('2025-01-01T00:05:00Z')).toBe('1 January 2025, 12:05am')
    })

    it('knows when a London day begins, in winter and in summer time', () => {
      expect(londonMidnight('2025-01-15').toISOString()).toBe('2025-01-15T00:00:00.000Z')
      expect(londonMidnight('2025-07-01').toISOString()).toBe('2025-06-30T23:00:00.000Z')
      expect(nextDay('2024-02-28')).toBe('2024-02-29')
      expect(nextDay('2024-12-31')).toBe('2025-01-01')
      expect(londonToday(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01')
    })

    it('reads a London date and clock time as the instant it names, and refuses a time that is not one', () => {
      expect(londonInstant('2025-01-15', '09:30')?.toISOString()).toBe('2025-01-15T09:30:00.000Z')
      expect(londonInstant('2025-07-01', '09:30')?.toISOString()).toBe('2025-07-01T08:30:00.000Z')
      expect(londonInstant('2025-07-01', '9.05')?.toISOString()).toBe('2025-07-01T08:05:00.000Z')
      expect(londonInstant('2025-07-01', '24:00')).toBeNull()
      expect(londonInstant('2025-07-01', 'noon')).toBeNull()
    })
  })
})
