/**
 * A board pack's frozen record on both engines, through the real app: prepared from the meeting,
 * saved as a draft, signed off once by a board member of that board (refused for one outside it,
 * and refused a second time), its PDF kept byte for byte while a later import revises a figure in
 * it (the page then says so against the frozen figure), no way to change or delete it even in SQL,
 * and a correction only as a new version with a reason, audited. Test data is SYNTHETIC.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { importGld, PLANTED, plantPack, type PlantedPack } from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'

const pdfTool = (tool: 'pdftotext' | 'pdfinfo', bytes: Buffer, order: 'layout' | 'reading order' = 'layout') => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pack-pdf-')), 'pack.pdf')
  writeFileSync(file, bytes)
  const args = tool === 'pdfinfo' ? [file] : order === 'layout' ? ['-layout', file, '-'] : [file, '-']
  return execFileSync(tool, args, { encoding: 'utf8' })
}

describe.each(engines)('board pack sign-off and frozen record (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let planted: PlantedPack
  let member: TestUser
  let outsider: TestUser
  let packId: string
  const get = (url: string, who: TestUser) => t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } })
  const post = (url: string, who: TestUser, payload: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload: { _csrf: who.csrf, ...payload } })

  beforeAll(async () => {
    t = await createTestApp(engine)
    const model = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
    planted = await plantPack(t.database.db, model)
    member = await signInAs(t.app, t.database.db, 'board_member', 'lbbd')
    outsider = await signInAs(t.app, t.database.db, 'board_member', ORG_B)
  }, 240_000)
  afterAll(async () => t?.close())

  it('prepares the pack from the meeting page, with every planted exception', async () => {
    const meeting = await get(`/meetings/${planted.meetingId}`, member)
    expect(meeting.body).toContain(`href="/meetings/${planted.meetingId}/pack"`)
    const res = await get(`/meetings/${planted.meetingId}/pack`, member)
    expect(res.statusCode).toBe(200)
    for (const title of [
      PLANTED.indicator,
      PLANTED.offTrack,
      PLANTED.overdue,
      PLANTED.stale,
      PLANTED.aboveAppetite,
      PLANTED.escalated,
      PLANTED.closed,
    ]) {
      expect(res.body).toContain(title.replace(/’/g, '&#8217;').replace(/'/g, '&#39;'))
    }
    expect(res.body).toContain('No commentary: the owner has not posted a progress update.')
  })

  it('saves a draft, refuses sign-off outside the board, signs off once, and refuses it twice', async () => {
    // Saved with the fingerprint of what was reviewed: the data has not changed, so no warning.
    const reviewed = /name="contentHash" value="([0-9a-f]{64})"/.exec(
      (await get(`/meetings/${planted.meetingId}/pack`, member)).body,
    )![1]!
    const saved = await post(`/meetings/${planted.meetingId}/pack`, member, { contentHash: reviewed })
    expect(saved.statusCode).toBe(303)
    expect(String(saved.headers.location)).toMatch(/^\/packs\/\d+$/)
    packId = /\/packs\/(\d+)/.exec(String(saved.headers.location))![1]!
    expect((await get(`/packs/${packId}`, member)).body).toContain('Draft for sign-off, version 1')
    expect((await post(`/packs/${packId}/sign-off`, outsider)).statusCode).toBe(403)
    expect((await post(`/packs/${packId}/sign-off`, member)).statusCode).toBe(303)
    const again = await post(`/packs/${packId}/sign-off`, member)
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('already signed off')
    const page = await get(`/packs/${packId}`, member)
    expect(page.body).toContain('Signed off, version 1')
    expect(page.body).toContain('Board member, Barking and Dagenham Council')
  })

  it('keeps the PDF byte for byte and the content unchanged after an import revises a figure, and shows the revision', async () => {
    const before = await get(`/packs/${packId}/pack.pdf`, member)
    expect(before.headers['content-type']).toBe('application/pdf')
    // Read in reading order with whitespace as single spaces: a long title wraps where the fonts put it.
    const text = pdfTool('pdftotext', before.rawPayload, 'reading order').replace(/\s+/g, ' ')
    for (const title of [
      PLANTED.offTrack,
      PLANTED.overdue,
      PLANTED.stale,
      PLANTED.aboveAppetite,
      PLANTED.escalated,
      PLANTED.closed,
    ])
      expect(text).toContain(title)
    expect(text).toContain('Children achieving a good level of development')
    expect(text).toMatch(/Page 1 of \d+/)
    // A4, tagged for screen readers, with bookmarks made from the headings.
    const info = pdfTool('pdfinfo', before.rawPayload)
    expect(info).toMatch(/Tagged:\s+yes/)
    expect(info).toMatch(/Page size:.*\(A4\)/)
    expect(before.rawPayload.includes('/Outlines')).toBe(true)
    const [stored] = (
      await sql<{
        content: string
        content_sha256: string
      }>`select content, content_sha256 from board_packs where id = ${packId}`.execute(t.database.db)
    ).rows
    await importGld(t.database.db, 620)
    const after = await get(`/packs/${packId}/pack.pdf`, member)
    expect(Buffer.compare(after.rawPayload, before.rawPayload)).toBe(0)
    const [again] = (
      await sql<{
        content: string
        content_sha256: string
      }>`select content, content_sha256 from board_packs where id = ${packId}`.execute(t.database.db)
    ).rows
    expect(again).toEqual(stored)
    const page = await get(`/packs/${packId}`, member)
    expect(page.body).toMatch(/Reported 60.0% on \d+ \w+ \d{4}; revised to 62.0% on \d+ \w+ \d{4}/)
  })

  it('refuses any change or deletion of a signed-off pack, even in SQL', async () => {
    await expect(
      sql`update board_packs set reason = 'tampered' where id = ${packId}`.execute(t.database.db),
    ).rejects.toThrow(/signed off and cannot be changed/)
    await expect(sql`delete from board_packs where id = ${packId}`.execute(t.database.db)).rejects.toThrow(
      /never deleted/,
    )
  })

  it('makes a correction a new version with its reason, audited', async () => {
    const refused = await post(`/meetings/${planted.meetingId}/pack`, member)
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('say why a new version is needed')
    // The fingerprint sent is not that of today's data: the new version is saved, with a warning to review it.
    const saved = await post(`/meetings/${planted.meetingId}/pack`, member, {
      reason: 'The good level of development figure was revised',
      contentHash: '0'.repeat(64),
    })
    expect(saved.statusCode).toBe(303)
    expect(String(saved.headers.location)).toMatch(/\?changed=1$/)
    const second = /\/packs\/(\d+)/.exec(String(saved.headers.location))![1]!
    const page = await get(String(saved.headers.location), member)
    expect(page.body).toContain('The data changed between your review and saving')
    expect(page.body).toContain('Draft for sign-off, version 2')
    expect(page.body).toContain('The good level of development figure was revised')
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'board_pack')
      .orderBy('id')
      .execute()
    expect(events.map((e) => [e.action, e.entity_id])).toEqual([
      ['board-pack.draft', packId],
      ['board-pack.sign-off', packId],
      ['board-pack.draft', second],
    ])
  })
})
