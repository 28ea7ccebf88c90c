import { describe, expect, it } from 'vitest'
import { AllDataQuery, StrategyQuery, endOfUkDay, queryProblems } from './api-query.js'

const problems = (query: unknown) => {
  const result = AllDataQuery.safeParse(query)
  return result.success ? null : queryProblems(result.error)
}

describe('the API query parameters', () => {
  it('read one value, several separated by commas, or the same parameter given twice, as a list', () => {
    expect(AllDataQuery.parse({ area: 'E09000002' })).toEqual({ area: ['E09000002'] })
    expect(AllDataQuery.parse({ area: 'E09000002, E12000007' })).toEqual({ area: ['E09000002', 'E12000007'] })
    expect(AllDataQuery.parse({ area: ['E09000002', 'E92000001'], indicator: 'year-6-obesity' })).toEqual({
      area: ['E09000002', 'E92000001'],
      indicator: ['year-6-obesity'],
    })
  })

  it('say what is wrong with a bad value, naming the parameter', () => {
    expect(problems({ area: 'Barking' })).toBe('area must be an ONS GSS code such as E09000002')
    expect(problems({ area: '' })).toBe('area is empty')
    expect(problems({ as_of: '2023-02-29' })).toMatch(/^as_of must be a date written YYYY-MM-DD/)
    expect(problems({ as_of: '31/03/2024' })).toMatch(/^as_of must be a date/)
    expect(problems({ indicator: 'Year 6 obesity' })).toMatch(/^indicator must be an indicator id/)
    expect(problems({ as_of: '2024-02-29' })).toBeNull()
  })

  it('refuse a parameter they do not know, so a misspelt filter does not return everything', () => {
    expect(problems({ areas: 'E09000002' })).toBe('unknown query parameter areas')
    expect(StrategyQuery.safeParse({ strategy: 'best-chance-2022-25' }).success).toBe(true)
  })
})

describe('the end of a day in the UK', () => {
  it('is midnight in London: the same as UTC in winter, an hour earlier in summer', () => {
    expect(endOfUkDay('2024-01-15').toISOString()).toBe('2024-01-15T23:59:59.999Z')
    expect(endOfUkDay('2024-07-15').toISOString()).toBe('2024-07-15T22:59:59.999Z')
  })

  it('follows the clocks changing, on the last Sundays of March and October', () => {
    expect(endOfUkDay('2024-03-30').toISOString()).toBe('2024-03-30T23:59:59.999Z') // the day before the clocks go forward
    expect(endOfUkDay('2024-03-31').toISOString()).toBe('2024-03-31T22:59:59.999Z')
    expect(endOfUkDay('2024-10-26').toISOString()).toBe('2024-10-26T22:59:59.999Z')
    expect(endOfUkDay('2024-10-27').toISOString()).toBe('2024-10-27T23:59:59.999Z')
  })
})
