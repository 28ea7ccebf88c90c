/**
 * WCAG 2.2 1.4.10 Reflow in a real browser: no page type scrolls sideways at 320, 375 or 1280 CSS px,
 * public or signed in (wide tables scroll inside their own labelled region instead), and axe finds
 * no WCAG 2.2 A or AA violation at 320 and 1280. Records are SYNTHETIC, made for the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { ORG_A, signInAs } from '../helpers/accounts.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { createRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'
import { addAgendaItem, addMembership, createMeeting } from '../../src/modules/boards/boards.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'

const widths = [320, 375, 1280]
const axeWidths = [320, 1280]

const publicPages = [
  '/',
  '/outcomes/best-start',
  '/priorities/domestic-abuse',
  '/intentions/best-start-1',
  '/indicators/year-6-obesity',
  '/indicators',
  '/area-profile',
  '/search?q=obesity',
  '/api-docs',
  '/open-data',
  '/coverage',
  '/governance',
  '/reports',
]

describe('reflow at 320 px in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let signedIn: Awaited<ReturnType<typeof launchBrowser>>
  let privatePages: string[]

  beforeAll(async () => {
    t = await createTestApp('pglite', {}, { realData: true })
    const db = t.database.db
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const admin = await signInAs(t.app, db, 'administrator')
    const acting = {
      id: admin.id,
      email: admin.email,
      displayName: 'Test administrator',
      role: 'administrator' as const,
      organisationId: null,
    }
    const action = await createAction(
      db,
      {
        title: 'A synthetic action with a long title to test how it wraps',
        organisationId: ORG_A,
        leadRole: 'Head of Early Help',
        indicatorIds: ['gld-eyfs'],
      },
      'test',
    )
    const risk = await createRisk(
      db,
      model,
      riskSchema.parse({
        kind: 'risk',
        title: 'A synthetic risk',
        cause: 'Synthetic cause',
        effect: 'Synthetic effect',
        organisationId: ORG_A,
        ownerRole: 'Head of Early Help',
        inherentLikelihood: '4',
        inherentImpact: '4',
        residualLikelihood: '3',
        residualImpact: '3',
        reviewDate: '2099-01-31',
        status: 'open',
        currentBoardId: 'partnership-subgroups',
      }),
      'test',
    )
    const meeting = await createMeeting(
      db,
      { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' },
      { meetsOn: '2026-01-15', title: 'Partnership meeting (synthetic)', location: null, status: 'held', public: true },
      acting,
    )
    // A seat and an agenda item, so the attendance form and the correction page are checked too.
    await addMembership(
      db,
      { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' },
      {
        roleTitle: 'Director of Public Health',
        organisationId: ORG_A,
        memberKind: 'chair',
        fromDate: '2022-04-01',
        toDate: null,
      },
      acting,
    )
    const item = await addAgendaItem(
      db,
      meeting,
      { title: 'Performance report', purpose: 'discussion', presenterRole: null },
      acting,
    )
    publicPages.push('/governance/meetings', `/governance/meetings/${meeting}`)
    privatePages = [
      '/risks',
      `/risks/${risk.id}`,
      '/risks/heat-map',
      '/boards',
      '/boards/best-chance-partnership',
      `/meetings/${meeting}`,
      `/meetings/${meeting}/records/agenda/${item}`,
      '/audit',
      '/admin/users',
      '/my-work',
      '/actions',
      `/actions/${action.id}`,
      '/releases',
      '/follows',
      '/reporting',
    ]
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchBrowser()
    signedIn = await launchBrowser()
    const [name, ...value] = admin.cookie.split(';')[0]!.split('=')
    await signedIn.context.addCookies([{ name: name!, value: value.join('='), url: base }])
  }, 600_000)
  afterAll(async () => {
    await browser?.close()
    await signedIn?.close()
    await t?.close()
  })

  async function check(which: Awaited<ReturnType<typeof launchBrowser>>, path: string) {
    const page = await which.context.newPage()
    const problems: string[] = []
    for (const width of widths) {
      await page.setViewportSize({ width, height: 800 })
      const response = await page.goto(base + path)
      expect(response?.status(), path).toBe(200)
      const { scroll, inner } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }))
      if (scroll > inner) problems.push(`${path} at ${width}px is ${scroll}px wide`)
      if (axeWidths.includes(width))
        for (const v of await axeViolations(page))
          problems.push(`${path} at ${width}px: ${v.id} ${v.targets.slice(0, 3).join(', ')}`)
    }
    await page.close()
    return problems
  }

  it('keeps every public page type within the screen width, with no axe violations', async () => {
    const problems: string[] = []
    for (const path of publicPages) problems.push(...(await check(browser, path)))
    expect(problems).toEqual([])
  }, 600_000)

  it('keeps every signed-in page type within the screen width, with no axe violations', async () => {
    const problems: string[] = []
    for (const path of privatePages) problems.push(...(await check(signedIn, path)))
    expect(problems).toEqual([])
  }, 600_000)

  /** Each shown chart's id and the smallest rendered size of its text, in CSS px (font size × the view box's scale). */
  async function chartText(width: number, path: string) {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width, height: 900 })
    await page.goto(base + path)
    const charts = await page.locator('svg.app-chart').evaluateAll((svgs) =>
      svgs
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .map((svg) => {
          const sizes = [...svg.querySelectorAll('text')].map((t) => {
            const scale = (t as SVGTextElement).getScreenCTM()!.a
            return parseFloat(getComputedStyle(t).fontSize) * scale
          })
          return { id: svg.querySelector('title')!.id, smallest: Math.min(...sizes), lines: sizes.length }
        }),
    )
    await page.close()
    return charts
  }

  it('draws charts on a 375 px phone in their narrow layout, text 14 px or more, and the wide one at 1280', async () => {
    const path = '/indicators/year-6-obesity'
    const phone = await chartText(375, path)
    expect(phone.length).toBeGreaterThanOrEqual(2)
    for (const chart of phone) {
      expect(chart.id, JSON.stringify(chart)).toMatch(/-narrow-title$/)
      expect(chart.smallest, JSON.stringify(chart)).toBeGreaterThanOrEqual(14)
    }
    // The page's breakdown chart is an interval-dot chart and its gap chart a line chart.
    const ids = phone.map((c) => c.id).join(' ')
    expect(ids).toMatch(/chart-breakdown-[a-z-]+-narrow-title/)
    expect(ids).toMatch(/chart-gap-[a-z-]+-narrow-title/)
    const desk = await chartText(1280, path)
    expect(desk.map((c) => c.id).sort()).toEqual(phone.map((c) => c.id.replace('-narrow', '')).sort())
    for (const chart of desk) expect(chart.smallest, JSON.stringify(chart)).toBeGreaterThanOrEqual(14)
  }, 120_000)

  it('keeps the service navigation on one line at 1280 px, with Sign in in the header', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(base + '/')
    const tops = await page
      .locator('.govuk-service-navigation__item')
      .evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)))
    expect(tops.length).toBeGreaterThan(3)
    expect(new Set(tops).size).toBe(1)
    const signIn = page.locator('header [data-qa="header-sign-in"]')
    expect(await signIn.getAttribute('href')).toBe('/sign-in')
    expect(await signIn.isVisible()).toBe(true)
    await page.close()
  })
})
