/**
 * Reminders with analysts and e-mail, on both engines: the Partnership's coming meeting lists the
 * owners of its silent actions and risks and the analysts whose indicators have a publisher's update
 * due (the one who last imported an indicator's figures; every analyst for the shipped data), as text
 * and CSV; `--send` and the meeting page's "Send reminders" button each deliver one message to each
 * person, listing their items, to a local SMTP sink, audited on the meeting's trail; those who do not
 * record the board's meetings are refused. Test data is SYNTHETIC: owners are roles in organisations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandContext } from '../../src/app/cli/command-context.js'
import { runDatabaseCommand } from '../../src/app/cli/commands/index.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { importGld, PLANTED, plantPack, type PlantedPack } from '../helpers/pack-fixtures.js'
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.js'

/** A received message's body as text: quoted-printable soft breaks and escapes undone. */
function bodyOf(mail: ReceivedMail): string {
  const raw = mail.raw.replace(/\r\n/g, '\n')
  const body = raw.slice(raw.indexOf('\n\n') + 2).replace(/=\n/g, '')
  return Buffer.from(
    body.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8')
}

describe.each(engines)('reminders to analysts and by e-mail (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let sink: SmtpSink
  let planted: PlantedPack
  let ownerA: TestUser
  let ownerA2: TestUser
  let ownerB: TestUser
  let analyst1: TestUser
  let analyst2: TestUser
  let member: TestUser
  let outsider: TestUser

  async function run(args: string[], config = t.config) {
    const out: string[] = []
    const err: string[] = []
    const ctx: CommandContext = {
      io: { out: (x) => out.push(x), err: (x) => err.push(x), progress: () => {}, readStdin: async () => '' },
      config,
      cwd: process.cwd(),
      actor: 'cli:secretariat',
      database: async () => ({ db: t.database.db, engine }),
    }
    const code = await runDatabaseCommand(ctx, ['report', 'reminders', ...args])
    return { code, out: out.join('\n'), err: err.join('\n') }
  }
  const to = (user: TestUser) => sink.received.filter((m) => m.to.includes(user.email))

  beforeAll(async () => {
    sink = await startSmtpSink()
    t = await createTestApp(engine, { SMTP_URL: sink.url, SMTP_FROM: 'best-chance@example.org' })
    const db = t.database.db
    planted = await plantPack(db, await strategyService(db, t.config.primaryStrategy).readModel())
    ownerA = await signInAs(t.app, db, 'owner', ORG_A)
    ownerA2 = await signInAs(t.app, db, 'owner', ORG_A)
    ownerB = await signInAs(t.app, db, 'owner', ORG_B)
    analyst1 = await signInAs(t.app, db, 'analyst')
    analyst2 = await signInAs(t.app, db, 'analyst')
    member = await signInAs(t.app, db, 'board_member', ORG_A)
    outsider = await signInAs(t.app, db, 'board_member', ORG_B)
    // Analyst 1 imported the good level of development figures, over a year before the meeting.
    await importGld(db)
    await db
      .updateTable('import_batches')
      .set({ actor: `user:${analyst1.id} ${analyst1.email}` })
      .where('source_name', '=', 'synthetic-gld.csv')
      .execute()
    // The risk above appetite last changed before the last meeting: its owners owe an update.
    await db
      .updateTable('risks')
      .set({ updated_at: new Date('2024-12-01T12:00:00Z') })
      .where('title', '=', PLANTED.aboveAppetite)
      .execute()
    // Every current figure was loaded 400 days ago: the yearly publications' next figures are due.
    await db
      .updateTable('data_points')
      .set({ recorded_at: new Date(Date.now() - 400 * 86_400_000) })
      .where('replaced_at', 'is', null)
      .execute()
  }, 240_000)
  afterAll(async () => {
    await t?.close()
    await sink?.close()
  })

  it('lists the analysts whose indicators have a publisher’s update due, with the owners', async () => {
    const result = await run(['--days', '31'])
    expect(result.code).toBe(0)
    const lines = result.out.split('\n')
    const gld = lines.filter((l) => l.includes('indicator gld-eyfs '))
    expect(gld).toHaveLength(1)
    expect(gld[0]).toMatch(
      /Test analyst, analyst: indicator gld-eyfs ".*": Department for Education, Local Authority Interactive Tool \(LAIT\): new figures due by \d+ \w+ \d{4} \(published yearly, counted from the figures loaded on \d+ \w+ \d{4}\)$/,
    )
    // An indicator only the shipped data holds is every analyst's: one line each.
    const shipped = lines.filter((l) => / indicator /.test(l) && !l.includes('gld-eyfs'))
    expect(shipped.length).toBeGreaterThan(0)
    expect(shipped.length % 2).toBe(0)
    for (const title of [PLANTED.overdue, PLANTED.stale, PLANTED.aboveAppetite])
      expect(lines.filter((l) => l.includes(title))).toHaveLength(1)

    const csv = await run(['--days', '31', '--format', 'csv'])
    const rows = csv.out.split('\r\n')
    expect(rows[0]).toBe(
      'meeting_date,board,meeting,person,kind,reference,title,last_update,last_meeting,due_by,reason,path',
    )
    expect(rows).toHaveLength(lines.length + 1)
    expect(rows.find((r) => r.includes(',indicator,gld-eyfs,'))).toMatch(/,\d{4}-\d{2}-\d{2},.*\/indicators\/gld-eyfs$/)
  })

  it('--send e-mails each person once, listing their items, and audits what went to whom', async () => {
    const off = await run(['--days', '31', '--send'], { ...t.config, smtp: null })
    expect(off.code).toBe(1)
    expect(off.err).toContain('e-mail is not set up; set SMTP_URL and SMTP_FROM')
    expect(sink.received).toHaveLength(0)

    const result = await run(['--days', '31', '--send'])
    expect(result.code).toBe(0)
    expect(result.out).toContain('Sent 5 reminder e-mails')
    for (const user of [ownerA, ownerA2, ownerB, analyst1, analyst2]) expect(to(user), user.email).toHaveLength(1)
    expect(sink.received).toHaveLength(5)
    expect(sink.received.every((m) => m.to.length === 1 && m.from === 'best-chance@example.org')).toBe(true)
    const a = bodyOf(to(ownerA)[0]!)
    expect(a).toContain(PLANTED.overdue)
    expect(a).toContain(PLANTED.aboveAppetite)
    expect(a).not.toContain(PLANTED.stale)
    expect(a).not.toContain('gld-eyfs')
    expect(bodyOf(to(ownerB)[0]!)).toContain(PLANTED.stale)
    expect(bodyOf(to(analyst1)[0]!)).toContain('indicator gld-eyfs')
    expect(bodyOf(to(analyst2)[0]!)).not.toContain('gld-eyfs')
    expect(to(ownerA)[0]!.raw).toMatch(/Subject: Best Chance: updates wanted before the Best Chance 0-25\s+Partnership/)

    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor', 'after'])
      .where('action', '=', 'meeting.reminders.send')
      .where('entity_id', '=', planted.meetingId)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor).toBe('cli:secretariat')
    const sent = (audit[0]!.after as { sent: { to: string; items: string[] }[] }).sent
    expect(sent.map((s) => s.to).sort()).toEqual(
      [ownerA, ownerA2, ownerB, analyst1, analyst2].map((u) => u.email.toLowerCase()).sort(),
    )
  })

  it('shows the reminders on the meeting page, and the secretariat’s button sends them once each', async () => {
    sink.received.length = 0
    const page = await t.app.inject({ url: `/meetings/${planted.meetingId}`, headers: { cookie: analyst2.cookie } })
    expect(page.body).toContain('Reminders before this meeting')
    expect(page.body).toContain(PLANTED.stale)
    expect(page.body).toContain('Test analyst, analyst')
    expect(page.body).not.toContain('Send reminders')
    const own = await t.app.inject({ url: `/meetings/${planted.meetingId}`, headers: { cookie: member.cookie } })
    expect(own.body).toContain('Send reminders')

    for (const user of [outsider, analyst1]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: `/meetings/${planted.meetingId}/reminders`,
        headers: { cookie: user.cookie },
        payload: { _csrf: user.csrf },
      })
      expect(refused.statusCode).toBe(403)
      expect(refused.body).toMatch(/You cannot (record meetings for the Best Chance 0-25 Partnership|use this page)/)
    }
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/meetings/${planted.meetingId}/reminders`,
      headers: { cookie: member.cookie },
      payload: {},
    })
    expect(noToken.statusCode).toBe(403)
    expect(sink.received).toHaveLength(0)

    const res = await t.app.inject({
      method: 'POST',
      url: `/meetings/${planted.meetingId}/reminders`,
      headers: { cookie: member.cookie },
      payload: { _csrf: member.csrf },
    })
    expect(res.statusCode).toBe(303)
    const after = await t.app.inject({ url: String(res.headers.location), headers: { cookie: member.cookie } })
    expect(after.body).toContain('govuk-notification-banner--success')
    expect(after.body).toContain('Sent 5 reminder e-mails')
    for (const user of [ownerA, ownerA2, ownerB, analyst1, analyst2]) expect(to(user)).toHaveLength(1)
    expect(sink.received).toHaveLength(5)
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor', 'actor_user_id'])
      .where('action', '=', 'meeting.reminders.send')
      .where('entity_id', '=', planted.meetingId)
      .orderBy('id')
      .execute()
    expect(audit).toHaveLength(2)
    expect(audit[1]!.actor_user_id).toBe(member.id)
  })
})
