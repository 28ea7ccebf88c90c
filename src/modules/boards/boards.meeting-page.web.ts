/**
 * A meeting's page (signed in): its agenda, papers, decisions and the actions that arose at it,
 * and the forms on it that record them (administrators, and board members for their own boards).
 * Restricted papers are shown only to the board's members and those of the boards it reports to
 * (accounts/access.ts). A refused form shows the page again with 400, its errors and what was typed.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { z } from 'zod'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import { fieldError, noErrors, type FormErrors } from '../../web/forms.js'
import { webActor } from '../../db/changes/actor.js'
import { canSeeRestrictedPapers, isAdministrator, type PaperAudience, type SessionUser } from '../accounts/access.js'
import { ActionInputError } from '../delivery/delivery.service.js'
import { ESCALATION_RELATIONS } from '../risks/risks.domain.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { partsOf, todayInLondon } from '../../lib/dates.js'
import { agendaPurposeNames, agendaPurposes, isCurrentMembership, mayRecordMeetings } from './boards.domain.js'
import {
  actionForm,
  agendaForm,
  decisionForm,
  errorsWithDates,
  fieldErrorAt,
  paperForm,
  withDates,
} from './boards.forms.js'
import { actionIdsFor, agendaFor, listMemberships, type Meeting, type Membership } from './boards.repository.js'
import { meetingRecordsView } from './boards.meeting-records.js'
import { addActionArising, addAgendaItem, addDecision, addPaper } from './boards.service.js'
import { actionsArising } from './boards.actions.js'
import { boardView, meetingView } from './boards.view.js'
import {
  boardCrumbs,
  loadMeeting,
  organisationExists,
  organisationItems,
  recorders,
  refOf,
  signedIn,
  type MeetingRequest,
} from './boards.web-shared.js'

type Failed = { form: string; errors: FormErrors; values: Record<string, unknown> }

/** Who sits, today, on a board and on the boards one step up its reporting line (as risks escalate). */
async function paperAudience(
  db: Kysely<Database>,
  m: StrategyReadModel,
  board: Item,
  memberships: Membership[],
  today: string,
): Promise<PaperAudience> {
  const upward = m
    .from(board, undefined, 'body')
    .filter((c) => (ESCALATION_RELATIONS as readonly string[]).includes(c.relation))
  const above = await Promise.all(upward.map((c) => listMemberships(db, refOf(c.item))))
  const seated = (list: Membership[]) => list.filter((x) => isCurrentMembership(x, today)).map((x) => x.organisationId)
  return { board: seated(memberships), reportedTo: above.flatMap(seated) }
}

/** The recording forms' values: what was typed, with the dates' defaults. */
function formChoices(
  meeting: Meeting,
  agenda: { id: string; position: number; title: string }[],
  values: Record<string, unknown>,
) {
  const itemTitle = new Map(agenda.map((a) => [a.id, `${a.position}. ${a.title}`]))
  const agendaItems = (selected: unknown) => [
    { value: '', text: 'Not linked to an agenda item' },
    ...agenda.map((a) => ({ value: a.id, text: itemTitle.get(a.id)!, selected: a.id === selected })),
  ]
  return {
    values: {
      ...values,
      decidedOn: values.decidedOn ?? partsOf(meeting.meetsOn),
      dueDate: values.dueDate ?? partsOf(null),
    },
    purposeItems: agendaPurposes.map((p) => ({ value: p, text: agendaPurposeNames[p], checked: p === values.purpose })),
    restrictedItems: [
      { value: 'no', text: 'No, anyone signed in may see it', checked: values.restricted === 'no' },
      {
        value: 'yes',
        text: 'Yes, members of this board and of the boards it reports to only',
        checked: values.restricted === 'yes',
      },
    ],
    paperAgendaItems: agendaItems(values.paperAgendaItemId),
    decisionAgendaItems: agendaItems(values.decisionAgendaItemId),
  }
}

/** What another module adds to a meeting's page (the reports module's reminders), given by the app. */
export type MeetingSection = (
  meeting: Meeting,
  user: SessionUser,
  mayRecord: boolean,
  query: Record<string, unknown>,
) => Promise<{ notice?: string | null }>

/** The confirmation after each change, by the `saved` the change redirects with. */
const SAVED: Record<string, string> = {
  agenda: 'Agenda item added',
  papers: 'Paper added',
  decisions: 'Decision recorded',
  actions: 'Action arising added',
  attendance: 'Attendance recorded',
  attendees: 'Attendee added',
  quorum: 'The board’s quorum is saved',
  corrected: 'Correction saved, with its reason; the earlier version is kept in the audit trail',
  withdrawn: 'Withdrawn, with its reason; it is kept on this page struck through and left out everywhere else',
}

