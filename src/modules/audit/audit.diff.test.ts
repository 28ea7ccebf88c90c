import { describe, expect, it } from 'vitest'
import { diffRecords } from './audit.diff.js'

describe('diffRecords', () => {
  it('lists only the fields that changed, with before and after', () => {
    const changes = diffRecords(
      { title: 'Spring meeting', status: 'planned', public: true, location: 'Town Hall' },
      { title: 'Spring meeting', status: 'held', public: false, location: 'Town Hall' },
    )
    expect(changes).toEqual([
      { field: 'status', before: 'planned', after: 'held' },
      { field: 'public', before: 'true', after: 'false' },
    ])
  })

  it('shows every field of a new record as added, with nothing before', () => {
    expect(diffRecords(null, { title: 'Budget', position: 2 })).toEqual([
      { field: 'title', before: null, after: 'Budget' },
      { field: 'position', before: null, after: '2' },
    ])
  })

  it('shows fields that were removed or added, and a value set to null', () => {
    expect(diffRecords({ a: 1, b: 'x' }, { a: null, c: 'y' })).toEqual([
      { field: 'a', before: '1', after: null },
      { field: 'b', before: 'x', after: null },
      { field: 'c', before: null, after: 'y' },
    ])
  })

  it('shows nested objects and lists as JSON, and compares them whatever their key order', () => {
    expect(
      diffRecords({ areas: ['E1', 'E2'], meta: { a: 1, b: 2 } }, { areas: ['E1', 'E2'], meta: { b: 2, a: 1 } }),
    ).toEqual([])
    expect(diffRecords({ areas: ['E1'], meta: { a: 1 } }, { areas: ['E1', 'E2'], meta: { a: 2 } })).toEqual([
      { field: 'areas', before: '["E1"]', after: '["E1","E2"]' },
      { field: 'meta', before: '{"a":1}', after: '{"a":2}' },
    ])
  })

  it('treats a missing field and a null one as the same, and a value that is not an object as one field', () => {
    expect(diffRecords({ a: null }, {})).toEqual([])
    expect(diffRecords('old', 'new')).toEqual([{ field: 'value', before: 'old', after: 'new' }])
    expect(diffRecords([1], [1, 2])).toEqual([{ field: 'value', before: '[1]', after: '[1,2]' }])
    expect(diffRecords(undefined, undefined)).toEqual([])
  })
})
