/**
 * The form to plan a board's meeting or change one. Administrators record any board's meetings,
 * board members their own boards' (accounts/access.ts). The meeting's own page is
 * boards.meeting-page.web.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { fieldError, noErrors, type FormErrors } from '../../web/forms.js'
import { webActor } from '../../db/changes/actor.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { partsOf, todayInLondon } from '../../lib/dates.js'
import { meetingStatusNames, meetingStatuses } from './boards.domain.js'
import { errorsWithDates, meetingForm, withDates } from './boards.forms.js'
import type { Meeting } from './boards.repository.js'
import { createMeeting, updateMeeting } from './boards.service.js'
import { boardHref, boardView } from './boards.view.js'
import {
  assertMayRecord,
  boardCrumbs,
  findBoard,
  loadMeeting,
  recorders,
  refOf,
  type BoardRoute,
} from './boards.web-shared.js'

const FORM = 'pages/boards/meeting-form.njk'

function meetingFormView(
  m: StrategyReadModel,
  board: Item,
  errors: FormErrors,
  values: Record<string, unknown>,
  meeting?: Meeting,
) {
  return {
    navActive: 'boards',
    breadcrumbs: meeting
      ? [...boardCrumbs(m, board), { text: meeting.title, href: `/meetings/${meeting.id}` }]
      : boardCrumbs(m, board),
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
  }
}

type ReadMeeting =
  { ok: true; data: z.output<typeof meetingForm> } | { ok: false; errors: FormErrors; values: Record<string, unknown> }

/** The meeting form, checked; a meeting cannot have been held on a date still to come. */
function readMeeting(body: unknown): ReadMeeting {
  const input = withDates(body, ['meetsOn'])
  const parsed = meetingForm.safeParse(input)
  if (!parsed.success) return { ok: false, errors: errorsWithDates(parsed.error, ['meetsOn']), values: input }
  if (parsed.data.status === 'held' && parsed.data.meetsOn > todayInLondon()) {
    return {
      ok: false,
      errors: fieldError('status', 'A meeting on a date still to come cannot have been held: select planned'),
      values: input,
    }
  }
  return { ok: true, data: parsed.data }
}

/** /boards/:id/meetings/new and /meetings/:id/edit: plan a meeting, or change one. */
export function meetingFormRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db, strategies } = deps

  app.get<BoardRoute>('/boards/:id/meetings/new', recorders, async (req, reply) => {
    const m = await strategies.readModel()
    const board = findBoard(m, req)
    await assertMayRecord(db, req.user, refOf(board), board.title)
    return reply.page(
      FORM,
      meetingFormView(m, board, noErrors, { status: 'planned', public: 'yes', meetsOn: partsOf(null) }),
    )
  })

  app.post<BoardRoute>('/boards/:id/meetings/new', recorders, async (req, reply) => {
    const m = await strategies.readModel()
    const board = findBoard(m, req)
    await assertMayRecord(db, req.user, refOf(board), board.title)
    const read = readMeeting(req.body)
    if (!read.ok) return reply.code(400).page(FORM, meetingFormView(m, board, read.errors, read.values))
    const id = await createMeeting(db, refOf(board), read.data, webActor(req.user!))
    return reply.redirect(`/meetings/${id}`, 303)
  })

  app.get<{ Params: { id: string } }>('/meetings/:id/edit', recorders, async (req, reply) => {
    const { m, meeting, board } = await loadMeeting(deps, req, true)
    const values = {
      title: meeting.title,
      meetsOn: partsOf(meeting.meetsOn),
      location: meeting.location ?? '',
      status: meeting.status,
      public: meeting.public ? 'yes' : 'no',
    }
    return reply.page(FORM, meetingFormView(m, board, noErrors, values, meeting))
  })

  app.post<{ Params: { id: string } }>('/meetings/:id/edit', recorders, async (req, reply) => {
    const { m, meeting, board } = await loadMeeting(deps, req, true)
    const read = readMeeting(req.body)
    if (!read.ok) return reply.code(400).page(FORM, meetingFormView(m, board, read.errors, read.values, meeting))
    await updateMeeting(db, meeting.id, read.data, webActor(req.user!))
    return reply.redirect(`/meetings/${meeting.id}`, 303)
  })
}
