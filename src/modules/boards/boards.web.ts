/** Boards and meetings: memberships, meetings, papers, decisions, compliance and the forward plan. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { fieldError, noErrors, type FormErrors } from '../../web/forms.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { canSeeRestrictedPapers, type PaperAudience, type SessionUser } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import { risksEscalatedTo } from '../risks/risks.service.js'
import { ESCALATION_RELATIONS } from '../risks/risks.domain.js'
import { ActionInputError } from '../delivery/delivery.service.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import {
  agendaPurposeNames,
  agendaPurposes,
  compliance,
  complianceByYear,
  forwardPlan,
  isCurrentMembership,
  mayRecordMeetings,
  meetingStatusNames,
  meetingStatuses,
  memberKindNames,
  memberKinds,
  membershipByOrganisation,
  pastMeetings,
  type MeetingStatus,
} from './boards.domain.js'
import { actionForm, agendaForm, decisionForm, errorsWithDates, fieldErrorAt, meetingForm, membershipForm, paperForm, withDates } from './boards.forms.js'
import { actionIdsFor, agendaFor, decisionsFor, findMeeting, findMembership, listMeetings, listMemberships, papersFor, type Meeting, type Membership } from './boards.repository.js'
import { addActionArising, addAgendaItem, addDecision, addMembership, addPaper, createMeeting, endMembership, updateMeeting } from './boards.service.js'
import { actionsArising } from './boards.actions.js'
import { boardHref, boardLink, complianceView, formatWhen, relationLines } from './boards.view.js'
import { formatDate, todayInLondon as londonToday, partsOf } from '../../lib/dates.js'

type BoardRequest = FastifyRequest<{ Params: { id: string }; Querystring: { strategy?: string } }>
type MeetingRequest = FastifyRequest<{ Params: { id: string } }>

const signedIn = { config: { access: 'signed-in' } } as const
const administrators = { config: { access: ['administrator'] } } as const
/** Board members record their own boards' meetings (checked per board in the handler). */
const recorders = { config: { access: ['administrator', 'board_member'] } } as const

