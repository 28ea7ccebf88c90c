/** Who logged a record, in words, from the audit trail's structured actor: never read out of the key. */
import { describe, expect, it } from 'vitest'
import { creatorLabel } from './risks.view.js'

describe('who logged a record', () => {
  it('names a person by the name kept with the event', () => {
    expect(
      creatorLabel(
        { key: 'user:7 owner@example.org', channel: 'web', name: 'Head of Early Help' },
        'user:7 owner@example.org',
      ),
    ).toBe('Head of Early Help')
  })

  it('names an import by its file', () => {
    expect(creatorLabel({ key: 'import:risks.csv', channel: 'import', name: 'risks.csv' }, 'import:risks.csv')).toBe(
      'an import of risks.csv',
    )
  })

  it('names the command line and the system by their names', () => {
    expect(creatorLabel({ key: 'cli:admin', channel: 'cli', name: 'admin' }, 'cli:admin')).toBe('admin')
    expect(creatorLabel({ key: 'test', channel: 'system', name: 'test' }, 'test')).toBe('test')
  })

  it('shows the key as it is for an event older than the structured actor, or none at all', () => {
    expect(
      creatorLabel({ key: 'user:7 owner@example.org', channel: null, name: null }, 'user:7 owner@example.org'),
    ).toBe('user:7 owner@example.org')
    expect(creatorLabel(undefined, 'import:old.csv')).toBe('import:old.csv')
  })
})
