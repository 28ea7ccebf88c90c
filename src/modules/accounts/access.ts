/**
 * Who may do what. Every route declares its access in its options (`config: { access }`); the app
 * refuses to register a route that does not, and one hook enforces it before any handler runs.
 * Record-level rules (an owner edits only their own organisation's records) live here too, as pure
 * functions that handlers call after loading the record.
 */
export const roles = ['administrator', 'analyst', 'approver', 'owner', 'board_member'] as const
export type Role = (typeof roles)[number]

export const roleNames: Record<Role, string> = {
  administrator: 'Administrator',
  analyst: 'Analyst',
  approver: 'Statistics approver',
  owner: 'Action and risk owner',
  board_member: 'Board member',
}

/** Owners and board members act for an organisation, so their accounts must name one. */
export function needsOrganisation(role: string): boolean {
  return role === 'owner' || role === 'board_member'
}

/** The signed-in user, as every handler sees it on `req.user` (null for the public). */
export interface SessionUser {
  id: string
  email: string
  displayName: string
  role: Role
  organisationId: string | null
}

/**
 * A route's access: anyone; anyone signed in; or signed in with one of these roles. An
 * administrator may use every route.
 */
export type Access = 'public' | 'signed-in' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    user: SessionUser | null
    /** The token every form posts back as `_csrf`. */
    csrfToken: string
  }
}

export type AccessDecision = 'allowed' | 'sign-in' | 'forbidden'

export function decideAccess(access: Access, user: SessionUser | null): AccessDecision {
  if (access === 'public') return 'allowed'
  if (!user) return 'sign-in'
  if (access === 'signed-in' || user.role === 'administrator') return 'allowed'
  return access.includes(user.role) ? 'allowed' : 'forbidden'
}

/** Owners change only their own organisation's records; administrators change any. */
export function canEditOrganisationRecord(user: SessionUser | null, organisationId: string | null): boolean {
  if (!user) return false
  if (user.role === 'administrator') return true
  return user.role === 'owner' && organisationId !== null && user.organisationId === organisationId
}

/** The organisations holding a current seat on a board, and on each board it reports to. */
export interface PaperAudience {
  board: readonly string[]
  reportedTo: readonly string[]
}

/**
 * Restricted board papers, as the governance documents arrange boards: a board's papers are its
 * members' business and that of the boards it answers to (it "reports to" them, is their subgroup
 * or delivers for them), which hold it to account. So a restricted paper is seen by board members
 * whose organisation sits on that board or on a board one step up its reporting line, and by
 * administrators. Not by a board it only works closely with, nor a board further up (it hears what
 * the board in between reports), nor analysts and owners, whatever their organisation sits on.
 */
export function canSeeRestrictedPapers(user: SessionUser | null, audience: PaperAudience): boolean {
  if (!user) return false
  if (user.role === 'administrator') return true
  if (user.role !== 'board_member' || !user.organisationId) return false
  return audience.board.includes(user.organisationId) || audience.reportedTo.includes(user.organisationId)
}

/** Who writes the story behind an indicator's curve: analysts (administrators pass every check). */
export const commentaryEditors = ['analyst'] as const satisfies readonly Role[]

export function canEditCommentary(user: SessionUser | null): boolean {
  return decideAccess(commentaryEditors, user) === 'allowed'
}

/** Who may add records an organisation owns (actions, risks): owners, for their own, and administrators. */
export function canAddOrganisationRecords(user: SessionUser | null): boolean {
  return user?.role === 'owner' || user?.role === 'administrator'
}

/**
 * The organisation a record saved from a form belongs to: the one an administrator chose; for
 * anyone else the record's own organisation, or for a new record their own.
 */
export function organisationOfRecord<T>(user: SessionUser, chosen: T, existing?: string): T | string | null {
  return user.role === 'administrator' ? chosen : (existing ?? user.organisationId)
}

/**
 * Board members record the meetings of a board their organisation holds a current seat on;
 * administrators record any board's. `seated`: the organisations sitting on the board today.
 */
