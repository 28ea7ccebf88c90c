import { describe, expect, it } from 'vitest'
import { summaryDependents } from './dependents.js'

describe('summaryDependents', () => {
  it('has England and London read by every area, and a group read by its focus or, without one, by every member', () => {
    const deps = summaryDependents([
      { id: 'london-boroughs', name: 'London', members: new Set(['A', 'B']) },
      { id: 'neighbours-of-a', name: 'Neighbours', members: new Set(['A', 'C']), focus: 'A' },
    ])
    const pairs = deps.map((d) => `${d.source}>${d.dependent}`).sort()
    expect(pairs).toEqual(['A>A', 'A>B', 'B>A', 'B>B', 'C>A', 'E12000007>*', 'E92000001>*'])
  })
})
