/**
 * The real product in a real browser: every public page type, checked with axe against WCAG 2.2 A
 * and AA with JavaScript on, rendered and navigable with JavaScript off, and the indicator page
 * completed by keyboard alone. Screenshots go to test-results/ for people to look at.
 * The indicator page carries SYNTHETIC figures (labelled as such) so that its charts are drawn.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'

const INDICATOR = 'gld-eyfs'
const years = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
const synthetic = [
  'indicator_id,area_code,period,sex,value,count,denominator,source',
  ...years.flatMap((y, i) => [
    `${INDICATOR},E09000002,${y},,${(60 + i).toFixed(1)},${1800 + 30 * i},3000,Synthetic browser-test data`,
    `${INDICATOR},E12000007,${y},,${(62 + 0.5 * i).toFixed(1)},${62000 + 500 * i},100000,Synthetic browser-test data`,
    `${INDICATOR},E92000001,${y},,${(63.5 + 0.5 * i).toFixed(1)},${381000 + 3000 * i},600000,Synthetic browser-test data`,
  ]),
  ...['E09000003', 'E09000004', 'E09000005', 'E09000006'].map(
    (a, i) =>
      `${INDICATOR},${a},2022/23,,${(55 + 4 * i).toFixed(1)},${1650 + 120 * i},3000,Synthetic browser-test data`,
  ),
  `${INDICATOR},E09000002,2022/23,Male,60.0,900,1500,Synthetic browser-test data`,
  `${INDICATOR},E09000002,2022/23,Female,70.0,1050,1500,Synthetic browser-test data`,
].join('\n')

const pages = [
  { name: 'overview', path: '/' },
  { name: 'outcome', path: '/outcomes/best-start' },
  { name: 'intention', path: '/intentions/best-start-1' },
  { name: 'priority', path: '/priorities/domestic-abuse' },
  { name: 'indicators', path: '/indicators' },
  { name: 'indicator', path: `/indicators/${INDICATOR}` },
  { name: 'childrens-voice', path: '/childrens-outcomes' },
  { name: 'childrens-outcome', path: '/childrens-outcomes/my-future' },
  { name: 'jlhws', path: '/strategies/jlhws-2023-28' },
  { name: 'search', path: '/search?q=obesity' },
  { name: 'search-empty', path: '/search?q=zzzzzz' },
  { name: 'governance', path: '/governance' },
  { name: 'open-data', path: '/open-data' },
  { name: 'api-docs', path: '/api-docs' },
  { name: 'actions', path: '/actions', noContentLink: true },
  { name: 'sign-in', path: '/sign-in', noContentLink: true },
  { name: 'not-found', path: '/no-such-page', status: 404 },
]

describe('public pages in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  beforeAll(async () => {
    t = await createTestApp('pglite')
    expect(
      await importData(t.database.db, [synthetic], {
        sourceName: 'browser-test.csv',
        format: 'template',
        actor: 'test',
      }),
    ).toMatchObject({ stored: true })
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    mkdirSync('test-results/screenshots', { recursive: true })
  }, 180_000)
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

    it.each(pages)('renders the $name page with no WCAG 2.2 A or AA violations', async ({ name, path, status }) => {
      const page = await browser.context.newPage()
      const response = await page.goto(base + path)
      expect(response?.status()).toBe(status ?? 200)
      expect((await page.locator('h1').first().textContent())?.trim()).toBeTruthy()
      expect(await axeViolations(page)).toEqual([])
      await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
      await page.close()
    })

    it('completes the indicator page by keyboard alone', async () => {
      const page = await browser.context.newPage()
      await page.goto(base + `/indicators/${INDICATOR}`)
      // The first Tab reaches the skip link; Enter takes focus into the main content.
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content')
      await page.keyboard.press('Enter')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content')

      // Tabbing on reaches every link and button in the main content, in order, each visibly focused
      // (what is inside a closed details component, such as "Embed this chart", only once it is opened).
      const focusable = await page.evaluate(
        () =>
          [
            ...document.querySelectorAll<HTMLElement>(
              'main a[href], main button, main input, main select, main textarea, main summary, main [tabindex]',
            ),
          ].filter(
            (el) =>
              el.tabIndex >= 0 &&
              el.getClientRects().length > 0 &&
              !(el.closest('details:not([open])') && el.tagName !== 'SUMMARY'),
          ).length,
      )
      const reached = new Set<string>()
      for (let i = 0; i < focusable + 5; i++) {
        await page.keyboard.press('Tab')
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null
          if (!el || !el.closest('main')) return null
          const style = getComputedStyle(el)
          const visible =
            style.outlineStyle !== 'none' || style.backgroundColor === 'rgb(255, 221, 0)' || style.boxShadow !== 'none'
          return {
            key: `${el.tagName}|${el.getAttribute('href') ?? ''}|${el.textContent?.trim()}|${[...document.querySelectorAll('main *')].indexOf(el)}`,
            visible,
          }
        })
        if (!focused) break
        expect(focused.visible).toBe(true)
        reached.add(focused.key)
      }
      expect(reached.size).toBe(focusable)

      // A contents link moves to its section; a chart's CSV download works from the keyboard.
      const contents = page.locator('main nav a, main .app-contents a, main ol a').first()
      const target = await contents.getAttribute('href')
      const hash = new URL(target!, base).hash
      expect(hash).toMatch(/^#./)
      await contents.focus()
      await page.keyboard.press('Enter')
      expect(new URL(page.url()).hash).toBe(hash)

      const csv = page.locator('main a[href$=".csv"]').first()
      await csv.focus()
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
      expect(download.suggestedFilename()).toMatch(/\.csv$/)
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

    it.each(pages)('renders the $name page and its first link works', async ({ name, path, status, noContentLink }) => {
      const page = await browser.context.newPage()
      const response = await page.goto(base + path)
      expect(response?.status()).toBe(status ?? 200)
      expect((await page.locator('h1').first().textContent())?.trim()).toBeTruthy()
      expect(await page.locator('body').getAttribute('class')).not.toContain('js-enabled')
      const contentLinks = page.locator('main a.govuk-link[href^="/"]:not([href$=".csv"]):not([href$=".json"])')
      // The sign-in page and an empty action list have no link in their content: said here, not skipped.
      if (noContentLink) expect(await contentLinks.count()).toBe(0)
      else expect(await contentLinks.count()).toBeGreaterThan(0)
      if (!noContentLink) {
        const href = await contentLinks.first().getAttribute('href')
        await contentLinks.first().click()
        await page.waitForLoadState()
        expect(new URL(page.url()).pathname + new URL(page.url()).search + new URL(page.url()).hash).toBe(href)
        await page.goto(base + path)
      }
      await page.screenshot({ path: `test-results/screenshots/${name}-no-js.png`, fullPage: true })
      await page.close()
    })

    it('searches without JavaScript: the form submits and shows results', async () => {
      const page = await browser.context.newPage()
      await page.goto(base + '/search')
      await page
        .getByLabel(/search/i)
        .first()
        .fill('breastfeeding')
      await page.locator('main form button, main form input[type="submit"]').first().click()
      await page.waitForLoadState()
      expect(new URL(page.url()).searchParams.get('q')).toBe('breastfeeding')
      expect(await page.locator('main').textContent()).toMatch(/breastfeeding/i)
      await page.close()
    })
  })
})
