import { describe, expect, it } from 'vitest'
import { defaultQuorum, quorumAt, type Attendance } from './boards.quorum.js'

const seat = (id: string, fromDate = '2024-01-01', toDate: string | null = null) => ({
  id,
  organisationId: `org-${id}`,
  fromDate,
  toDate,
})

describe('quorum', () => {
  it('defaults to a quarter of the seats, rounded up, at least one', () => {
    expect([0, 1, 4, 5, 8, 9].map(defaultQuorum)).toEqual([1, 1, 1, 2, 2, 3])
  })

  it('counts present members and substitutes among the seats on the day, not apologies or absence', () => {
    const seats = [
      seat('1'),
      seat('2'),
      seat('3'),
      seat('4'),
      seat('5'),
      seat('6', '2026-01-01'),
      seat('7', '2024-01-01', '2024-06-30'),
    ]
    const attendance = new Map<string, Attendance>([
      ['1', 'present'],
      ['2', 'substitute'],
      ['3', 'apologies'],
      ['4', 'absent'],
      ['7', 'present'],
    ])
    const q = quorumAt(seats, attendance, '2025-03-01', null)
    expect(q).toMatchObject({ members: 5, present: 2, quorum: 2, quorate: true, quorumSet: false })
    expect(q.words).toBe('Quorate: yes (2 of 5 members present; quorum is 2)')
    expect(quorumAt(seats, attendance, '2025-03-01', 3).words).toBe('Quorate: no (2 of 5 members present; quorum is 3)')
  })

  it('says when attendance is not recorded yet', () => {
    expect(quorumAt([seat('1')], new Map(), '2025-03-01', null).words).toBe(
      'Quorate: not known, attendance not recorded yet (quorum is 1 of 1)',
    )
  })
})
