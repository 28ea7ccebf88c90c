/**
 * Meetings held in public, as the public sees them (no sign-in): a list at /governance/meetings and
 * each meeting's page with its agenda, public papers and decisions, and its published pack if one
 * is signed off. Everything is read through boards.public.repository.ts, which keeps private
 * meetings, restricted papers and withdrawn records out; attendance is left out. No forms.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { formatDate } from '../../lib/dates.js'
import { linkTo } from '../strategy/strategy.links.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { agendaPurposeNames, meetingStatusNames } from './boards.domain.js'
import {
  findPublicMeeting,
  listPublicMeetings,
  publicAgendaFor,
  publicDecisionsFor,
  publicPapersFor,
  type PublicMeeting,
} from './boards.public.repository.js'

const everyone = { config: { access: 'public' } } as const

/** The published pack for a meeting (the reports module's, given by the app), or null. */
export type PublishedPackOf = (meetingId: string) => Promise<{ href: string; version: number } | null>

export const publicMeetingHref = (id: string) => `/governance/meetings/${id}`

const crumbs = [{ text: 'Governance', href: '/governance' }]

function publicMeetingView(m: StrategyReadModel, x: PublicMeeting) {
  const board = m.find('body', x.boardId, x.strategyId)
  return {
    id: x.id,
    href: publicMeetingHref(x.id),
    title: x.title,
    date: formatDate(x.meetsOn),
    location: x.location,
    statusName: meetingStatusNames[x.status],
    board: board ? linkTo(m, board) : null,
  }
}

/** GET /governance/meetings and /governance/meetings/:id. */
export function publicMeetingRoutes(
  app: FastifyInstance,
  { db, strategies }: WebDeps,
  publishedPack?: PublishedPackOf,
) {
  app.get('/governance/meetings', everyone, async (_req, reply) => {
    const m = await strategies.readModel()
    const meetings = (await listPublicMeetings(db)).map((x) => publicMeetingView(m, x)).filter((x) => x.board)
    return reply.page('pages/boards/public-meetings.njk', { navActive: 'governance', breadcrumbs: crumbs, meetings })
  })

  app.get<{ Params: { id: string } }>('/governance/meetings/:id', everyone, async (req, reply) => {
    const found = await findPublicMeeting(db, req.params.id)
    if (!found) throw new NotFound()
    const m = await strategies.readModel()
    const meeting = publicMeetingView(m, found)
    if (!meeting.board) throw new NotFound('This meeting’s board is no longer in the strategy')
    const [agenda, papers, decisions, pack] = await Promise.all([
      publicAgendaFor(db, found.id),
      publicPapersFor(db, found.id),
      publicDecisionsFor(db, found.id),
      publishedPack ? publishedPack(found.id) : null,
    ])
    const itemTitle = new Map(agenda.map((a) => [a.id, `${a.position}. ${a.title}`]))
    const item = (id: string | null) => (id ? (itemTitle.get(id) ?? null) : null)
    return reply.page('pages/boards/public-meeting.njk', {
      navActive: 'governance',
      breadcrumbs: [...crumbs, { text: 'Meetings held in public', href: '/governance/meetings' }],
      meeting,
      agenda: agenda.map((a) => ({ ...a, purposeName: agendaPurposeNames[a.purpose] })),
      papers: papers.map((p) => ({ ...p, agendaItem: item(p.agendaItemId) })),
      decisions: decisions.map((d) => ({ ...d, date: formatDate(d.decidedOn), agendaItem: item(d.agendaItemId) })),
      pack,
    })
  })
}
