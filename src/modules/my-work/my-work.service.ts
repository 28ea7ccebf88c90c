/**
 * "My work" for each role, read through the modules' services and repositories: an owner's actions
 * and risks (overdue and due an update first); an analyst's indicators waiting for a story and
 * their imports; a board member's boards with their next meetings, the packs to read before them,
 * escalated risks and restricted papers. No query here.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import type { SessionUser } from '../accounts/access.js'
import { webActor } from '../../db/changes/actor.js'
import { formatDate, formatDateTime, todayInLondon } from '../../lib/dates.js'
import { actionsForOrganisation } from '../delivery/delivery.service.js'
import { risksEscalatedTo, risksForOrganisation } from '../risks/risks.service.js'
import { importsBy, storyStates } from '../indicators/analyst-work.repository.js'
import { boardsSeatedBy, papersOfMeetings } from '../boards/board-work.repository.js'
import { listMeetings } from '../boards/boards.repository.js'
import { boardHref } from '../boards/boards.view.js'
import { newestPacksOf } from '../reports/packs.repository.js'
import { ownerOrder, packsToRead, storyWork } from './my-work.domain.js'

type Db = Kysely<Database>

export async function ownerWork(db: Db, organisationId: string) {
  const [actions, risks] = await Promise.all([
    actionsForOrganisation(db, organisationId),
    risksForOrganisation(db, organisationId),
  ])
  const ordered = ownerOrder(actions)
  return {
    actions: ordered,
    risks,
    overdue: actions.filter((a) => a.overdue).length,
    dueUpdate: actions.filter((a) => !a.overdue && a.stale).length,
  }
}

export async function analystWork(db: Db, user: SessionUser) {
  const [states, imports] = await Promise.all([storyStates(db), importsBy(db, webActor(user).key)])
  const view = <T extends { indicatorId: string; latestDataAt: Date; storyUpdatedAt: Date | null }>(s: T) => ({
    ...s,
    href: `/indicators/${encodeURIComponent(s.indicatorId)}`,
    latestDataText: formatDateTime(s.latestDataAt),
    storyText: s.storyUpdatedAt ? formatDateTime(s.storyUpdatedAt) : null,
  })
  const { noStory, staleStory } = storyWork(states)
  return {
    noStory: noStory.map(view),
    staleStory: staleStory.map(view),
    imports: imports.map((i) => ({ ...i, when: formatDateTime(i.importedAt) })),
  }
}

/** One seated board: its next meeting, the packs awaiting its coming meetings, the risks escalated to it and the restricted papers of its recent and next meetings. */
async function boardWork(db: Db, m: StrategyReadModel, ref: { strategyId: string; boardId: string }, today: string) {
  const board = m.find('body', ref.boardId, ref.strategyId)
  if (!board) return null
  const meetings = (await listMeetings(db, ref)).filter((x) => x.status !== 'cancelled')
  const next = meetings.find((x) => x.meetsOn >= today)
  const last = [...meetings].reverse().find((x) => x.meetsOn < today)
  const shown = [last, next].filter((x) => x !== undefined)
  const coming = meetings.filter((x) => x.meetsOn >= today)
  const [risks, papers, packs] = await Promise.all([
    risksEscalatedTo(db, ref.boardId),
    papersOfMeetings(
      db,
      shown.map((x) => x.id),
    ),
    newestPacksOf(
      db,
      coming.map((x) => x.id),
    ),
  ])
  const meetingOf = new Map([...shown, ...coming].map((x) => [x.id, x]))
  return {
    title: board.title,
    href: boardHref(m, board),
    next: next ? { href: `/meetings/${next.id}`, title: next.title, when: formatDate(next.meetsOn) } : null,
    risks,
    packs: packsToRead(
      packs,
      coming.map((x) => x.id),
    ).map((p) => ({
      href: `/packs/${p.id}`,
      text: `Performance pack, version ${p.version}${p.status === 'signed_off' ? ', signed off' : ', a draft'} (data as at ${formatDate(p.asOf)})`,
      meetingHref: `/meetings/${p.meetingId}`,
      meetingWhen: formatDate(meetingOf.get(p.meetingId)!.meetsOn),
    })),
    restrictedPapers: papers
      .filter((p) => p.restricted)
      .map((p) => ({
        ...p,
        meetingHref: `/meetings/${p.meetingId}`,
        meetingWhen: formatDate(meetingOf.get(p.meetingId)!.meetsOn),
      })),
  }
}

export async function boardMemberWork(db: Db, m: StrategyReadModel, organisationId: string) {
  const today = todayInLondon()
  const refs = await boardsSeatedBy(db, organisationId, today)
  const boards = (await Promise.all(refs.map((ref) => boardWork(db, m, ref, today)))).filter((b) => b !== null)
  return { boards }
}
