/**
 * Releases are published at their time with no request, by the scheduler inside the server: one
 * that falls due while the server is stopped is published when it starts again, one that falls due
 * while it runs is published by its poll, and (PostgreSQL, several processes) each due release is
 * published exactly once however many processes look at the same moment. Real servers, both
 * engines; the figures are synthetic test data.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { startServer, type Running } from '../../src/app/server.js'
import { openDatabase } from '../../src/db/client.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { approveRelease, publishDueReleases } from '../../src/modules/indicators/releases/releases.service.js'
import { findRelease } from '../../src/modules/indicators/releases/releases.repository.js'
import { createUser } from '../helpers/accounts.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'
const file = (period: string, value: string) =>
  `${header}\nyear-6-obesity,E09000002,${period},,,,,${value},,,,,,,,Synthetic scheduler test figure (not real data),\n`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.each(engines)('publishing at the release time, across a restart, on %s', (engine) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-releases-'))
  let database: Awaited<ReturnType<typeof createTestDatabase>> | null = null
  let running: Running | null = null

  afterAll(async () => {
    await running?.stop()
    await database?.close()
    rmSync(scratch, { recursive: true, force: true })
  })

  const config = () =>
    loadConfig({
      ...process.env,
      ...(database ? { DATABASE_URL: database.url! } : { DATA_DIR: scratch, DATABASE_URL: '' }),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      RELEASE_WORKFLOW: 'on',
      RELEASE_POLL_MS: '100',
    })

  /** A draft of one figure, approved by an administrator to be released `inMs` from now. */
  async function approvedDraft(run: Running, period: string, value: string, inMs: number): Promise<string> {
    const db = run.database.db
    const report = await importData(db, [file(period, value)], {
      sourceName: `scheduler-${period.replace('/', '-')}.csv`,
      format: 'template',
      actor: 'import:scheduler-test.csv',
      draft: true,
    })
    const admin = await createUser(db, 'administrator', null)
    const approved = await approveRelease(
      db,
      { secondApprover: true },
      { id: admin.id, email: admin.email, displayName: 'Approver', organisationId: null },
      report.releaseId!,
      { releaseAt: new Date(Date.now() + inMs), amendmentNote: '' },
    )
    expect(approved).toEqual({ ok: true })
    return report.releaseId!
  }

  const statusOf = async (run: Running, id: string) => (await findRelease(run.database.db, id))?.status
  async function waitForStatus(run: Running, id: string, status: string, ms: number) {
    const until = Date.now() + ms
    while (Date.now() < until && (await statusOf(run, id)) !== status) await sleep(50)
    return statusOf(run, id)
  }

  it('publishes a release that fell due while the server was stopped as soon as it starts, with no request', async () => {
    if (engine === 'postgres') database = await createTestDatabase('postgres')
    running = await startServer(config())
    const id = await approvedDraft(running, '2022/23', '38.7', 1500)
    expect(await statusOf(running, id)).toBe('approved')
    await running.stop()
    running = null
    await sleep(2000)
    running = await startServer(config())
    expect(await waitForStatus(running, id, 'published', 5000)).toBe('published')
    const res = await fetch(`${running.url}/api/v1/indicators/year-6-obesity/data?area=E09000002`)
    expect(await res.text()).toContain('38.7')
  }, 240_000)

  it('publishes a release that falls due while the server runs, by its own poll', async () => {
    const id = await approvedDraft(running!, '2023/24', '61.3', 1000)
    expect(await statusOf(running!, id)).toBe('approved')
    expect(await waitForStatus(running!, id, 'published', 6000)).toBe('published')
    // The data version moved with it, so the public pages (and their cache) show it.
    const page = await fetch(`${running!.url}/indicators/year-6-obesity`)
    expect(await page.text()).toContain('61.3')
  }, 60_000)

  it('publishes a due release once when several processes (or several callers) look at the same moment', async () => {
    const id = await approvedDraft(running!, '2024/25', '57.1', 600_000)
    await running!.stop()
    running = null
    // PostgreSQL: four processes' connections; the embedded database: one process, four callers at once.
    const handles = database
      ? await Promise.all(
          [1, 2, 3, 4].map(() =>
            openDatabase({ databaseUrl: database!.url!, dataDir: null, onConnectionError: () => {} }),
          ),
        )
      : [await openDatabase({ databaseUrl: null, dataDir: scratch })]
    const dbs = database ? handles.map((h) => h.db) : [1, 2, 3, 4].map(() => handles[0]!.db)
    try {
      // Its time comes while no server runs (moved to a moment ago, as the clock would).
      await dbs[0]!
        .updateTable('releases')
        .set({ release_at: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute()
      const published = await Promise.all(dbs.map((db) => publishDueReleases(db)))
      expect(published.flat()).toEqual([id])
      const events = await dbs[0]!
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'release.publish')
        .where('entity_id', '=', id)
        .execute()
      expect(events).toHaveLength(1)
    } finally {
      await Promise.all(handles.map((h) => h.close()))
    }
  }, 60_000)
})
