import { describe, expect, it } from 'vitest'
import { ageSpan, periodSpan, tilings } from './spans.js'

describe('what an age label covers', () => {
  it('reads the forms sources write', () => {
    expect(ageSpan('0-4 yrs')).toEqual({ lo: 0, hi: 4 })
    expect(ageSpan('10 - 15 years')).toEqual({ lo: 10, hi: 15 })
    expect(ageSpan('16 to 17')).toEqual({ lo: 16, hi: 17 })
    expect(ageSpan('<1 yr')).toEqual({ lo: 0, hi: 0 })
    expect(ageSpan('Under 18')).toEqual({ lo: 0, hi: 17 })
    expect(ageSpan('18+ yrs')).toEqual({ lo: 18, hi: Infinity })
    expect(ageSpan('65 and over')).toEqual({ lo: 65, hi: Infinity })
    expect(ageSpan('5 yrs')).toEqual({ lo: 5, hi: 5 })
    expect(ageSpan('aged 2')).toEqual({ lo: 2, hi: 2 })
  })

  it('takes the empty age and "All ages" as the all-ages row, and leaves what it cannot read', () => {
    expect(ageSpan('')).toBe('all')
    expect(ageSpan('All ages')).toBe('all')
    for (const label of ['0-11 months', 'School age', '9-4 yrs', '<0', 'Reception'])
      expect(ageSpan(label), label).toBeNull()
  })
})

describe('what a period key covers', () => {
  it('counts days, end inclusive', () => {
    const year = periodSpan('2022-04-01/2023-03-31')!
    expect(year.hi - year.lo).toBe(364)
    const q1 = periodSpan('2022-04-01/2022-06-30')!
    const q2 = periodSpan('2022-07-01/2022-09-30')!
    expect(q2.lo).toBe(q1.hi + 1)
    expect(periodSpan('2022')).toBeNull()
    expect(periodSpan('2023-01-01/2022-01-01')).toBeNull()
  })
})

describe('tilings', () => {
  const part = (id: number, lo: number, hi: number) => ({ id, span: { lo, hi } })

  it('lists every way smaller spans cover a span end to end, and no other', () => {
    const parts = [
      part(1, 0, 4),
      part(2, 5, 9),
      part(3, 0, 9),
      part(4, 10, 17),
      part(5, 3, 12),
      part(6, 0, 17),
      part(7, 10, 20),
    ]
    expect(tilings({ lo: 0, hi: 17 }, parts).sort()).toEqual([
      [1, 2, 4],
      [3, 4],
    ])
    expect(tilings({ lo: 0, hi: 9 }, parts)).toEqual([[1, 2]])
    // A gap: nothing covers 5-9 here.
    expect(tilings({ lo: 0, hi: 17 }, [part(1, 0, 4), part(4, 10, 17)])).toEqual([])
  })

  it('tiles an open span with an open band', () => {
    expect(tilings({ lo: 0, hi: Infinity }, [part(1, 0, 17), part(2, 18, Infinity)])).toEqual([[1, 2]])
  })

  it('needs at least two parts unless told otherwise', () => {
    expect(tilings({ lo: 0, hi: 9 }, [part(1, 0, 9)])).toEqual([])
  })
})
