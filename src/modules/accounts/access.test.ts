import { describe, expect, it } from 'vitest'
import {
  canApproveReleases,
  canEditCommentary,
  canSeeDraftFigures,
  canSeeIndicatorDrafts,
  canSeeRelease,
  canSeeRestrictedPapers,
  checkPreReleaseRoles,
  type Role,
  type SessionUser,
} from './access.js'

const user = (role: Role, organisationId: string | null): SessionUser => ({
  id: '1',
  email: 'x@example.org',
  displayName: 'X',
  role,
  organisationId,
})

describe('who sees a board’s restricted papers', () => {
  // The partnership: the council and the ICB sit on it; it reports to a board the police sit on.
  const partnership = { board: ['lbbd', 'nel-icb'], reportedTo: ['met-police'] }

  it('shows them to board members whose organisation sits on the board', () => {
    expect(canSeeRestrictedPapers(user('board_member', 'lbbd'), partnership)).toBe(true)
    expect(canSeeRestrictedPapers(user('board_member', 'nel-icb'), partnership)).toBe(true)
  })

  it('shows them to board members of a board it reports to', () => {
    expect(canSeeRestrictedPapers(user('board_member', 'met-police'), partnership)).toBe(true)
  })

  it('hides them from board members whose organisation sits on neither', () => {
    expect(canSeeRestrictedPapers(user('board_member', 'nelft'), partnership)).toBe(false)
    expect(canSeeRestrictedPapers(user('board_member', null), partnership)).toBe(false)
  })

  it('hides them from analysts and owners even when their organisation sits on the board', () => {
    expect(canSeeRestrictedPapers(user('analyst', 'lbbd'), partnership)).toBe(false)
    expect(canSeeRestrictedPapers(user('owner', 'lbbd'), partnership)).toBe(false)
    expect(canSeeRestrictedPapers(user('owner', 'met-police'), partnership)).toBe(false)
  })

  it('hides them from the public and from everyone when no one sits anywhere', () => {
    expect(canSeeRestrictedPapers(null, partnership)).toBe(false)
    expect(canSeeRestrictedPapers(user('board_member', 'lbbd'), { board: [], reportedTo: [] })).toBe(false)
  })

  it('shows them to administrators, seated or not', () => {
    expect(canSeeRestrictedPapers(user('administrator', null), { board: [], reportedTo: [] })).toBe(true)
  })
})

describe('who writes the story behind the curve', () => {
  it('lets analysts and administrators, and no one else or signed out', () => {
    expect(canEditCommentary(user('analyst', null))).toBe(true)
    expect(canEditCommentary(user('administrator', null))).toBe(true)
    expect(canEditCommentary(user('owner', 'lbbd'))).toBe(false)
    expect(canEditCommentary(user('board_member', 'lbbd'))).toBe(false)
    expect(canEditCommentary(null)).toBe(false)
  })
})

