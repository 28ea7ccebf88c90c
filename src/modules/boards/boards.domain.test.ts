import { describe, expect, it } from 'vitest'
import {
  compliance,
  complianceByYear,
  forwardPlan,
  mayRecordMeetings,
  membershipByOrganisation,
  pastMeetings,
  type MeetingDate,
} from './boards.domain.js'

const held = (meetsOn: string): MeetingDate => ({ meetsOn, status: 'held' })
const planned = (meetsOn: string): MeetingDate => ({ meetsOn, status: 'planned' })

describe('compliance with the minimum meetings a year', () => {
  const sixHeld = ['2024-01-15', '2024-03-11', '2024-05-13', '2024-07-08', '2024-09-09', '2024-11-11'].map(held)

  it('is met when six of six are held', () => {
    const c = compliance(6, sixHeld, 2024, '2024-11-20')
    expect(c).toMatchObject({ held: 6, plannedToCome: 0, status: 'Met' })
    expect(c.explanation).toBe('6 of the minimum 6 held in 2024.')
  })

  it('is on track with four held and two planned still to come', () => {
    const meetings = [...sixHeld.slice(0, 4), planned('2024-09-09'), planned('2024-11-11')]
    const c = compliance(6, meetings, 2024, '2024-08-01')
    expect(c).toMatchObject({ held: 4, plannedToCome: 2, status: 'On track' })
  })

  it('is not met with four held at the end of the year', () => {
    const meetings = sixHeld.slice(0, 4)
    expect(compliance(6, meetings, 2024, '2024-12-31')).toMatchObject({ held: 4, status: 'Not met' })
    expect(compliance(6, meetings, 2024, '2025-01-05').explanation).toBe('4 of the minimum 6 held in 2024.')
  })

  it('does not count a planned meeting whose date has passed, nor a cancelled one, nor another year', () => {
    const meetings = [
      ...sixHeld.slice(0, 4),
      planned('2024-09-09'),
      { meetsOn: '2024-11-11', status: 'cancelled' as const },
      held('2023-12-11'),
      planned('2025-01-13'),
    ]
    const c = compliance(6, meetings, 2024, '2024-10-01')
    expect(c).toMatchObject({ held: 4, plannedToCome: 0, status: 'Not met' })
    expect(c.explanation).toBe('4 of the minimum 6 held in 2024; 2 more meetings would need to be planned.')
  })

  it('says when a board has no minimum', () => {
    expect(compliance(undefined, sixHeld, 2024, '2024-12-31')).toMatchObject({
      minimum: null,
      held: 6,
      status: 'No minimum set',
    })
    expect(compliance(0, [], 2024, '2024-12-31').status).toBe('No minimum set')
  })

  it('gives the current year and every earlier year with a meeting, latest first, and no year still to come', () => {
    const years = complianceByYear(6, [held('2022-06-01'), planned('2026-02-01'), planned('2024-10-01')], '2024-05-01')
    expect(years.map((y) => [y.year, y.held, y.plannedToCome, y.status])).toEqual([
      [2024, 0, 1, 'Not met'],
      [2022, 1, 0, 'Not met'],
    ])
  })
})

describe('the forward plan', () => {
  const meetings = [
    { id: 'a', ...planned('2024-09-09') },
    { id: 'b', ...held('2024-03-11') },
    { id: 'c', ...planned('2024-06-30') },
    { id: 'd', ...planned('2024-06-01') },
    { id: 'e', meetsOn: '2024-07-01', status: 'cancelled' as const },
    { id: 'f', ...planned('2024-06-30') },
  ]

  it('lists planned meetings from today on, soonest first, ties in their order', () => {
    expect(forwardPlan(meetings, '2024-06-30').map((m) => m.id)).toEqual(['c', 'f', 'a'])
  })

  it('leaves everything else to the record of past meetings, latest first', () => {
    expect(pastMeetings(meetings, '2024-06-30').map((m) => m.id)).toEqual(['e', 'd', 'b'])
  })
})

describe('memberships', () => {
  const seat = (organisationId: string, fromDate: string, toDate: string | null, roleTitle: string) => ({
    organisationId,
    fromDate,
    toDate,
    roleTitle,
  })
  const seats = [
    seat('nelft', '2023-01-01', null, 'Chief Operating Officer'),
    seat('lbbd', '2023-01-01', null, 'Director of Children’s Services'),
    seat('lbbd', '2023-01-01', '2023-12-31', 'Director of Public Health'),
    seat('lbbd', '2024-01-01', null, 'Director of Public Health'),
    seat('schools', '2025-01-01', null, 'Headteacher representative'),
  ]
  const names = new Map([
    ['nelft', 'NELFT'],
    ['lbbd', 'Barking and Dagenham Council'],
    ['schools', 'Schools'],
  ])

  it('groups current members by organisation, organisations by name', () => {
    const groups = membershipByOrganisation(seats, names, '2024-06-01')
    expect(groups.map((g) => [g.organisationName, g.members.map((m) => m.roleTitle)])).toEqual([
      ['Barking and Dagenham Council', ['Director of Children’s Services', 'Director of Public Health']],
      ['NELFT', ['Chief Operating Officer']],
    ])
  })

  it('lets administrators, and board members whose organisation sits on the board, record meetings', () => {
    expect(mayRecordMeetings({ role: 'administrator', organisationId: null }, [], '2024-06-01')).toBe(true)
    expect(mayRecordMeetings({ role: 'board_member', organisationId: 'nelft' }, seats, '2024-06-01')).toBe(true)
    expect(mayRecordMeetings({ role: 'board_member', organisationId: 'schools' }, seats, '2024-06-01')).toBe(false) // not yet started
    expect(mayRecordMeetings({ role: 'board_member', organisationId: null }, seats, '2024-06-01')).toBe(false)
    expect(mayRecordMeetings({ role: 'owner', organisationId: 'lbbd' }, seats, '2024-06-01')).toBe(false)
    expect(mayRecordMeetings(null, seats, '2024-06-01')).toBe(false)
  })
})
