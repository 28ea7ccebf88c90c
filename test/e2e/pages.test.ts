/**
 * The real product in a real browser: the pages a resident reaches first, checked with axe against
 * WCAG 2.2 A and AA, with JavaScript on and off. Screenshots go to test-results/ for people to look at.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'

const pages = [
  { name: 'home', path: '/', heading: 'Best Chance' },
  { name: 'outcome', path: '/outcomes/best-start', heading: 'Best Start' },
  { name: 'indicator', path: '/indicators/year-6-obesity', heading: 'Year 6' },
  { name: 'governance', path: '/governance', heading: 'How the partnership is governed' },
  { name: 'jlhws', path: '/strategies/jlhws-2023-28', heading: 'Joint Local Health and Wellbeing Strategy' },
]

describe('pages in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  beforeAll(async () => {
    t = await createTestApp('pglite')
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    mkdirSync('test-results/screenshots', { recursive: true })
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('with JavaScript on', () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>
    beforeAll(async () => {
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
    })

    it.each(pages)('renders the $name page with no WCAG 2.2 A or AA violations', async ({ name, path, heading }) => {
      const page = await browser.context.newPage()
      const response = await page.goto(base + path)
      expect(response?.status()).toBe(200)
      expect(await page.locator('h1').first().textContent()).toContain(heading)
      expect(await axeViolations(page)).toEqual([])
      await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
      await page.close()
    })
  })

  // axe works by running script in the page, which this mode forbids; the HTML is the same
  // server-rendered page, so here we check it renders and works without any script.
  describe('with JavaScript off', () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>
    beforeAll(async () => {
      browser = await launchBrowser({ javaScriptEnabled: false })
    })
    afterAll(async () => {
      await browser?.close()
    })

    it.each(pages)('renders the $name page and its links work', async ({ name, path, heading }) => {
      const page = await browser.context.newPage()
      const response = await page.goto(base + path)
      expect(response?.status()).toBe(200)
      expect(await page.locator('h1').first().textContent()).toContain(heading)
      expect(await page.locator('body').getAttribute('class')).not.toContain('js-enabled')
      const firstContentLink = page.locator('main a.govuk-link').first()
      const href = await firstContentLink.getAttribute('href')
      await firstContentLink.click()
      await page.waitForLoadState()
      expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe(href)
      await page.goto(base + path)
      await page.screenshot({ path: `test-results/screenshots/${name}-no-js.png`, fullPage: true })
      await page.close()
    })
  })
})
