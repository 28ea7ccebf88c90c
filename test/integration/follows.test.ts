/**
 * Following by e-mail, end to end against a local SMTP sink: partners follow an indicator, an
 * outcome or the dashboard through the real forms (CSRF, audited); an import queues one e-mail per
 * follower in its own transaction and the sender delivers it exactly once; no follow, no e-mail; a
 * dry run or an unfollowed indicator sends nothing; two senders racing send each e-mail once; a
 * failed send is retried. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { signInAs, type TestUser } from '../helpers/accounts.js'
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js'
import { openDatabase } from '../../src/db/client.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { createMailer, type Mailer } from '../../src/lib/mailer.js'
import { sendDue, startOutboxSender } from '../../src/modules/follows/outbox.sender.js'
import { claimOutbox } from '../../src/modules/follows/follows.repository.js'

const SOURCE = 'Synthetic follow-test data'
const csv = (indicator: string, value: number) =>
  [
    'indicator_id,area_code,period,sex,value,count,denominator,source',
    `${indicator},E09000002,2023/24,,${value.toFixed(1)},${Math.round(value * 30)},3000,${SOURCE}`,
  ].join('\n')

describe.each(engines)('following by e-mail (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let sink: SmtpSink
  let mailer: Mailer
  const users = {} as Record<'indicator' | 'outcome' | 'dashboard' | 'none', TestUser>
  let value = 50

  const options = () => ({ mailer, serviceName: 'Best Chance', siteUrl: 'https://best-chance.example' })
  const importOne = async (indicator: string, extra: { dryRun?: boolean } = {}) => {
    value += 0.5
    const report = await importData(t.database.db, [csv(indicator, value)], {
      sourceName: `follow-test-${value}.csv`,
      format: 'template',
      actor: 'test',
      ...extra,
    })
    expect(report.errors).toEqual([])
    return report
  }
  const post = (user: TestUser, url: string, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: user.cookie }, payload: { _csrf: user.csrf, ...payload } })
  const outbox = () => t.database.db.selectFrom('notification_outbox').selectAll().orderBy('id').execute()
  const received = (user: TestUser) => sink.received.filter((m) => m.to.includes(user.email))

  beforeAll(async () => {
    sink = await startSmtpSink()
    t = await createTestApp(engine, { SMTP_URL: sink.url, SMTP_FROM: 'Best Chance <best-chance@example.org>' })
    mailer = createMailer(t.config.smtp)
    for (const k of ['indicator', 'outcome', 'dashboard', 'none'] as const)
      users[k] = await signInAs(t.app, t.database.db, 'owner')
  }, 120_000)
  afterAll(async () => {
    await t?.close()
    await sink?.close()
  })

  it('a partner follows through the forms (with the form token), audited, and sees the list', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/indicators/gld-eyfs',
      headers: { cookie: users.indicator.cookie },
    })
    expect(page.body).toContain('data-qa="follow-by-email"')
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/follows',
      headers: { cookie: users.indicator.cookie },
      payload: { kind: 'indicator', id: 'gld-eyfs' },
    })
    expect(noToken.statusCode).toBe(403)
    const res = await post(users.indicator, '/follows', { kind: 'indicator', id: 'gld-eyfs' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/follows?done=followed')
    expect((await post(users.indicator, '/follows', { kind: 'indicator', id: 'gld-eyfs' })).headers.location).toBe(
      '/follows?done=already',
    )
    expect((await post(users.outcome, '/follows', { kind: 'outcome', id: 'best-start' })).statusCode).toBe(303)
    expect((await post(users.dashboard, '/follows', { kind: 'dashboard' })).statusCode).toBe(303)
    expect((await post(users.none, '/follows', { kind: 'indicator', id: 'no-such-indicator' })).statusCode).toBe(404)
    const list = await t.app.inject({ method: 'GET', url: '/follows', headers: { cookie: users.indicator.cookie } })
    expect(list.body).toContain('Children achieving a good level of development')
    expect(list.body).not.toContain('data-qa="email-not-set-up"')
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('entity_type', '=', 'follow')
      .execute()
    expect(
      events
        .filter((e) => e.action === 'follow.start')
        .map((e) => e.actor_user_id)
        .sort(),
    ).toEqual([users.indicator.id, users.outcome.id, users.dashboard.id].sort())
  })

  it('an import queues one e-mail per follower in its change, and the sender sends each exactly once', async () => {
    const start = (await outbox()).length
    await importOne('gld-eyfs')
    const queued = (await outbox()).slice(start)
    expect(queued.map((r) => r.user_id).sort()).toEqual(
      [users.indicator.id, users.outcome.id, users.dashboard.id].sort(),
    )
    expect(queued.every((r) => r.sent_at === null)).toBe(true)
    expect(await sendDue(t.database.db, options())).toEqual({ sent: 3, failed: 0 })
    expect(await sendDue(t.database.db, options())).toEqual({ sent: 0, failed: 0 })
    for (const k of ['indicator', 'outcome', 'dashboard'] as const) expect(received(users[k]), k).toHaveLength(1)
    expect(received(users.none)).toHaveLength(0)
    const mail = received(users.indicator)[0]!.raw
    expect(mail).toMatch(/Subject: Best Chance: new figures published/)
    expect(mail).toContain('Children achieving a good level of development')
    expect(mail).toContain('https://best-chance.example/indicators/gld-eyfs')
    const sent = await t.database.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('action', '=', 'notification.sent')
      .execute()
    expect(sent.map((e) => e.entity_id).sort()).toEqual(queued.map((r) => r.id).sort())
  })

  it('sends nothing without a follow, nor for a dry run, nor after unfollowing', async () => {
    const before = sink.received.length
    // An indicator outside the followed outcome: only the dashboard's follower hears of it.
    await importOne('first-time-entrants')
    await importOne('gld-eyfs', { dryRun: true })
    expect(await sendDue(t.database.db, options())).toEqual({ sent: 1, failed: 0 })
    expect(sink.received.slice(before).map((m) => m.to)).toEqual([[users.dashboard.email]])
    const list = await t.app.inject({ method: 'GET', url: '/follows', headers: { cookie: users.indicator.cookie } })
    const followId = /action="\/follows\/(\d+)\/end"/.exec(list.body)![1]!
    expect((await post(users.none, `/follows/${followId}/end`, {})).statusCode).toBe(404)
    expect((await post(users.indicator, `/follows/${followId}/end`, {})).headers.location).toBe(
      '/follows?done=unfollowed',
    )
    await importOne('gld-eyfs')
    await sendDue(t.database.db, options())
    expect(received(users.indicator)).toHaveLength(1)
    expect(received(users.outcome)).toHaveLength(2)
  })

  it('two senders racing (two connections) send each e-mail once', async () => {
    const second = t.database.url
      ? await openDatabase({ databaseUrl: t.database.url, dataDir: null })
      : { db: t.database.db, close: async () => {} }
    try {
      const before = sink.received.length
      for (let i = 0; i < 3; i++) await importOne('gld-eyfs')
      const due = (await outbox()).filter((r) => r.sent_at === null)
      expect(due).toHaveLength(6)
      // The claim itself: the same row asked for by both at once goes to one.
      const claims = await Promise.all([
        claimOutbox(t.database.db, due[0]!.id, 'sender-a', 60),
        claimOutbox(second.db, due[0]!.id, 'sender-b', 60),
      ])
      expect(claims.filter((c) => c !== null)).toHaveLength(1)
      await t.database.db
        .updateTable('notification_outbox')
        .set({ claimed_until: null })
        .where('id', '=', due[0]!.id)
        .execute()
      const [a, b] = await Promise.all([sendDue(t.database.db, options()), sendDue(second.db, options())])
      expect(a.sent + b.sent).toBe(6)
      const mails = sink.received.slice(before)
      expect(mails).toHaveLength(6)
      expect((await outbox()).every((r) => r.sent_at !== null)).toBe(true)
    } finally {
      await second.close()
    }
  })

  it('a failed send is given back and tried again later, then sent once', async () => {
    let calls = 0
    const flaky: Mailer = {
      enabled: true,
      send: async (m) => {
        calls++
        if (calls === 1) throw new Error('relay refused the connection')
        await mailer.send(m)
      },
    }
    const before = sink.received.length
    await importOne('first-time-entrants')
    expect(await sendDue(t.database.db, { ...options(), mailer: flaky })).toEqual({ sent: 0, failed: 1 })
    const [row] = (await outbox()).filter((r) => r.sent_at === null)
    expect(row!.last_error).toContain('relay refused the connection')
    expect(row!.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000)
    // Not due yet: nothing is sent.
    expect(await sendDue(t.database.db, { ...options(), mailer: flaky })).toEqual({ sent: 0, failed: 0 })
    await t.database.db
      .updateTable('notification_outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', row!.id)
      .execute()
    expect(await sendDue(t.database.db, { ...options(), mailer: flaky })).toEqual({ sent: 1, failed: 0 })
    expect(sink.received.slice(before).map((m) => m.to)).toEqual([[users.dashboard.email]])
  })

  it('the background sender (as the server starts it) delivers queued e-mails by itself, and stops cleanly', async () => {
    const before = sink.received.length
    await importOne('first-time-entrants')
    const sender = startOutboxSender(t.database.db, { ...options(), intervalMs: 50 })
    try {
      await expect.poll(() => sink.received.length - before, { timeout: 10_000 }).toBe(1)
    } finally {
      await sender.stop()
    }
    expect((await outbox()).every((r) => r.sent_at !== null)).toBe(true)
  })

  it('without SMTP configured, the follows page says e-mail is not set up', async () => {
    const bare = await createTestApp(engine)
    try {
      const user = await signInAs(bare.app, bare.database.db, 'analyst')
      const page = await bare.app.inject({ method: 'GET', url: '/follows', headers: { cookie: user.cookie } })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('data-qa="email-not-set-up"')
      expect(await sendDue(bare.database.db, { ...options(), mailer: createMailer(bare.config.smtp) })).toEqual({
        sent: 0,
        failed: 0,
      })
    } finally {
      await bare.close()
    }
  }, 120_000)
})
