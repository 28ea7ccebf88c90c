/**
 * Correcting or withdrawing an agenda item, paper or decision: one page per record with both forms,
 * each needing a reason. A correction changes the record and keeps its earlier version in the audit
 * trail; a withdrawal marks it (struck through on the meeting's page, left out of everything else).
 * Only those who may record the board's meetings reach these (403 in words otherwise).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { fieldError, formBody, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { webActor } from '../../db/changes/actor.js'
import { partsOf } from '../../lib/dates.js'
import { agendaPurposeNames, agendaPurposes } from './boards.domain.js'
import { agendaForm, decisionForm, errorsWithDates, paperForm, withDates } from './boards.forms.js'
import { correctionReason, withdrawalForm } from './boards.records.forms.js'
import { findRecord, recordKinds, recordsOf, type MeetingRecord, type RecordKind } from './boards.records.repository.js'
import { correctRecord, RecordGone, withdrawRecord } from './boards.records.service.js'
import { recordTitle } from './boards.meeting-records.js'
import { boardView, meetingView } from './boards.view.js'
import { boardCrumbs, loadMeeting, recorders, type MeetingRequest } from './boards.web-shared.js'

type Route = { Params: { id: string; kind: string; recordId: string } }
type RecordRequest = MeetingRequest & { params: Route['Params'] }

/** The record a correction or withdrawal names, of this meeting, or 404; only for its recorders. */
async function loadRecord(deps: WebDeps, req: RecordRequest) {
  const { m, meeting, board } = await loadMeeting(deps, req, true)
  const kind = req.params.kind as RecordKind
  if (!(recordKinds as readonly string[]).includes(kind)) throw new NotFound()
  const record = await findRecord(deps.db, kind, meeting.id, req.params.recordId)
  if (!record) throw new NotFound()
  return { m, meeting, board, kind, record }
}
type Fields = Record<string, string | boolean | null>

const kindWords: Record<RecordKind, string> = { agenda: 'agenda item', papers: 'paper', decisions: 'decision' }
const dates: Record<RecordKind, string[]> = { agenda: [], papers: [], decisions: ['decidedOn'] }
const schemas = {
  agenda: agendaForm.extend(correctionReason.shape),
  papers: paperForm.extend(correctionReason.shape),
  decisions: decisionForm.extend(correctionReason.shape),
}

/** The correction form's values from the record as it stands. */
function valuesOf(r: MeetingRecord): Record<string, unknown> {
  const f = r.fields
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v))
  if (r.kind === 'agenda') return { agendaTitle: s(f.title), purpose: s(f.purpose), presenterRole: s(f.presenter_role) }
  if (r.kind === 'papers')
    return {
      paperTitle: s(f.title),
      url: s(f.url),
      restricted: f.restricted ? 'yes' : 'no',
      paperAgendaItemId: s(f.agenda_item_id),
    }
  return { decisionText: s(f.text), decidedOn: partsOf(s(f.decided_on)), decisionAgendaItemId: s(f.agenda_item_id) }
}

/** The form's data as the record's columns. */
function columnsOf(kind: RecordKind, d: Record<string, unknown>): Fields {
  if (kind === 'agenda')
    return { title: d.agendaTitle as string, purpose: d.purpose as string, presenter_role: d.presenterRole as string }
  if (kind === 'papers')
    return {
      title: d.paperTitle as string,
      url: d.url as string,
      restricted: d.restricted as boolean,
      agenda_item_id: d.paperAgendaItemId as string | null,
    }
  return {
    text: d.decisionText as string,
    decided_on: d.decidedOn as string,
    agenda_item_id: d.decisionAgendaItemId as string | null,
  }
}

async function showChange(
  deps: WebDeps,
  req: RecordRequest,
  reply: FastifyReply,
  failed?: { form: string; errors: FormErrors; values: Record<string, unknown> },
) {
  const { m, meeting, board, kind, record } = await loadRecord(deps, req)
  if (record.withdrawnAt) throw new NotFound('This item has been withdrawn; a withdrawn item is not changed again')
  const agenda = (await recordsOf(deps.db, 'agenda', meeting.id)).filter((a) => !a.withdrawnAt)
  const values = failed?.values ?? valuesOf(record)
  const agendaItems = (selected: unknown) => [
    { value: '', text: 'Not linked to an agenda item' },
    ...agenda.map((a) => ({ value: a.id, text: recordTitle(a), selected: a.id === selected })),
  ]
  return reply.code(failed ? 400 : 200).page('pages/boards/record-change.njk', {
    navActive: 'boards',
    breadcrumbs: [...boardCrumbs(m, board), { text: meeting.title, href: `/meetings/${meeting.id}` }],
    board: boardView(m, board),
    meeting: meetingView(meeting),
    kind,
    kindWords: kindWords[kind],
    title: recordTitle(record),
    action: `/meetings/${meeting.id}/records/${kind}/${record.id}`,
    values,
    failedForm: failed?.form ?? null,
    errors: failed?.errors ?? noErrors,
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
  })
}

/** GET /meetings/:id/records/:kind/:recordId, and POST its /correct and /withdraw. */
export function correctionRoutes(app: FastifyInstance, deps: WebDeps) {
  const path = '/meetings/:id/records/:kind/:recordId'
  app.get<Route>(path, recorders, async (req, reply) => showChange(deps, req, reply))

  app.post<Route>(`${path}/correct`, recorders, async (req, reply) => {
    const { meeting, kind, record } = await loadRecord(deps, req)
    const input = withDates(req.body, dates[kind])
    const parsed = (schemas[kind] as z.ZodType).safeParse(input)
    if (!parsed.success)
      return showChange(deps, req, reply, {
        form: 'correct',
        errors: errorsWithDates(parsed.error, dates[kind]),
        values: input,
      })
    const data = parsed.data as Record<string, unknown>
    const columns = columnsOf(kind, data)
    const linked = columns.agenda_item_id
    if (linked && !(await recordsOf(deps.db, 'agenda', meeting.id)).some((a) => a.id === linked && !a.withdrawnAt)) {
      const field = kind === 'papers' ? 'paperAgendaItemId' : 'decisionAgendaItemId'
      return showChange(deps, req, reply, {
        form: 'correct',
        errors: fieldError(field, 'Select an agenda item from the list'),
        values: input,
      })
    }
    await settle(() =>
      correctRecord(deps.db, kind, meeting.id, record.id, columns, data.reason as string, webActor(req.user!)),
    )
    return reply.redirect(`/meetings/${meeting.id}?saved=corrected#${kind}`, 303)
  })

  app.post<Route>(`${path}/withdraw`, recorders, async (req, reply) => {
    const { meeting, kind, record } = await loadRecord(deps, req)
    const parsed = withdrawalForm.safeParse(formBody(req.body))
    if (!parsed.success)
      return showChange(deps, req, reply, {
        form: 'withdraw',
        errors: fieldError('withdrawReason', parsed.error.issues[0]?.message ?? 'Enter the reason for withdrawing it'),
        values: { ...valuesOf(record), ...formBody(req.body) },
      })
    await settle(() =>
      withdrawRecord(deps.db, kind, meeting.id, record.id, parsed.data.withdrawReason, webActor(req.user!)),
    )
    return reply.redirect(`/meetings/${meeting.id}?saved=withdrawn#${kind}`, 303)
  })
}

/** A record withdrawn meanwhile (two people at once) is a 404, not a 500. */
async function settle(change: () => Promise<void>): Promise<void> {
  try {
    await change()
  } catch (error) {
    if (error instanceof RecordGone)
      throw new NotFound('This item has been withdrawn; a withdrawn item is not changed again')
    throw error
  }
}
