import { describe, expect, it } from 'vitest'
import { canSeeTier, restrictedLabel, viewerOf, type Role, type Tier, type Viewer } from './access.js'

const partnership = 'best-chance-2022-25:best-chance-partnership'
const hwb = 'jlhws-2023-28:health-and-wellbeing-board'
const subgroup = 'best-chance-2022-25:partnership-subgroups'
const as = (role: Role, organisationId: string | null, seats: string[] = []) =>
  viewerOf({ role, organisationId }, seats)

describe('who sees a figure of each visibility tier', () => {
  const viewers: [string, Viewer][] = [
    ['the public', viewerOf(null, [])],
    ['an analyst', as('analyst', null)],
    ['an owner', as('owner', 'lbbd')],
    ['a board member of a board in scope', as('board_member', 'lbbd', [partnership])],
    ['a board member of a board not in scope', as('board_member', 'nelft', [subgroup])],
    ['a board member with no seat', as('board_member', 'nelft')],
    ['an administrator', as('administrator', null)],
  ]
  const expected: Record<Tier, string[]> = {
    public: viewers.map(([name]) => name),
    partners: viewers.map(([name]) => name).filter((n) => n !== 'the public'),
    board: ['a board member of a board in scope', 'an administrator'],
  }

  for (const tier of ['public', 'partners', 'board'] as const)
    it(`shows a ${tier} figure to exactly the viewers allowed`, () => {
      const seeing = viewers.filter(([, v]) => canSeeTier(v, tier, [partnership, hwb])).map(([name]) => name)
      expect(seeing).toEqual(expected[tier])
    })

  it('refuses a board figure whose indicator no board has in scope, except to administrators', () => {
    expect(canSeeTier(as('board_member', 'lbbd', [partnership]), 'board', [])).toBe(false)
    expect(canSeeTier(as('administrator', null), 'board', [])).toBe(true)
  })

  it('makes a board member without an organisation a partner, never a board viewer', () => {
    expect(as('board_member', null, [partnership])).toEqual({ kind: 'partner' })
    expect(canSeeTier(as('board_member', null, [partnership]), 'board', [partnership])).toBe(false)
  })

  it('labels restricted figures, and only those', () => {
    expect(restrictedLabel('partners')).toBe('Restricted: partners only')
    expect(restrictedLabel('board')).toBe('Restricted: board only')
    expect(restrictedLabel('public')).toBeNull()
  })
})
