import { describe, expect, it } from 'vitest'
import { actorWords, describeChange, entityTypeName, meetingName } from './audit.describe.js'

const event = (over: Partial<Parameters<typeof describeChange>[0]>) => ({
  actor: 'user:7 ada@example.org',
  actorName: 'Ada Admin',
  action: 'create',
  entityType: 'action',
  entityId: '12',
  before: null,
  after: null,
  ...over,
})

describe('the audit trail in words', () => {
  it('describes following by e-mail and the e-mails sent', () => {
    expect(describeChange(event({ action: 'follow.start', entityType: 'follow', entityId: '4' }))).toBe(
      'Ada Admin started follow by e-mail 4.',
    )
    expect(
      describeChange(
        event({ actor: 'system:e-mail', actorName: 'e-mail', action: 'notification.sent', entityType: 'notification' }),
      ),
    ).toBe('The service sent e-mail notification 12.')
  })

  it('names people, the command line and imports instead of keys', () => {
    expect(actorWords({ actor: 'user:1 a@example.org', actorName: 'Ada Admin' })).toBe('Ada Admin')
    expect(actorWords({ actor: 'user:1 a@example.org', actorName: null })).toBe('a@example.org')
    expect(actorWords({ actor: 'cli:unknown', actorName: 'unknown' })).toBe('Someone at the command line')
    expect(actorWords({ actor: 'import:risks.csv', actorName: 'risks.csv' })).toBe('The import of risks.csv')
  })

  it('describes an agenda item added to a named meeting, numbered', () => {
    const e = event({
      action: 'meeting.agenda-item.add',
      entityType: 'meeting',
      after: { agendaItem: '3', position: 1, title: 'Budget' },
    })
    expect(describeChange(e, { meeting: () => 'the Partnership Board, October 2026' })).toBe(
      'Ada Admin added agenda item 1 (“Budget”) to the Partnership Board, October 2026.',
    )
  })

  it('names a meeting by its board and day, or by its title when the board is not known', () => {
    expect(meetingName({ title: 'October meeting', day: '14 October 2026' }, 'Partnership Board')).toBe(
      'the Partnership Board meeting of 14 October 2026',
    )
    expect(meetingName({ title: 'October meeting', day: '14 October 2026' }, undefined)).toBe(
      'the meeting “October meeting” of 14 October 2026',
    )
  })

  it('names a board pack by its version and its meeting', () => {
    const e = event({ action: 'board-pack.draft', entityType: 'board_pack', after: { meeting: '9', version: 2 } })
    expect(
      describeChange(e, {
        meeting: (id) => (id === '9' ? 'the Partnership Board meeting of 14 October 2026' : undefined),
      }),
    ).toBe(
      'Ada Admin saved version 2 of the board pack for the Partnership Board meeting of 14 October 2026 as a draft.',
    )
  })

  it('describes an account’s changed role and organisation with their names', () => {
    const before = {
      email: 'b@example.org',
      displayName: 'Head of Service',
      role: 'analyst',
      organisationId: null,
      disabled: false,
    }
    const after = { ...before, role: 'board_member', organisationId: 'nelft' }
    const text = describeChange(event({ action: 'update', entityType: 'user', before, after }), {
      organisation: (id) => (id === 'nelft' ? 'NELFT' : undefined),
    })
    expect(text).toBe(
      'Ada Admin changed the account of Head of Service, changing its role from analyst to board member, its organisation from none to NELFT.',
    )
  })

  it('names actions and risks by reference and title, and says what an unknown action code was', () => {
    expect(describeChange(event({ after: { reference: 'A4', title: 'Open hubs' } }))).toBe(
      'Ada Admin added action A4: Open hubs.',
    )
    expect(
      describeChange(
        event({ action: 'escalate', entityType: 'risk', after: { reference: 'R2', kind: 'issue', title: 'Staffing' } }),
      ),
    ).toBe('Ada Admin escalated issue R2: Staffing.')
    expect(describeChange(event({ action: 'frobnicate', entityType: 'widget' }))).toBe(
      'Ada Admin made a change (frobnicate) to widget 12.',
    )
    expect(entityTypeName('board_membership')).toBe('Board seat')
  })
})
