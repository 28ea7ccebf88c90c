/**
 * Progress reports kept as records and published, on both engines: the annual report saved as a
 * draft and signed off from the web (refused twice, and refused to a board member whose
 * organisation has no seat), then listed in /reports with its public version: no risk summary,
 * and its PDF the public version's, kept at sign-off (no Chromium on the public request). A crawl
 * of /reports, PDFs read with pdftotext, finds no restricted paper, no board-only item and no
 * small count (one is planted). Test data is SYNTHETIC.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayInLondon } from '../../src/lib/dates.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { signInAs } from '../helpers/accounts.js'
import { PLANTED, plantPack, publishPack } from '../helpers/pack-fixtures.js'

const YEAR = Number(todayInLondon().slice(0, 4))
const BOARD_ONLY = [PLANTED.aboveAppetite, PLANTED.escalated, PLANTED.closed, PLANTED.restrictedPaper]
const SMALL = { indicator: 'two-year-check', title: 'Children having a two-year check', count: 3, value: 31.7 }
const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-records-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A figure of 3 children: the public never sees it, nor its value. SYNTHETIC. */
const smallCsv = () =>
  [
    'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote',
    `${SMALL.indicator},E09000002,2023/24,,,,,${SMALL.value},${SMALL.count},${Math.round((SMALL.count * 100) / SMALL.value)},,,,,,synthetic test data,`,
  ].join('\n') + '\n'

const pdfText = (bytes: Buffer, name: string) => {
  const file = path.join(scratch, name)
  writeFileSync(file, bytes)
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

describe.each(engines)('progress reports as records, published (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: Awaited<ReturnType<typeof signInAs>>
  let reportId: string
  let packId: string

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    const stored = await importData(db, [smallCsv()], { sourceName: 'small.csv', format: 'template', actor: 'test' })
    expect(stored).toMatchObject({ stored: true })
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    await plantPack(db, model)
    packId = (await publishPack(db, model, t.config.disclosureThreshold)).packId
    admin = await signInAs(t.app, db, 'administrator')
  }, 240_000)
  afterAll(async () => t?.close())

  const as = (user: { cookie: string }, url: string, payload?: Record<string, string>) =>
    t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: { cookie: user.cookie }, payload })

  it('saves the annual report as a draft, not yet published', async () => {
    const saved = await as(admin, '/reporting/annual', { _csrf: admin.csrf, year: String(YEAR) })
    expect(saved.statusCode).toBe(303)
    reportId = /\/progress-reports\/(\d+)/.exec(saved.headers.location as string)![1]!
    const page = await as(admin, `/progress-reports/${reportId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Sign off version 1`)
    expect((await t.app.inject(`/reports/${reportId}`)).statusCode).toBe(404)
    expect((await t.app.inject('/reports')).body).not.toContain(`/reports/${reportId}"`)
  })

  it('signs it off once, only for the board, keeping both PDFs', async () => {
    const outsider = await signInAs(t.app, t.database.db, 'board_member', 'nelft')
    const refused = await as(outsider, `/progress-reports/${reportId}/sign-off`, { _csrf: outsider.csrf })
    expect(refused.statusCode).toBe(403)
    const signed = await as(admin, `/progress-reports/${reportId}/sign-off`, { _csrf: admin.csrf })
    expect(signed.statusCode).toBe(303)
    const again = await as(admin, `/progress-reports/${reportId}/sign-off`, { _csrf: admin.csrf })
    expect(again.statusCode).toBe(409)
    const board = pdfText((await as(admin, `/progress-reports/${reportId}/report.pdf`)).rawPayload, 'board.pdf')
    expect(board).toContain('Risks and issues: summary')
    expect(board).toContain('Across the life course: against London and England')
  }, 120_000)

  it('publishes its public version: listed, no risk summary, the kept public PDF', async () => {
    const list = await t.app.inject('/reports')
    const links = [...list.body.matchAll(/href="\/reports\/(\d+)"/g)].map((m) => m[1])
    expect(links.sort()).toEqual([packId, reportId].sort())
    const page = await t.app.inject(`/reports/${reportId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('(public version)')
    expect(page.body).not.toContain('data-qa="risk-summary"')
    expect(page.body).toContain(`href="/reports/${reportId}/report.pdf"`)
    const pdf = await t.app.inject(`/reports/${reportId}/report.pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = pdfText(pdf.rawPayload, 'public.pdf')
    expect(text).toContain('(public version)')
    expect(text).toContain('Across the life course: against London and England')
    expect(text).not.toContain('Risks and issues: summary')
    expect((await t.app.inject(`/reports/${reportId}/report.pdf`)).rawPayload.equals(pdf.rawPayload)).toBe(true)
  })

  it('gives a crawl of /reports, its PDFs read, no restricted paper, no board-only item and no small count', async () => {
    const seen = new Set<string>()
    const queue = ['/reports']
    const suppressedIn: string[] = []
    /**
     * The planted indicator's scorecard rows, each with the lines either side: its title wraps onto
     * them, breaking where the fonts happen to put it, even inside "two-year". A row starts on the
     * line with its period (or "None").
     */
    const rowsOf = (text: string) =>
      text.split('\n').flatMap((l, i, all) => {
        const around = `${all[i - 1] ?? ''} ${l} ${all[i + 1] ?? ''}`
        return /\b\d{4}\/\d{2}\b|\bNone\b/.test(l) && around.includes('two-') ? [around] : []
      })
    while (queue.length) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      const res = await t.app.inject(url)
      expect(res.statusCode, url).toBe(200)
      const body = url.endsWith('.xlsx')
        ? ''
        : url.endsWith('.pdf')
          ? pdfText(res.rawPayload, `crawl-${seen.size}.pdf`)
          : res.body
      for (const text of BOARD_ONLY) expect(body, url).not.toContain(text)
      expect(body, url).not.toContain(`${SMALL.value}%`)
      if (url.endsWith('.pdf')) {
        const rows = rowsOf(body)
        for (const row of rows) expect(row, url).toMatch(/Suppressed|No data yet/)
        if (rows.length) suppressedIn.push(url)
      }
      for (const [, href] of body.matchAll(/href="(\/reports[^"#]*)"/g)) if (!seen.has(href!)) queue.push(href!)
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([`/reports/${reportId}/report.pdf`, `/reports/${packId}/report.pdf`]),
    )
    // The planted figure is in both PDFs' scorecards, withheld in words.
    expect(suppressedIn.sort()).toEqual([`/reports/${packId}/report.pdf`, `/reports/${reportId}/report.pdf`].sort())
  }, 120_000)
})