export function boardRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  const model = () => deps.strategies.readModel()

  const findBoard = (m: StrategyReadModel, req: BoardRequest) => {
    const board = m.find('body', req.params.id, req.query.strategy)
    if (!board) throw new NotFound()
    return board
  }
  const refOf = (board: Item) => ({ strategyId: board.strategyId, boardId: board.id })
  const boardOf = (m: StrategyReadModel, meeting: Meeting) => m.find('body', meeting.boardId, meeting.strategyId)
  const boardCrumbs = (m: StrategyReadModel, board: Item) => [
    { text: 'Boards', href: '/boards' },
    { text: board.title, href: boardHref(m, board) },
  ]
  const organisationItems = async (selected?: unknown) => [
    { value: '', text: 'Select an organisation' },
    ...(await listOrganisations(db)).map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
  ]
  const organisationExists = async (id: string) => (await listOrganisations(db)).some((o) => o.id === id)

  /** Who sits, today, on a board and on the boards one step up its reporting line (as risks escalate). */
  const paperAudience = async (m: StrategyReadModel, board: Item, memberships: Membership[], today: string): Promise<PaperAudience> => {
    const upward = m.from(board, undefined, 'body').filter((c) => (ESCALATION_RELATIONS as readonly string[]).includes(c.relation))
    const above = await Promise.all(upward.map((c) => listMemberships(db, refOf(c.item))))
    const seated = (list: Membership[]) => list.filter((x) => isCurrentMembership(x, today)).map((x) => x.organisationId)
    return { board: seated(memberships), reportedTo: above.flatMap(seated) }
  }

  /** Administrators, and board members whose organisation sits on this board, record its meetings. */
  const assertMayRecord = async (user: SessionUser | null, board: { strategyId: string; boardId: string }) => {
    const memberships = await listMemberships(db, board)
    if (!mayRecordMeetings(user, memberships, londonToday())) {
      throw new Forbidden('Only administrators, and board members whose organisation sits on this board, record its meetings.')
    }
  }

  app.get('/boards', signedIn, async (_req, reply) => {
    const m = await model()
    const today = londonToday()
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
    const m = await model()
    const today = londonToday()
    const upcoming = forwardPlan(await listMeetings(db), today)
    const agenda = await agendaFor(db, upcoming.map((x) => x.id))
    return reply.page('pages/boards/forward-plan.njk', {
      navActive: 'boards',
      breadcrumbs: [{ text: 'Boards', href: '/boards' }],
      meetings: upcoming.map((x) => {
        const board = boardOf(m, x)
        return { ...meetingView(x), board: board ? boardLink(m, board) : { text: x.boardId, href: null }, agenda: agenda.filter((a) => a.meetingId === x.id).map(agendaView) }
      }),
    })
  })

  app.get<{ Params: { id: string }; Querystring: { strategy?: string } }>('/boards/:id', signedIn, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    const today = londonToday()
    const [memberships, meetings, organisations, risks] = await Promise.all([
      listMemberships(db, refOf(board)),
      listMeetings(db, refOf(board)),
      listOrganisations(db),
      risksEscalatedTo(db, board.id),
    ])
    const upcoming = forwardPlan(meetings, today)
    const agenda = await agendaFor(db, upcoming.map((x) => x.id))
    const names = new Map(organisations.map((o) => [o.id, o.name]))
    const user = req.user!
    return reply.page('pages/boards/board.njk', {
      navActive: 'boards',
      breadcrumbs: [{ text: 'Boards', href: '/boards' }],
      board: boardView(m, board),
      compliance: complianceView(compliance(board.detail.minMeetingsPerYear as number | undefined, meetings, Number(today.slice(0, 4)), today)),
      members: memberships.filter((x) => x.toDate === null || x.toDate >= today).map(membershipView),
      formerMembers: memberships.filter((x) => x.toDate !== null && x.toDate < today).map(membershipView),
      byOrganisation: membershipByOrganisation(memberships, names, today).map((g) => ({ ...g, members: g.members.map(membershipView) })),
      upcoming: upcoming.map((x) => ({ ...meetingView(x), agenda: agenda.filter((a) => a.meetingId === x.id).map(agendaView) })),
      past: pastMeetings(meetings, today).map((x) => ({ ...meetingView(x), overdue: x.status === 'planned' && x.meetsOn < today })),
      risks: risks.map((r) => ({ ...r, escalations: r.escalations.map((e) => ({ ...e, when: formatWhen(e.at) })) })),
      mayRecord: mayRecordMeetings(user, memberships, today),
      isAdministrator: user.role === 'administrator',
    })
  })

  app.get<{ Params: { id: string }; Querystring: { strategy?: string } }>('/boards/:id/compliance', signedIn, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    const today = londonToday()
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

  // Memberships: administrators only.

  const showMemberships = async (m: StrategyReadModel, board: Item, errors: FormErrors, values: Record<string, unknown>) => {
    const memberships = await listMemberships(db, refOf(board))
    const today = londonToday()
    return {
      navActive: 'boards',
      breadcrumbs: boardCrumbs(m, board),
      board: boardView(m, board),
      memberships: memberships.map((x) => ({
        ...membershipView(x),
        ended: x.toDate !== null && x.toDate <= today,
        current: isCurrentMembership(x, today),
        endHref: boardHref(m, board, `/memberships/${x.id}/end`),
      })),
      errors,
      values,
      organisations: await organisationItems(values.organisationId),
      kindItems: memberKinds.map((k) => ({ value: k, text: memberKindNames[k], checked: k === values.memberKind })),
    }
  }

  app.get<{ Params: { id: string }; Querystring: { strategy?: string } }>('/boards/:id/memberships', administrators, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    return reply.page('pages/boards/memberships.njk', await showMemberships(m, board, noErrors, { fromDate: partsOf(londonToday()), toDate: partsOf(null) }))
  })

  app.post<{ Params: { id: string }; Querystring: { strategy?: string } }>('/boards/:id/memberships', administrators, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    const dates = ['fromDate', 'toDate']
    const input = withDates(req.body, dates)
    const fail = async (errors: FormErrors) => reply.code(400).page('pages/boards/memberships.njk', await showMemberships(m, board, errors, input))
    const parsed = membershipForm.safeParse(input)
    if (!parsed.success) return fail(errorsWithDates(parsed.error, dates))
    if (!(await organisationExists(parsed.data.organisationId))) return fail(fieldError('organisationId', 'Select the organisation'))
    await addMembership(db, refOf(board), parsed.data, req.user!)
    return reply.redirect(boardHref(m, board, '/memberships'), 303)
  })

  app.post<{ Params: { id: string; mid: string }; Querystring: { strategy?: string } }>('/boards/:id/memberships/:mid/end', administrators, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    const membership = await findMembership(db, req.params.mid)
    if (!membership || membership.strategy_id !== board.strategyId || membership.board_id !== board.id) throw new NotFound()
    const today = londonToday()
    if (membership.from_date > today) {
      const values = { fromDate: partsOf(today), toDate: partsOf(null) }
      const error = fieldError(`end-${membership.id}`, `The membership of ${membership.role_title} starts on ${formatDate(membership.from_date)}, so it cannot end today`)
      return reply.code(400).page('pages/boards/memberships.njk', await showMemberships(m, board, error, values))
    }
    if (membership.to_date === null || membership.to_date > today) await endMembership(db, membership.id, today, req.user!)
    return reply.redirect(boardHref(m, board, '/memberships'), 303)
  })

  // Meetings: administrators, and board members for their own boards.

  const meetingFormView = (m: StrategyReadModel, board: Item, errors: FormErrors, values: Record<string, unknown>, meeting?: Meeting) => ({
    navActive: 'boards',
    breadcrumbs: meeting ? [...boardCrumbs(m, board), { text: meeting.title, href: `/meetings/${meeting.id}` }] : boardCrumbs(m, board),
    board: boardView(m, board),
    meeting,
    action: meeting ? `/meetings/${meeting.id}/edit` : boardHref(m, board, '/meetings/new'),
    errors,
    values,
    statusItems: meetingStatuses.map((s) => ({ value: s, text: meetingStatusNames[s], checked: s === values.status })),
    publicItems: [
      { value: 'yes', text: 'Yes', checked: values.public === 'yes' },
      { value: 'no', text: 'No, in private', checked: values.public === 'no' },
    ],
  })

  /** The meeting form, checked; a meeting cannot have been held on a date still to come. */
  const readMeeting = (body: unknown): { ok: true; data: z.output<typeof meetingForm> } | { ok: false; errors: FormErrors; values: Record<string, unknown> } => {
    const input = withDates(body, ['meetsOn'])
    const parsed = meetingForm.safeParse(input)
    if (!parsed.success) return { ok: false, errors: errorsWithDates(parsed.error, ['meetsOn']), values: input }
    if (parsed.data.status === 'held' && parsed.data.meetsOn > londonToday()) {
      return { ok: false, errors: fieldError('status', 'A meeting on a date still to come cannot have been held: select planned'), values: input }
    }
    return { ok: true, data: parsed.data }
  }

  app.get<{ Params: { id: string }; Querystring: { strategy?: string } }>('/boards/:id/meetings/new', recorders, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    await assertMayRecord(req.user, refOf(board))
    return reply.page('pages/boards/meeting-form.njk', meetingFormView(m, board, noErrors, { status: 'planned', public: 'yes', meetsOn: partsOf(null) }))
  })

  app.post<{ Params: { id: string }; Querystring: { strategy?: string } }>('/boards/:id/meetings/new', recorders, async (req, reply) => {
    const m = await model()
    const board = findBoard(m, req)
    await assertMayRecord(req.user, refOf(board))
    const read = readMeeting(req.body)
    if (!read.ok) return reply.code(400).page('pages/boards/meeting-form.njk', meetingFormView(m, board, read.errors, read.values))
    const id = await createMeeting(db, refOf(board), read.data, req.user!)
    return reply.redirect(`/meetings/${id}`, 303)
  })

  /** A meeting and its board, or 404; with `record`, only for those who may record its meetings. */
  const loadMeeting = async (req: MeetingRequest, record: boolean) => {
    const meeting = await findMeeting(db, req.params.id)
    if (!meeting) throw new NotFound()
    const m = await model()
    const board = boardOf(m, meeting)
    if (!board) throw new NotFound('This meeting’s board is no longer in the strategy')
    if (record) await assertMayRecord(req.user, meeting)
    return { m, meeting, board }
  }

  app.get<{ Params: { id: string } }>('/meetings/:id/edit', recorders, async (req, reply) => {
    const { m, meeting, board } = await loadMeeting(req, true)
    const values = { title: meeting.title, meetsOn: partsOf(meeting.meetsOn), location: meeting.location ?? '', status: meeting.status, public: meeting.public ? 'yes' : 'no' }
    return reply.page('pages/boards/meeting-form.njk', meetingFormView(m, board, noErrors, values, meeting))
  })

  app.post<{ Params: { id: string } }>('/meetings/:id/edit', recorders, async (req, reply) => {
    const { m, meeting, board } = await loadMeeting(req, true)
    const read = readMeeting(req.body)
    if (!read.ok) return reply.code(400).page('pages/boards/meeting-form.njk', meetingFormView(m, board, read.errors, read.values, meeting))
    await updateMeeting(db, meeting.id, read.data, req.user!)
    return reply.redirect(`/meetings/${meeting.id}`, 303)
  })

  /** The meeting's page; `form` names the recording form that failed, if any. */
  const showMeeting = async (req: MeetingRequest, reply: FastifyReply, failed?: { form: string; errors: FormErrors; values: Record<string, unknown> }) => {
    const { m, meeting, board } = await loadMeeting(req, false)
    const user = req.user!
    const today = londonToday()
    const [agenda, papers, decisions, actions, memberships] = await Promise.all([
      agendaFor(db, [meeting.id]),
      papersFor(db, meeting.id),
      decisionsFor(db, meeting.id),
      actionsArising(db, await actionIdsFor(db, meeting.id)),
      listMemberships(db, meeting),
    ])
    const mayRecord = mayRecordMeetings(user, memberships, today)
    const seesRestricted = canSeeRestrictedPapers(user, await paperAudience(m, board, memberships, today))
    const itemTitle = new Map(agenda.map((a) => [a.id, `${a.position}. ${a.title}`]))
    const shownPapers = papers.filter((p) => seesRestricted || !p.restricted)
    const values = failed?.values ?? {}
    const agendaItems = (selected: unknown) => [
      { value: '', text: 'Not linked to an agenda item' },
      ...agenda.map((a) => ({ value: a.id, text: itemTitle.get(a.id)!, selected: a.id === selected })),
    ]
    const view = {
      navActive: 'boards',
      breadcrumbs: boardCrumbs(m, board),
      board: boardView(m, board),
      meeting: meetingView(meeting),
      agenda: agenda.map(agendaView),
      papers: shownPapers.map((p) => ({ ...p, agendaItem: p.agendaItemId ? itemTitle.get(p.agendaItemId) : null })),
      restrictedHidden: papers.length - shownPapers.length,
      seesRestricted,
      decisions: decisions.map((d) => ({ ...d, decidedOnText: formatDate(d.decidedOn), agendaItem: d.agendaItemId ? itemTitle.get(d.agendaItemId) : null })),
      actions,
      mayRecord,
      isAdministrator: user.role === 'administrator',
      failedForm: failed?.form ?? null,
      errors: failed?.errors ?? noErrors,
      values: {
        ...values,
        decidedOn: values.decidedOn ?? partsOf(meeting.meetsOn),
        dueDate: values.dueDate ?? partsOf(null),
      },
      purposeItems: agendaPurposes.map((p) => ({ value: p, text: agendaPurposeNames[p], checked: p === values.purpose })),
      restrictedItems: [
        { value: 'no', text: 'No, anyone signed in may see it', checked: values.restricted === 'no' },
        { value: 'yes', text: 'Yes, members of this board and of the boards it reports to only', checked: values.restricted === 'yes' },
      ],
      paperAgendaItems: agendaItems(values.paperAgendaItemId),
      decisionAgendaItems: agendaItems(values.decisionAgendaItemId),
      organisations: mayRecord ? await organisationItems(values.organisationId) : [],
    }
    return reply.code(failed ? 400 : 200).page('pages/boards/meeting.njk', view)
  }

  app.get<{ Params: { id: string } }>('/meetings/:id', signedIn, async (req, reply) => showMeeting(req, reply))

  /** A recording form on the meeting's page: check it, then write it, or show the page again with its errors. */
  const recordOnMeeting = <S extends z.ZodType>(
    form: string,
    schema: S,
    dates: string[],
    write: (meeting: Meeting, data: z.output<S>, user: SessionUser) => Promise<FormErrors | null>,
  ) =>
    async (req: MeetingRequest, reply: FastifyReply) => {
      const { meeting } = await loadMeeting(req, true)
      const input = withDates(req.body, dates)
      const parsed = schema.safeParse(input)
      if (!parsed.success) return showMeeting(req, reply, { form, errors: errorsWithDates(parsed.error, dates), values: input })
      const problem = await write(meeting, parsed.data, req.user!)
      if (problem) return showMeeting(req, reply, { form, errors: problem, values: input })
      return reply.redirect(`/meetings/${meeting.id}#${form}`, 303)
    }

  /** An agenda item named in a form must be this meeting's. */
  const agendaItemOf = async (meetingId: string, itemId: string | null) =>
    itemId === null || (await agendaFor(db, [meetingId])).some((a) => a.id === itemId)

  app.post<{ Params: { id: string } }>(
    '/meetings/:id/agenda',
    recorders,
    recordOnMeeting('agenda', agendaForm, [], async (meeting, data, user) => {
      await addAgendaItem(db, meeting.id, { title: data.agendaTitle, purpose: data.purpose, presenterRole: data.presenterRole }, user)
      return null
    }),
  )

  app.post<{ Params: { id: string } }>(
    '/meetings/:id/papers',
    recorders,
    recordOnMeeting('papers', paperForm, [], async (meeting, data, user) => {
      if (!(await agendaItemOf(meeting.id, data.paperAgendaItemId))) return fieldError('paperAgendaItemId', 'Select an agenda item from the list')
      await addPaper(db, meeting.id, { title: data.paperTitle, url: data.url, restricted: data.restricted, agendaItemId: data.paperAgendaItemId }, user)
      return null
    }),
  )

  app.post<{ Params: { id: string } }>(
    '/meetings/:id/decisions',
    recorders,
    recordOnMeeting('decisions', decisionForm, ['decidedOn'], async (meeting, data, user) => {
      if (!(await agendaItemOf(meeting.id, data.decisionAgendaItemId))) return fieldError('decisionAgendaItemId', 'Select an agenda item from the list')
      await addDecision(db, meeting.id, { text: data.decisionText, decidedOn: data.decidedOn, agendaItemId: data.decisionAgendaItemId }, user)
      return null
    }),
  )

  app.post<{ Params: { id: string } }>(
    '/meetings/:id/actions',
    recorders,
    recordOnMeeting('actions', actionForm, ['dueDate'], async (meeting, data, user) => {
      if (!(await organisationExists(data.organisationId))) return fieldError('organisationId', 'Select the organisation that owns the action')
      try {
        await addActionArising(db, meeting.id, { title: data.actionTitle, organisationId: data.organisationId, leadRole: data.leadRole, dueDate: data.dueDate }, user)
      } catch (error) {
        // The delivery module's own checks, in its words, on this form's fields.
        if (!(error instanceof ActionInputError)) throw error
        const fields: Record<string, string> = { title: 'actionTitle', organisationId: 'organisationId', leadRole: 'leadRole', dueDate: 'dueDate' }
        const first = error.problems[0]
        const field = fields[first?.field ?? ''] ?? 'actionTitle'
        return fieldErrorAt(field, first?.message ?? error.message, ['dueDate'])
      }
      return null
    }),
  )
}