export function canRecordMeetings(
  user: { role: string; organisationId: string | null } | null,
  seated: readonly string[],
): boolean {
  if (!user) return false
  if (user.role === 'administrator') return true
  return user.role === 'board_member' && user.organisationId !== null && seated.includes(user.organisationId)
}

/** Administrators manage board memberships and read the audit trail. */
export function isAdministrator(user: SessionUser | null): boolean {
  return user?.role === 'administrator'
}

/** Whom to ask about an account's role or organisation: the service's administrators. */
const ASK_ADMIN = 'Ask an administrator of the Best Chance service (the people who manage users)'

const joinWords = (words: string[]) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`

/** Why a route refuses a role, and whom to ask: for the 403 page. */
export function roleRefusal(user: SessionUser, access: readonly Role[]): string {
  const allowed = joinWords(
    [...new Set([...access, 'administrator' as const])].map((r) => `${roleNames[r].toLowerCase()}s`),
  )
  return `You cannot use this page: it is for ${allowed}, and your account’s role is ${roleNames[user.role].toLowerCase()}. ${ASK_ADMIN} if your role should change.`
}

/** Why a board's meetings are closed to this user, and whom to ask. */
export function meetingsRefusal(
  user: { role: string; organisationId: string | null } | null,
  boardName: string,
): string {
  const head = `You cannot record meetings for the ${boardName}`
  if (!user || user.role !== 'board_member')
    return `${head}: only its board members and administrators record its meetings. ${ASK_ADMIN} if you should.`
  if (!user.organisationId)
    return `${head}: your account does not say which organisation you belong to, so the service cannot tell whether it sits on this board. ${ASK_ADMIN} to set your organisation.`
  return `${head}: your organisation does not hold a current seat on it. ${ASK_ADMIN} to add your organisation’s seat to the board’s members if it should have one.`
}

/** Why an organisation's record (an action, a risk) is closed to this user, and whom to ask. */
export function recordRefusal(user: SessionUser | null, kind: 'action' | 'risk', ownerName: string | null): string {
  const whose = ownerName ?? 'another organisation'
  if (user?.role === 'owner' && !user.organisationId)
    return `You cannot change this ${kind}: your account does not say which organisation you belong to. ${ASK_ADMIN} to set it.`
  if (user?.role !== 'owner')
    return `You cannot change this ${kind}: only ${whose}’s action and risk owners and administrators change it. ${ASK_ADMIN} if you should.`
  return `You cannot change this ${kind}: it belongs to ${whose}, and owners change only their own organisation’s ${kind}s. Ask ${whose}’s owner of it, or an administrator, to change it.`
}

/**
 * Draft figures (releases not yet public) are the analysts' work: analysts, the statistics
 * approvers who approve them and administrators see every draft, on the release pages and on each
 * indicator's page under a "draft" banner. An indicator's owner sees its own (canSeeIndicatorDrafts).
 * No one else, so the public pages (and the page cache, which never keeps a signed-in page) cannot
 * show them.
 */
export function canSeeDraftFigures(user: { role: string } | null): boolean {
  return user?.role === 'analyst' || user?.role === 'approver' || user?.role === 'administrator'
}

/**
 * The indicator's owner: an action and risk owner whose organisation is the one the indicator's
 * metadata names as its owner (`owner_organisation`; an indicator without one has no owning account).
 */
export function ownsIndicator(
  user: { role: string; organisationId: string | null } | null,
  ownerOrganisation: string | null | undefined,
): boolean {
  return (
    user?.role === 'owner' && !!user.organisationId && !!ownerOrganisation && user.organisationId === ownerOrganisation
  )
}

/** An indicator's draft figures: everyone who sees every draft, and the indicator's owner. */
export function canSeeIndicatorDrafts(
  user: { role: string; organisationId: string | null } | null,
  ownerOrganisation: string | null | undefined,
): boolean {
  return canSeeDraftFigures(user) || ownsIndicator(user, ownerOrganisation)
}

/**
 * A release's page: the analysts', approvers' and administrators'; an indicator owner's while it is
 * a draft or approved, when it holds figures of an indicator their organisation owns
 * (`ownerOrganisations`: the owners of the release's indicators; the page then shows only theirs);
 * and, once approved and until its release time, pre-release access for the roles configured
 * (RELEASE_PRE_RELEASE_ROLES, board members by default), as official statistics allow. At the
 * release time pre-release access ends: it is public then.
 */
export function canSeeRelease(
  user: { role: string; organisationId?: string | null } | null,
  release: { status: string; releaseAt: Date | null; ownerOrganisations?: readonly (string | null)[] },
  preReleaseRoles: readonly string[],
  now: Date,
): boolean {
  if (!user) return false
  if (canSeeDraftFigures(user)) return true
  const waiting = release.status === 'draft' || release.status === 'approved'
  const owner = { role: user.role, organisationId: user.organisationId ?? null }
  if (waiting && (release.ownerOrganisations ?? []).some((o) => ownsIndicator(owner, o))) return true
  return (
    preReleaseRoles.includes(user.role) &&
    release.status === 'approved' &&
    release.releaseAt !== null &&
    release.releaseAt.getTime() > now.getTime()
  )
}

/**
 * The roles RELEASE_PRE_RELEASE_ROLES names, checked when the release routes start: a misspelt role
 * would otherwise give no one pre-release access, silently. Empty is allowed (no pre-release access).
 */
export function checkPreReleaseRoles(configured: readonly string[]): void {
  const unknown = configured.filter((r) => !(roles as readonly string[]).includes(r))
  if (unknown.length)
    throw new Error(
      `RELEASE_PRE_RELEASE_ROLES names ${unknown.map((r) => `"${r}"`).join(', ')}, not a role: use ${roles.join(', ')}`,
    )
}

/** Who approves a release for publication: statistics approvers (the route's access) and administrators. */
export const releaseApprovers = ['approver'] as const satisfies readonly Role[]

export function canApproveReleases(user: { role: string } | null): boolean {
  return user?.role === 'approver' || user?.role === 'administrator'
}

/**
 * Visibility tiers (issue #16): who may see an indicator's figures, or one breakdown's. `public`:
 * everyone (always through disclosure control); `partners`: any signed-in account; `board`: the
 * members of a board whose scope includes the indicator (its strategy's lead body and every board
 * that body answers to: reports/pack.scope.ts), and administrators, who pass every check.
 */
export type Tier = 'public' | 'partners' | 'board'

/**
 * Who is looking, as the read layer (disclosure/visibility.ts) needs to know: the public; a partner
 * (signed in, no board seat that matters); a board member with the boards (`strategyId:boardId`)
 * their organisation holds a current seat on; or an administrator.
 */
export type Viewer =
  { kind: 'public' } | { kind: 'partner' } | { kind: 'board'; boards: readonly string[] } | { kind: 'administrator' }

export const PUBLIC_VIEWER: Viewer = { kind: 'public' }

/** The viewer a signed-in user (or the public) is; `seatedBoards`: their organisation's current seats. */
export function viewerOf(
  user: Pick<SessionUser, 'role' | 'organisationId'> | null,
  seatedBoards: readonly string[],
): Viewer {
  if (!user) return PUBLIC_VIEWER
  if (user.role === 'administrator') return { kind: 'administrator' }
  if (user.role === 'board_member' && user.organisationId) return { kind: 'board', boards: seatedBoards }
  return { kind: 'partner' }
}

/** Whether a viewer may see a figure of this tier; `indicatorBoards`: the boards whose scope includes it. */
export function canSeeTier(viewer: Viewer, tier: Tier, indicatorBoards: readonly string[]): boolean {
  if (tier === 'public' || viewer.kind === 'administrator') return true
  if (viewer.kind === 'public') return false
  if (tier === 'partners') return true
  return viewer.kind === 'board' && viewer.boards.some((b) => indicatorBoards.includes(b))
}

/** The GOV.UK tag text a restricted figure carries; null for a public one. */
export function restrictedLabel(tier: Tier): string | null {
  if (tier === 'partners') return 'Restricted: partners only'
  if (tier === 'board') return 'Restricted: board only'
  return null
}
