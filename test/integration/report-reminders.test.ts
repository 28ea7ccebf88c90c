/**
 * `best-chance report reminders` on both engines, run in-process through the command table as the
 * server would run it: for the Partnership's coming meeting, one line per owner and item waiting
 * for an update since the last meeting, as text and as CSV; an item updated since is left out.
 * Test data is SYNTHETIC: owners are roles in organisations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandContext } from '../../src/app/cli/command-context.js'
import { runDatabaseCommand } from '../../src/app/cli/commands/index.js'
import { addProgressUpdate, actionIdByReference } from '../../src/modules/delivery/delivery.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { PLANTED, plantPack } from '../helpers/pack-fixtures.js'

describe.each(engines)('best-chance report reminders (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>

  async function run(args: string[]) {
    const out: string[] = []
    const err: string[] = []
    const ctx: CommandContext = {
      io: { out: (x) => out.push(x), err: (x) => err.push(x), progress: () => {}, readStdin: async () => '' },
      config: t.config,
      cwd: process.cwd(),
      actor: 'cli:test',
      database: async () => ({ db: t.database.db, engine }),
    }
    const code = await runDatabaseCommand(ctx, ['report', 'reminders', ...args])
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    await plantPack(db, await strategyService(db, t.config.primaryStrategy).readModel())
    // The off-track action's owner has reported since the last meeting: no reminder for it.
    const offTrack = await db
      .selectFrom('actions')
      .select('reference')
      .where('title', '=', PLANTED.offTrack)
      .executeTakeFirstOrThrow()
    await addProgressUpdate(
      db,
      (await actionIdByReference(db, offTrack.reference))!,
      { updateDate: '2026-01-10', status: 'off_track', commentary: 'Synthetic update: outreach staff recruited' },
      'test',
    )
    // The risk above appetite last changed before the last meeting: its owner owes an update.
    await db
      .updateTable('risks')
      .set({ updated_at: new Date('2024-12-01T12:00:00Z') })
      .where('title', '=', PLANTED.aboveAppetite)
      .execute()
  }, 240_000)
  afterAll(async () => t?.close())

  it('lists one line per owner and item waiting for an update', async () => {
    const result = await run(['--days', '31'])
    expect(result.code).toBe(0)
    const lines = result.out.split('\n')
    expect(lines.every((l) => /^\d{4}-\d{2}-\d{2} Best Chance 0-25 Partnership: /.test(l))).toBe(true)
    const titles = lines.map((l) => /"(.*)"/.exec(l)?.[1])
    expect(titles.sort()).toEqual([PLANTED.aboveAppetite, PLANTED.arising, PLANTED.overdue, PLANTED.stale].sort())
    expect(result.out).toContain(
      `Head of Early Help, Barking and Dagenham Council: risk RSK-0001 "${PLANTED.aboveAppetite}": last update 1 December 2024, none since the last meeting on 15 January 2025`,
    )
    expect(result.out).toMatch(
      /Head of Early Help, NELFT \(community health and mental health services\): action ACT-\d+ "Synthetic action: speech and language pathway with no update": no update yet/,
    )
  })

  it('writes the same as CSV, and nothing for a window with no meeting', async () => {
    const csv = await run(['--days', '31', '--format', 'csv'])
    const rows = csv.out.split('\r\n')
    expect(rows[0]).toBe(
      'meeting_date,board,meeting,person,kind,reference,title,last_update,last_meeting,due_by,reason,path',
    )
    expect(rows).toHaveLength(5)
    expect((await run(['--days', '3'])).out).toBe(
      'No reminders: no board meeting in the next 3 days has an owner or analyst with an item waiting for an update.',
    )
    expect((await run(['--days', 'soon'])).code).toBe(2)
  })
})
