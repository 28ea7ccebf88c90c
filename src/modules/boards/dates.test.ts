import { describe, expect, it } from 'vitest'
import { checkDate, formatDate, formatDateTime, londonMidnight, londonToday, nextDay, partsOf } from './dates.js'

describe('dates', () => {
  it('reads a GOV.UK date input with the pattern’s messages', () => {
    expect(checkDate({ day: '7', month: '3', year: '2025' }, 'the date of the meeting')).toEqual({ date: '2025-03-07' })
    expect(checkDate({ day: '', month: '', year: '' }, 'the date')).toEqual({ date: null })
    expect(checkDate({ day: '7', month: '', year: '' }, 'the date of the meeting')).toEqual({ error: 'The date of the meeting must include a month and year' })
    expect(checkDate({ day: '30', month: '2', year: '2025' }, 'the date')).toEqual({ error: 'The date must be a real date' })
    expect(checkDate({ day: '1', month: '13', year: '2025' }, 'the date')).toEqual({ error: 'The date must be a real date' })
    expect(checkDate({ day: 'x', month: '1', year: '2025' }, 'the date')).toEqual({ error: 'The date must be a real date' })
    expect(checkDate({ day: '1', month: '1', year: '25' }, 'the date')).toEqual({ error: 'The date must be a real date' })
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
})
