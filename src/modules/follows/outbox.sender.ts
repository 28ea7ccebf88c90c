/**
 * Sends the e-mails the outbox holds, in the background: each due row is leased with a conditional
 * update (follows.repository.ts), sent through the mail adapter, then marked sent as an audited
 * change. A failure gives the row back to be tried again later, waiting longer each time (up to an
 * hour); a sender that dies mid-send loses its lease, and the row is tried again when it runs out.
 * Any number of senders (server processes) may run: each row is taken by one of them at a time.
 * The lease itself is queue bookkeeping, not a change to anyone's record, so it is not audited.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange } from '../../db/changes/with-change.js'
import { systemActor } from '../../db/changes/actor.js'
import type { Mailer, MailMessage } from '../../lib/mailer.js'
import { formatDateTime } from '../../lib/dates.js'
import {
  claimOutbox,
  dueOutbox,
  indicatorNames,
  markOutboxSent,
  releaseOutbox,
  type OutboxRow,
} from './follows.repository.js'

export interface SenderOptions {
  mailer: Mailer
  serviceName: string
  /** The site's address for links in e-mails (SITE_URL); without it, links are paths on the site. */
  siteUrl: string | null
  /** How long a taken row is this sender's before another may try it. */
  leaseSeconds?: number
  batchSize?: number
  log?: (line: string) => void
}

const LEASE_SECONDS = 120
const MAX_RETRY_SECONDS = 3600

/** Seconds before the next attempt: a minute, doubling with each failure, at most an hour. */
export const retryDelay = (attempts: number) => Math.min(MAX_RETRY_SECONDS, 60 * 2 ** Math.max(0, attempts - 1))

export async function composeMessage(
  db: Kysely<Database>,
  row: OutboxRow,
  options: Pick<SenderOptions, 'serviceName' | 'siteUrl'>,
): Promise<MailMessage> {
  const names = await indicatorNames(db, row.indicatorIds)
  const site = options.siteUrl ?? ''
  const lines = row.indicatorIds.map((id) => `- ${names.get(id) ?? id}: ${site}/indicators/${encodeURIComponent(id)}`)
  return {
    to: row.email,
    subject: `${options.serviceName}: new figures published`,
    text: [
      `Hello ${row.displayName},`,
      '',
      `New figures were published on ${formatDateTime(row.publishedAt)} for what you follow:`,
      '',
      ...lines,
      '',
      `To change what you follow, or stop these e-mails, go to ${site}/follows.`,
      '',
    ].join('\n'),
  }
}

/** One pass over the due rows; returns how many were sent and how many failed. */
export async function sendDue(db: Kysely<Database>, options: SenderOptions): Promise<{ sent: number; failed: number }> {
  const counts = { sent: 0, failed: 0 }
  if (!options.mailer.enabled) return counts
  const token = randomUUID()
  for (const id of await dueOutbox(db, options.batchSize ?? 50)) {
    const row = await claimOutbox(db, id, token, options.leaseSeconds ?? LEASE_SECONDS)
    if (!row) continue
    try {
      await options.mailer.send(await composeMessage(db, row, options))
    } catch (error) {
      counts.failed++
      const delay = retryDelay(row.attempts)
      options.log?.(
        `e-mail ${row.id} to user ${row.userId} failed (attempt ${row.attempts}, again in ${delay} s): ${String(error)}`,
      )
      await releaseOutbox(db, row, String(error), delay)
      continue
    }
    await recordSent(db, row)
    counts.sent++
  }
  return counts
}

function recordSent(db: Kysely<Database>, row: OutboxRow) {
  return withChange(
    db,
    systemActor('e-mail'),
    {
      entityType: 'notification',
      action: 'notification.sent',
      entityId: row.id,
      detail: () => ({ before: null, after: { userId: row.userId, indicatorIds: row.indicatorIds } }),
      bumpsDataVersion: false,
    },
    async (tx, change) => {
      if (!(await markOutboxSent(tx, row))) change.unchanged()
    },
  )
}

export interface RunningSender {
  /** Runs a pass now (after any pass already running). */
  wake(): Promise<void>
  stop(): Promise<void>
}

/** A pass every `intervalMs`, one at a time; a failed pass is logged and the next one tries again. */
export function startOutboxSender(
  db: Kysely<Database>,
  options: SenderOptions & { intervalMs?: number },
): RunningSender {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const pass = () => {
    running = running.then(async () => {
      if (stopped) return
      try {
        await sendDue(db, options)
      } catch (error) {
        options.log?.(`the e-mail sender's pass failed, and runs again shortly: ${String(error)}`)
      }
    })
    return running
  }
  const timer = setInterval(() => void pass(), options.intervalMs ?? 30_000)
  timer.unref()
  return {
    wake: pass,
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