function boardView(m: StrategyReadModel, board: Item) {
  return {
    id: board.id,
    strategyId: board.strategyId,
    title: board.title,
    description: board.text,
    count: board.detail.count,
    minMeetings: board.detail.minMeetingsPerYear as number | undefined,
    strategy: String(m.strategyOf(board).detail.shortTitle ?? m.strategyOf(board).title),
    href: boardHref(m, board),
    complianceHref: boardHref(m, board, '/compliance'),
    membershipsHref: boardHref(m, board, '/memberships'),
    newMeetingHref: boardHref(m, board, '/meetings/new'),
    governanceHref: linkTo(m, board).href,
    relations: relationLines(m, board),
  }
}

function meetingView(x: Meeting) {
  return {
    id: x.id,
    href: `/meetings/${x.id}`,
    title: x.title,
    meetsOn: x.meetsOn,
    date: formatDate(x.meetsOn),
    location: x.location,
    status: x.status,
    statusName: meetingStatusNames[x.status as MeetingStatus],
    statusTag: x.status === 'held' ? 'govuk-tag--green' : x.status === 'cancelled' ? 'govuk-tag--grey' : 'govuk-tag--blue',
    public: x.public,
  }
}

function agendaView(a: Awaited<ReturnType<typeof agendaFor>>[number]) {
  return { ...a, purposeName: agendaPurposeNames[a.purpose] }
}

function membershipView(x: Awaited<ReturnType<typeof listMemberships>>[number]) {
  return { ...x, kindName: memberKindNames[x.memberKind], from: formatDate(x.fromDate), to: formatDate(x.toDate) }
}
