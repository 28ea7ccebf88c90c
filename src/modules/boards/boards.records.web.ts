/**
 * Recording who attended a meeting, the board's quorum, and correcting or withdrawing an agenda
 * item, paper or decision (each with a reason; nothing is deleted). Only those who may record the
 * board's meetings (accounts/access.ts) do any of it: others get 403 with the reason in words.
 * Each change redirects to the meeting's page with its confirmation.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { formErrors, formBody, type FormErrors } from '../../web/forms.js'
import { webActor } from '../../db/changes/actor.js'
import { isCurrentMembership } from './boards.domain.js'
import { attendeeForm, quorumForm, readAttendance } from './boards.records.forms.js'
import { listMemberships } from './boards.repository.js'
import { addAttendee, recordAttendance, setQuorum } from './boards.records.service.js'
import { showMeeting, type MeetingSection } from './boards.meeting-page.web.js'
import { loadMeeting, organisationExists, recorders, type MeetingRequest } from './boards.web-shared.js'
import { correctionRoutes } from './boards.corrections.web.js'

type Deps = WebDeps & { reminders?: MeetingSection }

/** POST /meetings/:id/attendance, /attendees and /quorum (the board's), and the corrections. */
export function meetingRecordsRoutes(app: FastifyInstance, deps: Deps) {
  const { db } = deps
  const refuse = (req: MeetingRequest, reply: FastifyReply, form: string, errors: FormErrors) =>
    showMeeting(deps, req, reply, { form, errors, values: formBody(req.body) })

  app.post<{ Params: { id: string } }>('/meetings/:id/attendance', recorders, async (req, reply) => {
    const { meeting } = await loadMeeting(deps, req, true)
    const seats = (await listMemberships(db, meeting)).filter((m) => isCurrentMembership(m, meeting.meetsOn))
    const read = readAttendance(
      formBody(req.body),
      seats.map((s) => s.id),
    )
    if (!read.ok) return refuse(req, reply, 'attendance', read.errors)
    await recordAttendance(db, meeting.id, read.seats, webActor(req.user!))
    return reply.redirect(`/meetings/${meeting.id}?saved=attendance#attendance`, 303)
  })

  app.post<{ Params: { id: string } }>('/meetings/:id/attendees', recorders, async (req, reply) => {
    const { meeting } = await loadMeeting(deps, req, true)
    const parsed = attendeeForm.safeParse(formBody(req.body))
    if (!parsed.success) return refuse(req, reply, 'attendees', formErrors(parsed.error))
    if (!(await organisationExists(db, parsed.data.attendeeOrganisationId)))
      return refuse(req, reply, 'attendees', {
        summary: [{ text: 'Select their organisation', href: '#attendeeOrganisationId' }],
        fields: { attendeeOrganisationId: { text: 'Select their organisation' } },
      })
    await addAttendee(
      db,
      meeting.id,
      { roleTitle: parsed.data.attendeeRole, organisationId: parsed.data.attendeeOrganisationId },
      webActor(req.user!),
    )
    return reply.redirect(`/meetings/${meeting.id}?saved=attendees#attendance`, 303)
  })

  app.post<{ Params: { id: string } }>('/meetings/:id/quorum', recorders, async (req, reply) => {
    const { meeting } = await loadMeeting(deps, req, true)
    const parsed = quorumForm.safeParse(formBody(req.body))
    if (!parsed.success) return refuse(req, reply, 'quorum', formErrors(parsed.error))
    await setQuorum(db, meeting, parsed.data.quorum, webActor(req.user!))
    return reply.redirect(`/meetings/${meeting.id}?saved=quorum#attendance`, 303)
  })

  correctionRoutes(app, deps)
}
