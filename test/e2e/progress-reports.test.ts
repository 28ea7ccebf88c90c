/**
 * The progress reports in Debian's Chromium: the Reports page, the Health and Wellbeing Board's
 * report and the annual report (prepared from the live data), the annual report as an HTML file
 * of its own, and its published public version all pass axe (WCAG 2.2 A and AA). Planted actions
 * and risks are SYNTHETIC.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { createUser, TEST_PASSWORD } from '../helpers/accounts.js'
import { plantPack } from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { todayInLondon } from '../../src/lib/dates.js'

const YEAR = todayInLondon().slice(0, 4)

describe('progress reports in the browser', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let base: string
  let page: Page

  beforeAll(async () => {
    t = await createTestApp('pglite')
    const db = t.database.db
    await plantPack(db, await strategyService(db, t.config.primaryStrategy).readModel())
    const admin = await createUser(db, 'administrator', null)
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('Email address').fill(admin.email)
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

  it('prepares both reports from the Reports page, each passing axe', async () => {
    await page.goto(`${base}/reporting`)
    expect(await axeViolations(page)).toEqual([])
    await Promise.all([
      page.waitForURL(/\/reporting\/hwb$/),
      page.getByRole('link', { name: 'Prepare the Health and Wellbeing Board report' }).click(),
    ])
    expect(await page.locator('[data-qa="life-course-table"]').count()).toBe(5)
    expect(await axeViolations(page)).toEqual([])
    await page.goto(`${base}/reporting`)
    await page.getByLabel('Year').fill(YEAR)
    await Promise.all([
      page.waitForURL(/\/reporting\/annual\?year=/),
      page.getByRole('button', { name: 'Prepare the annual report' }).click(),
    ])
    expect(await page.locator('[data-qa="report-priority"]').count()).toBe(6)
    expect(await axeViolations(page)).toEqual([])
  }, 120_000)

  it('passes axe as an HTML file of its own, and published as its public version', async () => {
    // Read as the file it is (opened on its own, not under the site's content policy).
    const html = await page.evaluate(
      async (url) => (await fetch(url)).text(),
      `${base}/reporting/annual/report.html?year=${YEAR}`,
    )
    expect(html).toContain('Across the life course: against London and England')
    const file = await browser.context.newPage()
    await file.setContent(html)
    expect(await axeViolations(file)).toEqual([])
    await file.close()
    await page.goto(`${base}/reporting/annual?year=${YEAR}`)
    await Promise.all([
      page.waitForURL(/\/progress-reports\/\d+$/),
      page.getByRole('button', { name: 'Save as a draft for sign-off' }).click(),
    ])
    await Promise.all([
      page.waitForURL(/\/progress-reports\/\d+$/),
      page.getByRole('button', { name: 'Sign off version 1' }).click(),
    ])
    const id = /\/progress-reports\/(\d+)$/.exec(page.url())![1]
    await page.goto(`${base}/reports/${id}`)
    expect(await page.locator('[data-qa="report"]').count()).toBe(1)
    expect(await page.locator('[data-qa="risk-summary"]').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
  }, 120_000)
})
