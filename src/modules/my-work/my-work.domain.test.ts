import { describe, expect, it } from 'vitest'
import { ownerOrder, packsToRead, storyWork } from './my-work.domain.js'

describe('what comes first on My work', () => {
  it('puts an owner’s overdue actions first, then those due an update, soonest due first', () => {
    const actions = [
      { ref: 'fine', overdue: false, stale: false, dueDate: '2026-01-01' },
      { ref: 'stale', overdue: false, stale: true, dueDate: '2027-01-01' },
      { ref: 'late-2', overdue: true, stale: true, dueDate: '2026-05-01' },
      { ref: 'late-1', overdue: true, stale: false, dueDate: '2026-02-01' },
      { ref: 'undated', overdue: false, stale: false, dueDate: null },
    ]
    expect(ownerOrder(actions).map((a) => a.ref)).toEqual(['late-1', 'late-2', 'stale', 'fine', 'undated'])
  })

  it('splits indicators into no story and a story older than the data', () => {
    const d = (s: string) => new Date(s)
    const states = [
      { id: 'a', latestDataAt: d('2026-03-01'), storyUpdatedAt: null },
      { id: 'b', latestDataAt: d('2026-03-01'), storyUpdatedAt: d('2026-01-01') },
      { id: 'c', latestDataAt: d('2026-03-01'), storyUpdatedAt: d('2026-04-01') },
    ]
    const work = storyWork(states)
    expect(work.noStory.map((s) => s.id)).toEqual(['a'])
    expect(work.staleStory.map((s) => s.id)).toEqual(['b'])
  })
})

describe('a board member’s packs to read', () => {
  it('gives the newest version of each coming meeting’s pack, soonest meeting first', () => {
    const packs = [
      { id: 'a1', meetingId: 'later', version: 1, status: 'signed_off' as const },
      { id: 'b1', meetingId: 'soon', version: 1, status: 'signed_off' as const },
      { id: 'b2', meetingId: 'soon', version: 2, status: 'draft' as const },
    ]
    expect(packsToRead(packs, ['soon', 'later', 'none-yet']).map((p) => p.id)).toEqual(['b2', 'a1'])
  })

  it('leaves out a pack of a meeting not in the coming list', () => {
    const packs = [{ id: 'old', meetingId: 'held', version: 3, status: 'signed_off' as const }]
    expect(packsToRead(packs, ['soon'])).toEqual([])
  })
})
