/**
 * Boards and meetings on the web (signed-in only): the boards with their compliance, the forward
 * plan, a board's page and its compliance by year here; memberships in boards.memberships.web.ts;
 * the meeting form in boards.meetings.web.ts; a meeting's page and what is recorded at it in
 * boards.meeting-page.web.ts. (Meetings held in public, for everyone: boards.public.web.ts.) The routes
 * are small named functions, each registering a few.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { isAdministrator } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import { risksEscalatedTo } from '../risks/risks.service.js'
import {
  compliance,
  complianceByYear,
  forwardPlan,
  mayRecordMeetings,
  membershipByOrganisation,
  pastMeetings,
} from './boards.domain.js'
import { agendaFor, listMeetings, listMemberships } from './boards.repository.js'
import {
  agendaView,
  boardLink,
  boardView,
  complianceView,
  formatWhen,
  meetingView,
  membershipView,
  relationLines,
} from './boards.view.js'
import { todayInLondon } from '../../lib/dates.js'
import { boardCrumbs, boardOf, findBoard, refOf, signedIn, type BoardRoute } from './boards.web-shared.js'
import { membershipRoutes } from './boards.memberships.web.js'
import { meetingFormRoutes } from './boards.meetings.web.js'
import { meetingPageRoutes, meetingRecordRoutes, type MeetingSection } from './boards.meeting-page.web.js'
import { meetingRecordsRoutes } from './boards.records.web.js'

/** `reminders`: what the reports module adds to a meeting's page (the app wires it; boards never import reports). */
export function boardRoutes(app: FastifyInstance, deps: WebDeps, reminders?: MeetingSection) {
  const meetingDeps = { ...deps, reminders }
  boardListRoutes(app, deps)
  boardPageRoutes(app, deps)
  membershipRoutes(app, deps)
  meetingFormRoutes(app, deps)
  meetingPageRoutes(app, meetingDeps)
  meetingRecordRoutes(app, meetingDeps)
  meetingRecordsRoutes(app, meetingDeps)
}

/** GET /boards (every board, by strategy, with this year's compliance) and /boards/forward-plan. */
export function boardListRoutes(app: FastifyInstance, { db, strategies }: WebDeps) {
  app.get('/boards', signedIn, async (_req, reply) => {
    const m = await strategies.readModel()
    const today = todayInLondon()
    const year = Number(today.slice(0, 4))
    const meetings = await listMeetings(db)
    const networks = m.strategies
      .map((s) => ({
        id: s.id,
        heading: s.title,
        boards: m.items(s.id, 'body').map((b) => {
          const own = meetings.filter((x) => x.strategyId === b.strategyId && x.boardId === b.id)
          return {
            ...boardLink(m, b),
            count: b.detail.count,
            relations: relationLines(m, b),
            compliance: complianceView(compliance(b.detail.minMeetingsPerYear as number | undefined, own, year, today)),
          }
        }),
      }))
      .filter((n) => n.boards.length)
    return reply.page('pages/boards/index.njk', { navActive: 'boards', networks, year })
  })

  app.get('/boards/forward-plan', signedIn, async (_req, reply) => {
    const m = await strategies.readModel()
    const upcoming = forwardPlan(await listMeetings(db), todayInLondon())
    const agenda = await agendaFor(
      db,
      upcoming.map((x) => x.id),
    )
    return reply.page('pages/boards/forward-plan.njk', {
      navActive: 'boards',
      breadcrumbs: [{ text: 'Boards', href: '/boards' }],
      meetings: upcoming.map((x) => {
        const board = boardOf(m, x)
        return {
          ...meetingView(x),
          board: board ? boardLink(m, board) : { text: x.boardId, href: null },
          agenda: agenda.filter((a) => a.meetingId === x.id).map(agendaView),
        }
      }),
    })
  })
}

/** GET /boards/:id (members, meetings, escalated risks) and /boards/:id/compliance. */
export function boardPageRoutes(app: FastifyInstance, { db, strategies }: WebDeps) {
  app.get<BoardRoute>('/boards/:id', signedIn, async (req, reply) => {
    const m = await strategies.readModel()
    const board = findBoard(m, req)
    const today = todayInLondon()
    const [memberships, meetings, organisations, risks] = await Promise.all([
      listMemberships(db, refOf(board)),
      listMeetings(db, refOf(board)),
      listOrganisations(db),
      risksEscalatedTo(db, board.id),
    ])
    const upcoming = forwardPlan(meetings, today)
    const agenda = await agendaFor(
      db,
      upcoming.map((x) => x.id),
    )
    const names = new Map(organisations.map((o) => [o.id, o.name]))
    return reply.page('pages/boards/board.njk', {
      navActive: 'boards',
      breadcrumbs: [{ text: 'Boards', href: '/boards' }],
      board: boardView(m, board),
      compliance: complianceView(
        compliance(board.detail.minMeetingsPerYear as number | undefined, meetings, Number(today.slice(0, 4)), today),
      ),
      members: memberships.filter((x) => x.toDate === null || x.toDate >= today).map(membershipView),
      formerMembers: memberships.filter((x) => x.toDate !== null && x.toDate < today).map(membershipView),
      byOrganisation: membershipByOrganisation(memberships, names, today).map((g) => ({
        ...g,
        members: g.members.map(membershipView),
      })),
      upcoming: upcoming.map((x) => ({
        ...meetingView(x),
        agenda: agenda.filter((a) => a.meetingId === x.id).map(agendaView),
      })),
      past: pastMeetings(meetings, today).map((x) => ({
        ...meetingView(x),
        overdue: x.status === 'planned' && x.meetsOn < today,
      })),
      risks: risks.map((r) => ({ ...r, escalations: r.escalations.map((e) => ({ ...e, when: formatWhen(e.at) })) })),
      mayRecord: mayRecordMeetings(req.user, memberships, today),
      isAdministrator: isAdministrator(req.user),
    })
  })

  app.get<BoardRoute>('/boards/:id/compliance', signedIn, async (req, reply) => {
    const m = await strategies.readModel()
    const board = findBoard(m, req)
    const today = todayInLondon()
    const meetings = await listMeetings(db, refOf(board))
    const minimum = board.detail.minMeetingsPerYear as number | undefined
    return reply.page('pages/boards/compliance.njk', {
      navActive: 'boards',
      breadcrumbs: boardCrumbs(m, board),
      board: boardView(m, board),
      years: complianceByYear(minimum, meetings, today).map((c) => ({
        ...complianceView(c),
        meetings: meetings.filter((x) => x.meetsOn.startsWith(`${c.year}-`)).map(meetingView),
      })),
    })
  })
}
