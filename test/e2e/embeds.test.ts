/**
 * Embeds and follows in a real browser: the embeddable chart and table pass axe (WCAG 2.2 A and
 * AA) at 320 and 1280 px wide, reflow at 320 px with no sideways scrolling of the page, and load
 * inside another site's iframe, where the indicator page itself is refused; a partner follows an
 * indicator by e-mail with the page's own button and stops following, on pages that pass axe.
 * SYNTHETIC figures, so the charts are drawn.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { createUser, TEST_PASSWORD } from '../helpers/accounts.js'

const INDICATOR = 'gld-eyfs'
const years = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
const synthetic = [
  'indicator_id,area_code,period,sex,value,count,denominator,source',
  ...years.flatMap((y, i) => [
    `${INDICATOR},E09000002,${y},,${(60 + i).toFixed(1)},${1800 + 30 * i},3000,Synthetic browser-test data`,
    `${INDICATOR},E92000001,${y},,${(63.5 + 0.5 * i).toFixed(1)},${381000 + 3000 * i},600000,Synthetic browser-test data`,
  ]),
  `${INDICATOR},E09000002,2022/23,Male,60.0,900,1500,Synthetic browser-test data`,
  `${INDICATOR},E09000002,2022/23,Female,70.0,1050,1500,Synthetic browser-test data`,
].join('\n')

describe('embeds in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  let other: Server
  let otherBase: string
  let browser: Awaited<ReturnType<typeof launchBrowser>>

  beforeAll(async () => {
    t = await createTestApp('pglite')
    const report = await importData(t.database.db, [synthetic], {
      sourceName: 'embed-browser-test.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.stored).toBe(true)
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    // Another site (another origin: another port) that frames the embed and the full page.
    other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!DOCTYPE html><html lang="en"><head><title>A partner's page</title></head><body>
        <iframe id="embed" src="${base}/embed/indicators/${INDICATOR}" title="Embedded chart" width="800" height="700"></iframe>
        <iframe id="page" src="${base}/indicators/${INDICATOR}" title="Full page" width="800" height="700"></iframe>
      </body></html>`)
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    otherBase = `http://localhost:${(other.address() as AddressInfo).port}`
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => other?.close(resolve))
    await t?.close()
  })

  for (const [name, path] of [
    ['history', `/embed/indicators/${INDICATOR}`],
    ['breakdown', `/embed/indicators/${INDICATOR}?chart=breakdown-sex`],
  ] as const) {
    it.each([320, 1280])(
      `the ${name} embed at %i px has no WCAG 2.2 A or AA violations and no sideways scroll`,
      async (width) => {
        const page = await browser.context.newPage()
        await page.setViewportSize({ width, height: 900 })
        const response = await page.goto(base + path)
        expect(response?.status()).toBe(200)
        expect(await page.locator('svg[role="img"]:visible').count()).toBe(1)
        expect(await page.locator('table.govuk-table').count()).toBeGreaterThan(0)
        expect(await axeViolations(page)).toEqual([])
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
        await page.close()
      },
    )
  }

  it("loads inside another site's iframe, while the indicator page refuses to be framed", async () => {
    const page = await browser.context.newPage()
    await page.goto(otherBase)
    const embed = page.frameLocator('#embed')
    await expect
      .poll(
        async () =>
          (await embed
            .locator('[data-qa="embed"] h1')
            .textContent({ timeout: 5000 })
            .catch(() => null)) ?? '',
      )
      .toMatch(/good level of development/i)
    expect(await embed.locator('svg[role="img"]:visible').count()).toBe(1)
    // The browser refuses the full page (frame-ancestors 'none'): its frame holds Chromium's error page.
    const urls = page.frames().map((f) => f.url())
    expect(urls).toContain(`${base}/embed/indicators/${INDICATOR}`)
    expect(urls).not.toContain(`${base}/indicators/${INDICATOR}`)
    expect(urls).toContain('chrome-error://chromewebdata/')
    await page.close()
  })

  it('a partner follows the indicator by e-mail with its button, sees it listed, and stops following', async () => {
    const user = await createUser(t.database.db, 'owner', 'lbbd')
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 320, height: 900 })
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('Email address').fill(user.email)
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForLoadState()
    await page.goto(`${base}/indicators/${INDICATOR}`)
    await page.getByRole('button', { name: /Follow by e-mail/ }).click()
    await page.waitForURL(/\/follows\?done=followed$/)
    expect(await page.locator('[data-qa="follows"]').textContent()).toMatch(/good level of development/i)
    expect(await page.locator('[data-qa="email-not-set-up"]').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
    await page.getByRole('button', { name: /Stop following/ }).click()
    await page.waitForURL(/\/follows\?done=unfollowed$/)
    expect(await page.locator('[data-qa="no-follows"]').count()).toBe(1)
    await page.context().clearCookies()
    await page.close()
  })
})
