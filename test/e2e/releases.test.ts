/**
 * The release pages in a real browser: the list, a draft release with its forms, and the indicator
 * page with the "Draft" banner, checked with axe against WCAG 2.2 A and AA; an approval refused
 * (your own import) and one made with the date input and time, by keyboard-reachable controls.
 * The figures are SYNTHETIC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { createUser, TEST_PASSWORD } from '../helpers/accounts.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { webActor } from '../../src/db/changes/actor.js'
import { nextDay, todayInLondon } from '../../src/lib/dates.js'

const csv =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote\n' +
  'year-6-obesity,E09000002,2021/22,,,,,47.3,,,,,,,,Synthetic browser-test figure (not real data),\n'

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState()
}

describe('the release pages in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let releaseId: string
  let importer: { email: string }
  let approver: { email: string }

  beforeAll(async () => {
    t = await createTestApp('pglite', { RELEASE_WORKFLOW: 'on' })
    const db = t.database.db
    const admin = await createUser(db, 'administrator', null)
    importer = admin
    approver = await createUser(db, 'administrator', null)
    const report = await importData(db, [csv], {
      sourceName: 'browser-release.csv',
      format: 'template',
      actor: webActor({ id: admin.id, email: admin.email, displayName: 'Importer', organisationId: null }),
      draft: true,
    })
    releaseId = report.releaseId!
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('shows the list, the release and the indicator page with its draft banner, with no WCAG 2.2 A or AA violations', async () => {
    const page = await browser.context.newPage()
    await signIn(page, base, importer.email)
    for (const path of ['/releases', `/releases/${releaseId}`, '/indicators/year-6-obesity']) {
      const response = await page.goto(base + path)
      expect(response?.status(), path).toBe(200)
      expect(await axeViolations(page), path).toEqual([])
    }
    await expect(page.locator('.govuk-notification-banner__title').first().textContent()).resolves.toContain('Draft')
    await page.close()
  }, 120_000)

  it('refuses the importer’s own approval with the reason, and takes another approver’s', async () => {
    const [y, m, d] = nextDay(todayInLondon()).split('-')
    const approve = async (email: string) => {
      const context = await launchBrowser()
      const page = await context.context.newPage()
      await signIn(page, base, email)
      await page.goto(`${base}/releases/${releaseId}`)
      const date = page.getByRole('group', { name: 'Release date' })
      await date.getByLabel('Day').fill(String(Number(d)))
      await date.getByLabel('Month').fill(String(Number(m)))
      await date.getByLabel('Year').fill(y!)
      await page.getByLabel('Release time (London)').fill('09:30')
      await page.getByLabel('Amendment note (public)').fill('Synthetic correction for the browser test')
      await page.getByRole('button', { name: 'Approve' }).click()
      await page.waitForLoadState()
      const text = await page.locator('main').textContent()
      const violations = await axeViolations(page)
      await context.close()
      return { text: text ?? '', violations }
    }
    const own = await approve(importer.email)
    expect(own.text).toContain('You imported this release, and a second person must approve it')
    expect(own.violations).toEqual([])
    const other = await approve(approver.email)
    expect(other.text).toContain('Approved')
    expect(other.text).toContain('9:30am')
  }, 180_000)
})
