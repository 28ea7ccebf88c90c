import { describe, expect, it } from 'vitest'
import { snakeCase, snakeKeys } from './api-views.js'

describe('snake_case keys', () => {
  it('split words and numbers as the API writes them', () => {
    expect(snakeCase('periodKey')).toBe('period_key')
    expect(snakeCase('lower95')).toBe('lower_95')
    expect(snakeCase('upper998')).toBe('upper_998')
    expect(snakeCase('londonRank')).toBe('london_rank')
    expect(snakeCase('history')).toBe('history')
  })

  it('apply at every depth, to keys only', () => {
    expect(
      snakeKeys({
        latest: { periodKey: 'a/b', intervalSource: 'computedValue' },
        groupRanks: [{ groupId: 'x' }],
        gap: null,
      }),
    ).toEqual({
      latest: { period_key: 'a/b', interval_source: 'computedValue' },
      group_ranks: [{ group_id: 'x' }],
      gap: null,
    })
  })
})
