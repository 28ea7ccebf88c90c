import { describe, expect, it } from 'vitest'
import { keepPublic, tierMap } from './tiers.js'

const tiers = tierMap([
  { indicatorId: 'board-one', tier: 'board', breakdowns: { Ward: 'partners' }, unsuppressed: false },
  { indicatorId: 'open-one', tier: 'public', breakdowns: { 'Deprivation decile': 'partners' }, unsuppressed: true },
])

describe('visibility tiers of indicators and breakdowns', () => {
  it('reads an indicator the metadata says nothing about as public', () => {
    expect(tiers.tierOf('anything-else')).toBe('public')
    expect(tiers.tierOf('anything-else', 'Ward')).toBe('public')
  })

  it('gives a breakdown the stricter of its own tier and its indicator’s', () => {
    expect(tiers.tierOf('open-one', 'Deprivation decile')).toBe('partners')
    expect(tiers.tierOf('open-one', 'Sex')).toBe('public')
    expect(tiers.tierOf('open-one', '')).toBe('public')
    // A breakdown never shows more than its indicator allows.
    expect(tiers.tierOf('board-one', 'Ward')).toBe('board')
    expect(tiers.tierOf('board-one')).toBe('board')
  })

  it('lists the indicators not wholly public, and the data-sharing basis of each', () => {
    expect(tiers.restricted()).toEqual(['board-one'])
    expect(tiers.unsuppressed('open-one')).toBe(true)
    expect(tiers.unsuppressed('board-one')).toBe(false)
  })

  it('keeps only public rows for the public', () => {
    const rows = [
      { indicatorId: 'open-one', categoryType: '' },
      { indicatorId: 'open-one', categoryType: 'Deprivation decile' },
      { indicatorId: 'board-one', categoryType: '' },
      { indicatorId: 'other', categoryType: 'Ward' },
    ]
    expect(keepPublic(tiers, rows)).toEqual([rows[0], rows[3]])
  })
})
