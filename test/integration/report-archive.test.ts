/**
 * The public archive on both engines: /reports lists only signed-off packs of meetings held in
 * public, each at a stable address in its public version (no risk, no restricted paper), with a
 * scorecard workbook and an Atom feed; drafts and private meetings' packs answer 404. A crawl of
 * /reports and of the meetings held in public (/governance/meetings) as the public finds no
 * restricted paper and no board-only item. Test data is SYNTHETIC.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { PLANTED, plantPack, publishPack } from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { saveDraft } from '../../src/modules/reports/packs.service.js'

const BOARD_ONLY = [PLANTED.aboveAppetite, PLANTED.escalated, PLANTED.closed, PLANTED.restrictedPaper]

describe.each(engines)('the public archive of board reports (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let published: { packId: string; meetingId: string }
  let privatePack: string
  let draft: string
  let plantedMeeting: string

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const planted = await plantPack(db, model)
    plantedMeeting = planted.meetingId
    published = await publishPack(db, model, t.config.disclosureThreshold)
    privatePack = (await publishPack(db, model, t.config.disclosureThreshold, 11, false)).packId
    const board = model.find('body', 'best-chance-partnership', 'best-chance-2022-25')!
    draft = (
      await saveDraft(
        db,
        await preparePack({ db, model, threshold: t.config.disclosureThreshold }, board, planted.meetingId),
        null,
        'test',
      )
    ).id
  }, 240_000)
  afterAll(async () => t?.close())

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('lists only the signed-off pack of a public meeting', async () => {
    const res = await get('/reports')
    expect(res.statusCode).toBe(200)
    const links = [...res.body.matchAll(/href="\/reports\/(\d+)"/g)].map((m) => m[1])
    expect(links).toEqual([published.packId])
    expect((await get(`/reports/${draft}`)).statusCode).toBe(404)
    expect((await get(`/reports/${privatePack}`)).statusCode).toBe(404)
    expect((await get(`/reports/${draft}/scorecard.xlsx`)).statusCode).toBe(404)
  })

  it('shows the public version: actions yes, risks and restricted papers no', async () => {
    const res = await get(`/reports/${published.packId}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(PLANTED.offTrack)
    expect(res.body).toContain('(public version)')
    for (const text of BOARD_ONLY) expect(res.body).not.toContain(text)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(
      (await get(`/reports/${published.packId}/scorecard.xlsx`)).rawPayload as unknown as ArrayBuffer,
    )
    expect(book.worksheets.map((w) => w.name)).not.toContain('All risks and issues')
  })

  it('announces it in an Atom feed', async () => {
    const res = await get('/reports/feed.xml')
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    )
    expect(res.body.match(/<entry>/g)).toHaveLength(1)
    expect(res.body).toMatch(
      new RegExp(`<link rel="alternate" type="text/html" href="http://[^"]+/reports/${published.packId}"/>`),
    )
  })

  it('gives a crawl of /reports and the meetings held in public no restricted paper and no board-only item', async () => {
    const seen = new Set<string>()
    const queue = ['/reports', '/governance/meetings']
    while (queue.length) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      const res = await get(url)
      expect(res.statusCode, url).toBe(200)
      const body = url.endsWith('.xlsx') ? '' : res.body
      for (const text of BOARD_ONLY) expect(body, url).not.toContain(text)
      for (const [, href] of body.matchAll(/href="(\/(?:reports|governance\/meetings)[^"#]*)"/g))
        if (!seen.has(href!)) queue.push(href!)
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        '/reports',
        '/reports/feed.xml',
        `/reports/${published.packId}`,
        `/reports/${published.packId}/scorecard.xlsx`,
        `/governance/meetings/${plantedMeeting}`,
        `/governance/meetings/${published.meetingId}`,
      ]),
    )
    // The meeting pages are not empty: the public paper shows, and the published pack is linked.
    expect((await get(`/governance/meetings/${plantedMeeting}`)).body).toContain(
      'Synthetic public paper: the outcomes report',
    )
    expect((await get(`/governance/meetings/${published.meetingId}`)).body).toContain(
      `href="/reports/${published.packId}"`,
    )
  })
})
