/**
 * Sending reminders by e-mail, through the optional adapter (lib/mailer.ts): one message to each
 * person, listing all their items, so no one is sent the same reminder twice and no one sees another's
 * address. A line with no account to send to is reported, not dropped. What was sent to whom, and
 * when, is audited on each meeting's trail through withChange (after the sending: an e-mail cannot
 * be rolled back with a transaction).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import { formatDate } from '../../lib/dates.js'
import type { MailMessage, Mailer } from '../../lib/mailer.js'
import type { Reminder } from './reminders.js'

export interface Outgoing extends MailMessage {
  items: Reminder[]
}

export interface SendResult {
  sent: { to: string; items: string[] }[]
  failed: { to: string; error: string }[]
  /** Lines nobody with an account can be sent. */
  unreachable: Reminder[]
}

const meetingWords = (r: Reminder) => `the ${r.board} meeting on ${formatDate(r.meetsOn)}`

/** One message per recipient, each listing their items by meeting. Pure. */
export function reminderMessages(list: readonly Reminder[], baseUrl: string): Outgoing[] {
  const byEmail = new Map<string, { name: string; items: Reminder[] }>()
  for (const r of list)
    for (const who of r.recipients) {
      const key = who.email.toLowerCase()
      const entry = byEmail.get(key) ?? { name: who.name, items: [] }
      if (!entry.items.includes(r)) entry.items.push(r)
      byEmail.set(key, entry)
    }
  const root = baseUrl.replace(/\/$/, '')
  return [...byEmail.entries()].map(([to, { name, items }]) => {
    const meetings = [...new Set(items.map(meetingWords))]
    const lines = meetings.flatMap((m) => [
      '',
      `Before ${m}:`,
      ...items
        .filter((r) => meetingWords(r) === m)
        .flatMap((r) => [`- ${r.kind} ${r.reference} "${r.title}": ${r.why}`, `  ${root}${r.href}`]),
    ])
    return {
      to,
      items,
      subject:
        meetings.length === 1
          ? `Best Chance: updates wanted before ${meetings[0]}`
          : `Best Chance: updates wanted before ${meetings.length} board meetings`,
      text: [
        `Hello ${name},`,
        '',
        'The board’s secretariat asks you to bring these items up to date in Best Chance before the board meets.',
        ...lines,
        '',
        'You are sent this because your account owns these items. Sign in to Best Chance to update them.',
        '',
      ].join('\n'),
    }
  })
}

const itemKey = (r: Reminder) => `${r.kind} ${r.reference}`

/** Sends each person one message, then records on each meeting's audit trail what went to whom. */
export async function sendReminders(
  db: Kysely<Database>,
  mailer: Mailer,
  list: readonly Reminder[],
  actor: Actor | ActingUser | string,
  baseUrl: string,
): Promise<SendResult> {
  const result: SendResult = { sent: [], failed: [], unreachable: list.filter((r) => !r.recipients.length) }
  const delivered: Outgoing[] = []
  for (const message of reminderMessages(list, baseUrl)) {
    try {
      await mailer.send({ to: message.to, subject: message.subject, text: message.text })
      delivered.push(message)
      result.sent.push({ to: message.to, items: message.items.map(itemKey) })
    } catch (error) {
      result.failed.push({ to: message.to, error: error instanceof Error ? error.message : String(error) })
    }
  }
  for (const meetingId of [...new Set(list.map((r) => r.meetingId))]) {
    const sent = delivered.flatMap((m) => {
      const items = m.items.filter((r) => r.meetingId === meetingId).map(itemKey)
      return items.length ? [{ to: m.to, items }] : []
    })
    if (!sent.length) continue
    await withChange(
      db,
      actor,
      {
        entityType: 'meeting',
        action: 'meeting.reminders.send',
        entityId: meetingId,
        bumpsDataVersion: false,
        detail: () => ({ before: null, after: { sentAt: new Date().toISOString(), sent } }),
      },
      async () => undefined,
    )
  }
  return result
}

/** The outcome in a sentence, for the page and the command line. */
export function sendWords(r: SendResult): string {
  const n = r.sent.length
  const parts = [`Sent ${n} reminder ${n === 1 ? 'e-mail' : 'e-mails'}`]
  if (r.failed.length) parts.push(`${r.failed.length} could not be sent (${r.failed.map((f) => f.to).join(', ')})`)
  if (r.unreachable.length)
    parts.push(
      `${r.unreachable.length} ${r.unreachable.length === 1 ? 'item has' : 'items have'} no one with an account to e-mail`,
    )
  return `${parts.join('; ')}.`
}
