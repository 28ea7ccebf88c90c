import { describe, expect, it } from 'vitest'
import type { SourceMappingFile } from '../sources/source-mapping.schema.js'
import { publisherDue } from './reminders.analysts.js'
import type { Reminder } from './reminders.js'
import { reminderMessages, sendWords } from './reminders.send.js'
import { sentNotice } from './reminders.web.js'

const source = (frequency: string, next_update?: string) => ({
  publisher: 'Department for Education',
  publication: 'Synthetic publication',
  file: 'x',
  origin: 'x',
  licence: 'Open Government Licence v3.0',
  format: 'lait',
  output: 'real-x.csv',
  frequency,
  next_update,
  in_build: true,
})
const mappings = (frequency: string, next_update?: string) =>
  ({
    sources: { s: source(frequency, next_update) },
    mappings: [{ indicator: 'gld-eyfs', source: 's' }],
    gaps: [],
  }) as unknown as SourceMappingFile

describe('when a publisher’s figures are due', () => {
  it('takes a stated date, else counts from the figures loaded by the frequency', () => {
    expect(publisherDue('gld-eyfs', mappings('annual', '2026-07-01 (provisional)'), '2025-01-01')?.due).toBe(
      '2026-07-01',
    )
    expect(publisherDue('gld-eyfs', mappings('annual'), '2025-01-01')).toMatchObject({
      due: '2026-01-01',
      basis: 'published yearly, counted from the figures loaded',
    })
    expect(publisherDue('gld-eyfs', mappings('quarterly'), '2025-01-01')?.due).toBe('2025-04-02')
  })

  it('has no date for a discontinued source, an unloaded yearly one, or an indicator with no source', () => {
    expect(publisherDue('gld-eyfs', mappings('discontinued'), '2025-01-01')).toBeNull()
    expect(publisherDue('gld-eyfs', mappings('annual'), null)).toBeNull()
    expect(publisherDue('other', mappings('annual'), '2025-01-01')).toBeNull()
  })
})

const line = (over: Partial<Reminder>): Reminder => ({
  meetingId: '1',
  meetsOn: '2026-03-10',
  board: 'Best Chance 0-25 Partnership',
  meeting: 'March',
  since: null,
  owner: 'Head of Early Help, Synthetic Council',
  kind: 'action',
  reference: 'ACT-0001',
  title: 'Synthetic action',
  lastUpdate: null,
  dueBy: null,
  why: 'no update yet',
  href: '/actions/1',
  recipients: [],
  ...over,
})

describe('reminder e-mails', () => {
  it('sends each person one message with all their items, and counts the lines nobody can be sent', () => {
    const a = { userId: '1', email: 'A@example.org', name: 'Owner A' }
    const b = { userId: '2', email: 'b@example.org', name: 'Owner B' }
    const list = [
      line({ recipients: [a, b] }),
      line({ reference: 'ACT-0002', href: '/actions/2', recipients: [a] }),
      line({ reference: 'ACT-0003', recipients: [] }),
    ]
    const messages = reminderMessages(list, 'https://best-chance.example.org/')
    expect(messages.map((m) => m.to)).toEqual(['a@example.org', 'b@example.org'])
    expect(messages[0]!.text).toContain('ACT-0001')
    expect(messages[0]!.text).toContain('https://best-chance.example.org/actions/2')
    expect(messages[1]!.text).not.toContain('ACT-0002')
    expect(messages[0]!.subject).toBe(
      'Best Chance: updates wanted before the Best Chance 0-25 Partnership meeting on 10 March 2026',
    )
    expect(sendWords({ sent: [{ to: 'a', items: [] }], failed: [], unreachable: [list[2]!] })).toBe(
      'Sent 1 reminder e-mail; 1 item has no one with an account to e-mail.',
    )
  })

  it('says on the page how many were sent, or that e-mail is not set up', () => {
    expect(sentNotice({ sent: '3', failed: '0', unreachable: '2' })).toBe(
      'Sent 3 reminder e-mails; 2 items have no one with an account to e-mail',
    )
    expect(sentNotice({ mail: 'off' })).toContain('E-mail is not set up')
    expect(sentNotice({ sent: '<b>' })).toBeNull()
  })
})
