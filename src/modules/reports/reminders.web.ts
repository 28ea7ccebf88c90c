/**
 * Reminders on a meeting's page: the "Reminders before this meeting" section (signed in only: the
 * meeting's page is), given to the boards module by the app, and the secretariat's "Send reminders"
 * button (POST /meetings/:id/reminders, with the session's CSRF token, for those who record the
 * board's meetings). Sending is audited on the meeting's trail; the page then says how many were
 * sent, or that e-mail is not set up.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { webActor } from '../../db/changes/actor.js'
import { createMailer } from '../../lib/mailer.js'
import { todayInLondon } from '../../lib/dates.js'
import type { SessionUser } from '../accounts/access.js'
import { findMeeting, type Meeting } from '../boards/boards.repository.js'
import { assertMayRecord } from '../boards/boards.web-shared.js'
import { remindersForMeeting } from './reminders.js'
import { sendReminders } from './reminders.send.js'

const recorders = { config: { access: ['administrator', 'board_member'] } } as const

const count = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : null)
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The confirmation after sending, from the numbers the send redirects with. */
export function sentNotice(query: Record<string, unknown>): string | null {
  if (query.mail === 'off')
    return 'E-mail is not set up for this service (SMTP_URL and SMTP_FROM): no reminders were sent'
  const sent = count(query.sent)
  if (sent === null) return null
  const failed = count(query.failed) ?? 0
  const unreachable = count(query.unreachable) ?? 0
  return [
    `Sent ${plural(sent, 'reminder e-mail', 'reminder e-mails')}`,
    failed ? `${plural(failed, 'e-mail', 'e-mails')} could not be sent` : null,
    unreachable ? `${plural(unreachable, 'item has', 'items have')} no one with an account to e-mail` : null,
  ]
    .filter(Boolean)
    .join('; ')
}

/** The section's data for a meeting's page. */
export function meetingRemindersSection({ db, strategies, config }: WebDeps) {
  return async (meeting: Meeting, _user: SessionUser, mayRecord: boolean, query: Record<string, unknown> = {}) => {
    const today = todayInLondon()
    const model = await strategies.readModel()
    const list = await remindersForMeeting({ db, model, threshold: config.disclosureThreshold }, meeting, today)
    return {
      upcoming: meeting.status === 'planned' && meeting.meetsOn >= today,
      summary: `${plural(list.length, 'item', 'items')} waiting for an update before this meeting, one row per person and item.`,
      lines: list.map((r) => ({
        person: r.owner,
        item: `${r.kind} ${r.reference}: ${r.title}`,
        why: r.why,
        href: r.href,
      })),
      maySend: mayRecord,
      mailEnabled: config.smtp !== null,
      action: `/meetings/${meeting.id}/reminders`,
      notice: sentNotice(query),
    }
  }
}

const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`

/** POST /meetings/:id/reminders: e-mail each person their items before this meeting. */
export function reminderRoutes(app: FastifyInstance, { db, strategies, config }: WebDeps) {
  const mailer = createMailer(config.smtp)
  app.post<{ Params: { id: string } }>('/meetings/:id/reminders', recorders, async (req, reply) => {
    const meeting = await findMeeting(db, req.params.id)
    if (!meeting) throw new NotFound()
    const model = await strategies.readModel()
    const board = model.find('body', meeting.boardId, meeting.strategyId)
    if (!board) throw new NotFound('This meeting’s board is no longer in the strategy')
    await assertMayRecord(db, req.user, meeting, board.title)
    const back = `/meetings/${meeting.id}`
    if (!mailer.enabled) return reply.redirect(`${back}?mail=off#reminders`, 303)
    const list = await remindersForMeeting(
      { db, model, threshold: config.disclosureThreshold },
      meeting,
      todayInLondon(),
    )
    const r = await sendReminders(db, mailer, list, webActor(req.user!), config.oidc?.baseUrl ?? origin(req))
    const query = `sent=${r.sent.length}&failed=${r.failed.length}&unreachable=${r.unreachable.length}`
    return reply.redirect(`${back}?${query}#reminders`, 303)
  })
}
