/**
 * What the board-pack routes share: finding the meeting, its board and a stored version, who may
 * save and sign off, the breadcrumbs, and reading the "data as of" day from a request.
 */
import type { FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { todayInLondon } from '../../lib/dates.js'
import { roleNames, type SessionUser } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import { findMeeting, listMemberships, type Meeting } from '../boards/boards.repository.js'
import { boardHref } from '../boards/boards.view.js'
import { isRealDate } from '../risks/risks.domain.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { findPack, type StoredPack } from './packs.repository.js'
import { maySignOff, PackRefused, readContent } from './packs.service.js'

/** The "data as of" day a request asks for, or undefined for the default. */
export function asOfOf(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)) {
    throw new PackRefused('The date the data is as of must be a real date, written like 2026-03-31', 400)
  }
  return value
}

export const versionView = (p: StoredPack) => ({
  id: p.id,
  href: `/packs/${p.id}`,
  version: p.version,
  status: p.status === 'signed_off' ? 'Signed off' : 'Draft',
  tag: p.status === 'signed_off' ? 'govuk-tag--green' : 'govuk-tag--grey',
  asOf: p.asOf,
  reason: p.reason,
})

export function packWebContext(deps: WebDeps) {
  const { db } = deps
  const model = () => deps.strategies.readModel()
  const boardOf = (m: StrategyReadModel, x: { strategyId: string; boardId: string }) => {
    const board = m.find('body', x.boardId, x.strategyId)
    if (!board) throw new NotFound('This board is no longer in the strategy')
    return board
  }
  const meetingOf = async (id: string): Promise<Meeting> => {
    const meeting = await findMeeting(db, id)
    if (!meeting) throw new NotFound()
    return meeting
  }
  return {
    db,
    threshold: deps.config.disclosureThreshold,
    packDeps: async () => ({ db, model: await model(), threshold: deps.config.disclosureThreshold }),
    boardOf,
    meetingOf,
    mayAct: async (user: SessionUser | null, board: Item) =>
      maySignOff(user, await listMemberships(db, { strategyId: board.strategyId, boardId: board.id }), todayInLondon()),
    crumbs: (m: StrategyReadModel, board: Item, meeting: Meeting) => [
      { text: 'Boards', href: '/boards' },
      { text: board.title, href: boardHref(m, board) },
      { text: meeting.title, href: `/meetings/${meeting.id}` },
    ],
    /** A stored version with its board, meeting and (checked) content, or 404. */
    loadPack: async (req: FastifyRequest<{ Params: { id: string } }>) => {
      const pack = await findPack(db, req.params.id)
      if (!pack) throw new NotFound()
      const m = await model()
      return { pack, m, board: boardOf(m, pack), meeting: await meetingOf(pack.meetingId), content: readContent(pack) }
    },
    /** "Board member, <organisation>": a role, never a person's name. */
    signerLabel: async (user: SessionUser) => {
      const organisation = user.organisationId
        ? (await listOrganisations(db)).find((o) => o.id === user.organisationId)?.name
        : null
      return organisation ? `${roleNames[user.role]}, ${organisation}` : roleNames[user.role]
    },
  }
}

export type PackWebContext = ReturnType<typeof packWebContext>