/** The meeting's page; `failed` names the recording form that failed, if any. */
export async function showMeeting(
  deps: WebDeps & { reminders?: MeetingSection },
  req: MeetingRequest,
  reply: FastifyReply,
  failed?: Failed,
) {
  const { db } = deps
  const { m, meeting, board } = await loadMeeting(deps, req, false)
  const user = req.user!
  const today = todayInLondon()
  const [agenda, actions, memberships] = await Promise.all([
    agendaFor(db, [meeting.id]),
    actionsArising(db, await actionIdsFor(db, meeting.id)),
    listMemberships(db, meeting),
  ])
  const mayRecord = mayRecordMeetings(user, memberships, today)
  const seesRestricted = canSeeRestrictedPapers(user, await paperAudience(db, m, board, memberships, today))
  const typed = failed?.values ?? {}
  const choices = formChoices(meeting, agenda, typed)
  const query = (req.query ?? {}) as Record<string, unknown>
  const saved = typeof query.saved === 'string' ? SAVED[query.saved] : undefined
  const reminders = deps.reminders ? await deps.reminders(meeting, user, mayRecord, query) : null
  return reply.code(failed ? 400 : 200).page('pages/boards/meeting.njk', {
    navActive: 'boards',
    breadcrumbs: boardCrumbs(m, board),
    board: boardView(m, board),
    meeting: meetingView(meeting),
    ...(await meetingRecordsView(db, meeting, memberships, seesRestricted, typed)),
    saved: failed ? undefined : (saved ?? reminders?.notice ?? undefined),
    seesRestricted,
    actions,
    mayRecord,
    isAdministrator: isAdministrator(user),
    failedForm: failed?.form ?? null,
    errors: failed?.errors ?? noErrors,
    ...choices,
    reminders,
    organisations: mayRecord ? await organisationItems(db, typed.organisationId ?? typed.attendeeOrganisationId) : [],
  })
}

/** GET /meetings/:id: the meeting's page. */
export function meetingPageRoutes(app: FastifyInstance, deps: WebDeps & { reminders?: MeetingSection }) {
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/meetings/:id',
    signedIn,
    async (req, reply) => showMeeting(deps, req, reply),
  )
}

type Write<S extends z.ZodType> = (meeting: Meeting, data: z.output<S>, user: SessionUser) => Promise<FormErrors | null>

/** A recording form on the meeting's page: check it, then write it, or show the page again with its errors. */
function recordOnMeeting<S extends z.ZodType>(
  deps: WebDeps & { reminders?: MeetingSection },
  form: string,
  schema: S,
  dates: string[],
  write: Write<S>,
) {
  return async (req: MeetingRequest, reply: FastifyReply) => {
    const { meeting } = await loadMeeting(deps, req, true)
    const input = withDates(req.body, dates)
    const parsed = schema.safeParse(input)
    if (!parsed.success)
      return showMeeting(deps, req, reply, { form, errors: errorsWithDates(parsed.error, dates), values: input })
    const problem = await write(meeting, parsed.data, req.user!)
    if (problem) return showMeeting(deps, req, reply, { form, errors: problem, values: input })
    return reply.redirect(`/meetings/${meeting.id}?saved=${form}#${form}`, 303)
  }
}

/** The delivery module's own checks on an action arising, in its words, on this form's fields. */
function actionProblem(error: ActionInputError): FormErrors {
  const fields: Record<string, string> = {
    title: 'actionTitle',
    organisationId: 'organisationId',
    leadRole: 'leadRole',
    dueDate: 'dueDate',
  }
  const first = error.problems[0]
  const field = fields[first?.field ?? ''] ?? 'actionTitle'
  return fieldErrorAt(field, first?.message ?? error.message, ['dueDate'])
}

/** POST /meetings/:id/agenda, /papers, /decisions and /actions: what is recorded at a meeting. */
export function meetingRecordRoutes(app: FastifyInstance, deps: WebDeps & { reminders?: MeetingSection }) {
  const { db } = deps
  type MeetingRoute = { Params: { id: string } }
  /** An agenda item named in a form must be this meeting's. */
  const agendaItemOf = async (meetingId: string, itemId: string | null) =>
    itemId === null || (await agendaFor(db, [meetingId])).some((a) => a.id === itemId)

  app.post<MeetingRoute>(
    '/meetings/:id/agenda',
    recorders,
    recordOnMeeting(deps, 'agenda', agendaForm, [], async (meeting, data, user) => {
      await addAgendaItem(
        db,
        meeting.id,
        { title: data.agendaTitle, purpose: data.purpose, presenterRole: data.presenterRole },
        webActor(user),
      )
      return null
    }),
  )

  app.post<MeetingRoute>(
    '/meetings/:id/papers',
    recorders,
    recordOnMeeting(deps, 'papers', paperForm, [], async (meeting, data, user) => {
      if (!(await agendaItemOf(meeting.id, data.paperAgendaItemId)))
        return fieldError('paperAgendaItemId', 'Select an agenda item from the list')
      await addPaper(
        db,
        meeting.id,
        { title: data.paperTitle, url: data.url, restricted: data.restricted, agendaItemId: data.paperAgendaItemId },
        webActor(user),
      )
      return null
    }),
  )

  app.post<MeetingRoute>(
    '/meetings/:id/decisions',
    recorders,
    recordOnMeeting(deps, 'decisions', decisionForm, ['decidedOn'], async (meeting, data, user) => {
      if (!(await agendaItemOf(meeting.id, data.decisionAgendaItemId)))
        return fieldError('decisionAgendaItemId', 'Select an agenda item from the list')
      await addDecision(
        db,
        meeting.id,
        { text: data.decisionText, decidedOn: data.decidedOn, agendaItemId: data.decisionAgendaItemId },
        webActor(user),
      )
      return null
    }),
  )

  app.post<MeetingRoute>(
    '/meetings/:id/actions',
    recorders,
    recordOnMeeting(deps, 'actions', actionForm, ['dueDate'], async (meeting, data, user) => {
      if (!(await organisationExists(db, data.organisationId)))
        return fieldError('organisationId', 'Select the organisation that owns the action')
      try {
        await addActionArising(
          db,
          meeting.id,
          {
            title: data.actionTitle,
            organisationId: data.organisationId,
            leadRole: data.leadRole,
            dueDate: data.dueDate,
          },
          webActor(user),
        )
      } catch (error) {
        if (!(error instanceof ActionInputError)) throw error
        return actionProblem(error)
      }
      return null
    }),
  )
}