describe('who sees a release before it is public', () => {
  const now = new Date('2026-03-01T09:00:00Z')
  const approved = { status: 'approved', releaseAt: new Date('2026-03-01T09:30:00Z') }
  const preRelease = ['board_member']

  it('shows every draft to analysts, statistics approvers and administrators only', () => {
    expect(canSeeDraftFigures(user('analyst', null))).toBe(true)
    expect(canSeeDraftFigures(user('approver', null))).toBe(true)
    expect(canSeeDraftFigures(user('administrator', null))).toBe(true)
    expect(canSeeDraftFigures(user('owner', 'lbbd'))).toBe(false)
    expect(canSeeDraftFigures(user('board_member', 'lbbd'))).toBe(false)
    expect(canSeeDraftFigures(null)).toBe(false)
  })

  it('gives the pre-release roles an approved release until its release time, and nothing after', () => {
    expect(canSeeRelease(user('board_member', 'lbbd'), approved, preRelease, now)).toBe(true)
    expect(canSeeRelease(user('board_member', 'lbbd'), approved, preRelease, approved.releaseAt)).toBe(false)
    expect(canSeeRelease(user('board_member', 'lbbd'), { status: 'draft', releaseAt: null }, preRelease, now)).toBe(
      false,
    )
    expect(canSeeRelease(user('owner', 'lbbd'), approved, preRelease, now)).toBe(false)
    expect(canSeeRelease(null, approved, preRelease, now)).toBe(false)
    expect(canSeeRelease(user('analyst', null), { status: 'published', releaseAt: now }, preRelease, now)).toBe(true)
  })

  it('shows an indicator’s drafts to the owners of the organisation that owns it, and no other owner', () => {
    expect(canSeeIndicatorDrafts(user('owner', 'lbbd'), 'lbbd')).toBe(true)
    expect(canSeeIndicatorDrafts(user('owner', 'nelft'), 'lbbd')).toBe(false)
    expect(canSeeIndicatorDrafts(user('owner', null), 'lbbd')).toBe(false)
    expect(canSeeIndicatorDrafts(user('owner', 'lbbd'), null)).toBe(false)
    // A board member of the owning organisation is not its owner.
    expect(canSeeIndicatorDrafts(user('board_member', 'lbbd'), 'lbbd')).toBe(false)
    expect(canSeeIndicatorDrafts(null, 'lbbd')).toBe(false)
    expect(canSeeIndicatorDrafts(user('analyst', null), null)).toBe(true)
  })

  it('shows a release to an owner of one of its indicators while it waits, never once it is published or withdrawn', () => {
    const owned = { ownerOrganisations: [null, 'lbbd'] }
    const draft = { status: 'draft', releaseAt: null, ...owned }
    expect(canSeeRelease(user('owner', 'lbbd'), draft, preRelease, now)).toBe(true)
    expect(canSeeRelease(user('owner', 'lbbd'), { ...approved, ...owned }, preRelease, now)).toBe(true)
    expect(canSeeRelease(user('owner', 'nelft'), draft, preRelease, now)).toBe(false)
    expect(canSeeRelease(user('owner', 'lbbd'), { ...draft, status: 'published' }, preRelease, now)).toBe(false)
    expect(canSeeRelease(user('owner', 'lbbd'), { ...draft, status: 'withdrawn' }, preRelease, now)).toBe(false)
    expect(canSeeRelease(user('board_member', 'lbbd'), draft, preRelease, now)).toBe(false)
    expect(canSeeRelease(user('approver', null), draft, preRelease, now)).toBe(true)
  })

  it('gives pre-release access to whichever roles are configured', () => {
    expect(canSeeRelease(user('owner', 'nelft'), approved, ['board_member', 'owner'], now)).toBe(true)
    expect(canSeeRelease(user('board_member', 'lbbd'), approved, ['owner'], now)).toBe(false)
    expect(canSeeRelease(user('board_member', 'lbbd'), approved, [], now)).toBe(false)
  })

  it('refuses a pre-release role that is not a role, at start', () => {
    expect(() => checkPreReleaseRoles(['board_member', 'owner'])).not.toThrow()
    expect(() => checkPreReleaseRoles([])).not.toThrow()
    expect(() => checkPreReleaseRoles(['board_members'])).toThrow(
      'RELEASE_PRE_RELEASE_ROLES names "board_members", not a role: use administrator, analyst, approver, owner, board_member',
    )
  })

  it('lets statistics approvers and administrators approve, and no one else', () => {
    expect(canApproveReleases(user('approver', null))).toBe(true)
    expect(canApproveReleases(user('administrator', null))).toBe(true)
    expect(canApproveReleases(user('analyst', null))).toBe(false)
    expect(canApproveReleases(user('owner', 'lbbd'))).toBe(false)
    expect(canApproveReleases(user('board_member', 'lbbd'))).toBe(false)
    expect(canApproveReleases(null)).toBe(false)
  })
})
