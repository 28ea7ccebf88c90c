/**
 * What the board and meeting routes share: their access declarations, finding the board or
 * meeting an address names (404 otherwise), the organisations for a form's select, and who may
 * record a board's meetings (accounts/access.ts's rule over who sits on the board today).
 */
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { meetingsRefusal, type SessionUser } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { todayInLondon } from '../../lib/dates.js'
import { mayRecordMeetings } from './boards.domain.js'
import { findMeeting, listMemberships, type BoardRef, type Meeting } from './boards.repository.js'
import { boardHref } from './boards.view.js'

export type BoardRequest = FastifyRequest<{ Params: { id: string }; Querystring: { strategy?: string } }>
export type BoardRoute = { Params: { id: string }; Querystring: { strategy?: string } }
export type MeetingRequest = FastifyRequest<{ Params: { id: string } }>

export const signedIn = { config: { access: 'signed-in' } } as const
export const administrators = { config: { access: ['administrator'] } } as const
/** Board members record their own boards' meetings (checked per board in the handler). */
export const recorders = { config: { access: ['administrator', 'board_member'] } } as const

/** The board the address names (a body of the strategy), or 404. */
export function findBoard(m: StrategyReadModel, req: BoardRequest): Item {
  const board = m.find('body', req.params.id, req.query.strategy)
  if (!board) throw new NotFound()
  return board
}

export const refOf = (board: Item): BoardRef => ({ strategyId: board.strategyId, boardId: board.id })
export const boardOf = (m: StrategyReadModel, meeting: Meeting) => m.find('body', meeting.boardId, meeting.strategyId)
export const boardCrumbs = (m: StrategyReadModel, board: Item) => [
  { text: 'Boards', href: '/boards' },
  { text: board.title, href: boardHref(m, board) },
]

export async function organisationItems(db: Kysely<Database>, selected?: unknown) {
  return [
    { value: '', text: 'Select an organisation' },
    ...(await listOrganisations(db)).map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
  ]
}

export const organisationExists = async (db: Kysely<Database>, id: string) =>
  (await listOrganisations(db)).some((o) => o.id === id)

/** Administrators, and board members whose organisation sits on this board, record its meetings. */
export async function assertMayRecord(
  db: Kysely<Database>,
  user: SessionUser | null,
  board: BoardRef,
  boardName = 'this board',
): Promise<void> {
  const memberships = await listMemberships(db, board)
  if (!mayRecordMeetings(user, memberships, todayInLondon())) throw new Forbidden(meetingsRefusal(user, boardName))
}

/** A meeting and its board, or 404; with `record`, only for those who may record its meetings. */
export async function loadMeeting({ db, strategies }: WebDeps, req: MeetingRequest, record: boolean) {
  const meeting = await findMeeting(db, req.params.id)
  if (!meeting) throw new NotFound()
  const m = await strategies.readModel()
  const board = boardOf(m, meeting)
  if (!board) throw new NotFound('This meeting’s board is no longer in the strategy')
  if (record) await assertMayRecord(db, req.user, meeting, board.title)
  return { m, meeting, board }
}
