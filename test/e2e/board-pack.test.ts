/**
 * Board packs and printing in Debian's Chromium. A board member prepares the pack from the
 * meeting's page; the pack page, the pack as an HTML file of its own, and the public report pass
 * axe (WCAG 2.2 A and AA). Then an indicator page and a meeting page are printed to A4 PDFs and
 * read back with pdftotext: no navigation, account bar or footer, no form control showing, no
 * table wider than the paper, and the printed-on line. Test data is SYNTHETIC.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { createUser, TEST_PASSWORD } from '../helpers/accounts.js'
import { addMembership } from '../../src/modules/boards/boards.service.js'
import { PARTNERSHIP, PLANTED, plantPack, publishPack, type PlantedPack } from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { LIVE_STATUS, packHtml } from '../../src/modules/reports/pack.outputs.js'

const SCREENS = 'test-results/screenshots'
/** Words only the header, account bar and footer print: none may reach the paper. */
const CHROME = [
  'Skip to main content',
  'Sign out',
  'Signed in as',
  'Partner sign in',
  'Strategies and their sources',
  'Open data and API',
]

async function printed(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true })
  const file = `${SCREENS}/${name}.pdf`
  writeFileSync(
    file,
    await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } }),
  )
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

/** Under print styles at A4's printable width: form controls shown, and tables wider than the page. */
async function printLayout(page: Page) {
  await page.setViewportSize({ width: 704, height: 1000 }) // A4 less 12 mm margins, at 96 px an inch
  await page.emulateMedia({ media: 'print' })
  const result = await page.evaluate(() => {
    const shown = (el: Element) =>
      (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    const controls = [...document.querySelectorAll('input:not([type=hidden]), button, select, textarea')]
      .filter(shown)
      .map((el) => el.outerHTML.slice(0, 80))
    const width = document.documentElement.clientWidth
    const clipped = [...document.querySelectorAll('table')]
      .filter((t) => t.getBoundingClientRect().right > width + 1 || t.scrollWidth > t.clientWidth + 1)
      .map((t) => t.querySelector('caption')?.textContent?.trim() ?? 'a table')
    // GOV.UK Frontend prints a link's address after it; inside a table that would break the layout.
    const tableLinkUrls = [...document.querySelectorAll('table a[href]')]
      .filter((a) => !['none', 'normal'].includes(getComputedStyle(a, '::after').content))
      .map((a) => a.getAttribute('href'))
    return { controls, clipped, tableLinkUrls }
  })
  await page.emulateMedia({ media: null })
  return result
}

describe('board packs and print in the browser', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let base: string
  let planted: PlantedPack
  let published: string
  let page: Page

  beforeAll(async () => {
    t = await createTestApp('pglite')
    const db = t.database.db
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    planted = await plantPack(db, model)
    // After the planted meeting, so that meeting's last meeting stays the one in January 2025.
    published = (await publishPack(db, model, t.config.disclosureThreshold, 40)).packId
    const member = await createUser(db, 'board_member', 'lbbd')
    await addMembership(
      db,
      PARTNERSHIP,
      {
        roleTitle: 'Director of Public Health',
        organisationId: 'lbbd',
        memberKind: 'member',
        fromDate: '2024-01-01',
        toDate: null,
      },
      planted.administrator,
    )
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('Email address').fill(member.email)
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
  }, 240_000)
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('prepares the pack from the meeting page, and the pack passes axe', async () => {
    await page.goto(`${base}/meetings/${planted.meetingId}`)
    await Promise.all([page.waitForURL(/\/pack$/), page.getByRole('link', { name: 'Prepare the pack' }).click()])
    expect(await page.locator('h1').textContent()).toContain(
      'Best Chance 0-25 Partnership: Partnership meeting (synthetic)',
    )
    expect(await page.locator('[data-qa="exception"]').count()).toBe(7)
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SCREENS}/board-pack.png`, fullPage: true })
  }, 120_000)

  it('passes axe as an HTML file of its own, and as the public report', async () => {
    const model = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
    const board = model.find('body', PARTNERSHIP.boardId, PARTNERSHIP.strategyId)!
    const content = await preparePack(
      { db: t.database.db, model, threshold: t.config.disclosureThreshold },
      board,
      planted.meetingId,
    )
    const file = await browser.context.newPage()
    await file.setContent(packHtml(content, LIVE_STATUS))
    expect(await axeViolations(file)).toEqual([])
    await file.close()
    await page.goto(`${base}/reports/${published}`)
    expect(await page.locator('[data-qa="pack"]').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
  }, 120_000)

  it('prints the pack with no form and no clipped table', async () => {
    await page.goto(`${base}/meetings/${planted.meetingId}/pack`)
    expect(await printLayout(page)).toEqual({ controls: [], clipped: [], tableLinkUrls: [] })
    const text = await printed(page, 'board-pack-printed')
    for (const words of CHROME) expect(text).not.toContain(words)
    expect(text.replace(/\s+/g, ' ')).toContain(PLANTED.offTrack)
  }, 120_000)

  it.each([
    ['an indicator page', '/indicators/gld-eyfs'],
    ['a meeting page', 'MEETING'],
  ])(
    'prints %s to A4 with no navigation, no form controls and no clipped table',
    async (name, path) => {
      await page.goto(base + (path === 'MEETING' ? `/meetings/${planted.lastMeetingId}` : path))
      expect(await printLayout(page)).toEqual({ controls: [], clipped: [], tableLinkUrls: [] })
      const text = await printed(page, `print-${name.replace(/\W+/g, '-')}`)
      for (const words of CHROME) expect(text, name).not.toContain(words)
      expect(text).toMatch(/Printed from Best Chance on \d+ \w+ \d{4}/)
    },
    120_000,
  )
})
