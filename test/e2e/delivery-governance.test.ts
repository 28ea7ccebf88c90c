/**
 * Delivery and governance in a real browser, as partners use them: an owner signs in, adds an
 * action (after a deliberate mistake), posts a progress update, logs a risk on a subgroup and
 * escalates it to the Best Chance 0-25 Partnership; an administrator then finds the risk, with its
 * history, on the partnership's page and every change, before and after, in the audit trail.
 * Every page on the way is checked with axe against WCAG 2.2 A and AA; then the key forms are used
 * again with JavaScript off. Screenshots go to test-results/screenshots/delivery-*.png.
 * The actions and risks are SYNTHETIC, made up for this test.
 */
import { mkdirSync } from 'node:fs'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { createUser, ORG_A, TEST_PASSWORD } from '../helpers/accounts.js'

const STEP = 120_000
const year = new Date().getFullYear()
const londonToday = () =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(new Date())

const ACTION = {
  title: 'Synthetic test action: open a family hub in each locality',
  leadRole: 'Head of Early Help',
  indicator: 'Children having a two-year check',
  update: 'Synthetic test update: the second hub’s lease is delayed, so the opening slips a term.',
}
const RISK = {
  title: 'Synthetic test risk: health visiting vacancies delay the two-year check',
  cause: 'Synthetic cause: vacancies in the health visiting service',
  effect: 'Synthetic effect: fewer children have their two-year check on time',
  ownerRole: 'Director of Public Health',
  reason: 'Synthetic reason: the subgroup cannot fill the posts without the partnership’s help',
}
const SUBGROUPS = 'Subgroups (to be determined)'
const PARTNERSHIP = 'Best Chance 0-25 Partnership'

type Browser = Awaited<ReturnType<typeof launchBrowser>>

/** Every page's axe result, by name, printed at the end for people reading the run. */
const axeResults: Record<string, string> = {}

/** axe on the page as it stands (soft, so one page's failure does not hide the rest), and a screenshot. */
async function checkPage(page: Page, name: string) {
  const violations = await axeViolations(page)
  axeResults[name] = violations.length ? JSON.stringify(violations) : '[]'
  expect
    .soft(violations, `axe found WCAG 2.2 A/AA violations on the ${name} page (${new URL(page.url()).pathname})`)
    .toEqual([])
  await page.screenshot({ path: `test-results/screenshots/delivery-${name}.png`, fullPage: true })
}

const h1 = async (page: Page) => (await page.locator('h1').first().textContent())?.replace(/\s+/g, ' ').trim()
const path = (page: Page) => new URL(page.url()).pathname
/** A fieldset (radios, checkboxes, a date input) by its legend. */
const group = (page: Page, legend: string | RegExp) =>
  page.getByRole('group', { name: legend, exact: typeof legend === 'string' })

/** Submits by clicking a button and returns the status of the POST itself (before any redirect). */
async function submit(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()])
  await page.waitForLoadState()
  return response.status()
}

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(TEST_PASSWORD)
  expect(await submit(page, page.getByRole('button', { name: 'Sign in' })), 'signing in redirects (303)').toBe(303)
}

async function fillDate(page: Page, legend: string | RegExp, day: number, month: number, yyyy: number) {
  const date = group(page, legend)
  await date.getByLabel('Day').fill(String(day))
  await date.getByLabel('Month').fill(String(month))
  await date.getByLabel('Year').fill(String(yyyy))
}

/** The audit trail page's events, each with its field-by-field before and after. */
async function auditEvents(page: Page) {
  return page.locator('[data-qa="audit-event"]').evaluateAll((sections) =>
    sections.map((s) => {
      // The change is told in words; the line below it keeps the action and who, as recorded.
      const recorded = s.querySelector('p.govuk-hint')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
      const action = /^Recorded as (\S+) by/.exec(recorded)?.[1] ?? ''
      return {
        heading: `${s.querySelector('h2')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''}: ${action}`,
        by: recorded,
        changes: Object.fromEntries(
          [...s.querySelectorAll('tbody tr')].map((tr) => {
            const [before, after] = [...tr.querySelectorAll('td')].map(
              (td) => td.textContent?.replace(/\s+/g, ' ').trim() ?? '',
            )
            return [tr.querySelector('th')?.textContent?.trim() ?? '', { before, after }]
          }),
        ) as Record<string, { before: string; after: string }>,
      }
    }),
  )
}

describe('delivery and governance in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  let owner: { email: string }
  let administrator: { email: string }

  beforeAll(async () => {
    t = await createTestApp('pglite')
    owner = await createUser(t.database.db, 'owner', ORG_A)
    administrator = await createUser(t.database.db, 'administrator', null)
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    mkdirSync('test-results/screenshots', { recursive: true })
  }, 180_000)

  afterAll(async () => {
    console.log(
      `axe results by page:\n${Object.entries(axeResults)
        .map(([name, result]) => `  ${name}: ${result}`)
        .join('\n')}`,
    )
    await t?.close()
  })

  describe('with JavaScript on', () => {
    let browser: Browser
    let page: Page
    let actionId: string
    let riskId: string
    let riskReference: string

    beforeAll(async () => {
      browser = await launchBrowser()
      page = await browser.context.newPage()
      page.setDefaultTimeout(60_000)
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
    })

    it(
      'signs the owner in and lands on My work',
      async () => {
        await page.goto(`${base}/sign-in`)
        expect(await h1(page)).toBe('Sign in')
        await checkPage(page, 'sign-in')

        await signIn(page, base, owner.email)
        expect(path(page)).toBe('/my-work')
        expect(await h1(page)).toBe('My work')
        await expect.poll(() => page.getByText('Signed in as Test owner').isVisible()).toBe(true)
        await checkPage(page, 'my-work')
      },
      STEP,
    )

    it(
      'refuses an empty action with a linked error summary, then adds the action',
      async () => {
        await page.goto(`${base}/actions/new`)
        expect(await h1(page)).toBe('Add an action')
        await checkPage(page, 'action-form')

        // A deliberate mistake first: nothing filled in.
        expect(
          await submit(page, page.getByRole('button', { name: 'Add action' })),
          'an empty action is refused with 400',
        ).toBe(400)
        expect(await page.title()).toMatch(/^Error: Add an action/)
        const summary = page.locator('.govuk-error-summary')
        await expect.poll(() => summary.isVisible()).toBe(true)
        const titleError = summary.getByRole('link', { name: 'Enter a title for the action' })
        expect(await titleError.getAttribute('href')).toBe('#title')
        expect(await summary.getByRole('link', { name: /Enter the lead role/ }).getAttribute('href')).toBe('#leadRole')
        // GOV.UK Frontend focuses the summary on load, and a summary link moves focus to its field.
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')))
          .toBe(true)
        await titleError.click()
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('title')
        await checkPage(page, 'action-form-error')

        await page.getByLabel('Title', { exact: true }).fill(ACTION.title)
        await page.getByLabel('Lead role').fill(ACTION.leadRole)
        await page.getByLabel('Shared intention it serves (optional)').selectOption('best-start-5')
        await fillDate(page, 'Start date (optional)', 1, 4, 2025)
        await fillDate(page, 'Due date (optional)', 31, 3, year + 1)
        await group(page, 'Status').getByLabel('On track', { exact: true }).check()
        await group(page, /Intervention level/)
          .getByLabel('Service', { exact: true })
          .check()
        await page.getByLabel(ACTION.indicator).check()
        expect(
          await submit(page, page.getByRole('button', { name: 'Add action' })),
          'a complete action redirects (303)',
        ).toBe(303)

        const match = /^\/actions\/(\d+)$/.exec(path(page))
        expect(match, `redirected to the new action's page, not ${page.url()}`).not.toBeNull()
        actionId = match![1]!
        expect(await h1(page)).toBe(ACTION.title)
        const main = page.locator('main')
        await expect.poll(() => main.locator('.govuk-notification-banner').textContent()).toMatch(/Action added/)
        expect(await main.locator('.govuk-tag').first().textContent()).toMatch(/On track/)
        const details = await main.locator('.govuk-summary-list').first().innerText()
        expect(details).toContain(ACTION.leadRole)
        expect(details).toContain('1 April 2025')
        expect(details).toContain(`31 March ${year + 1}`)
        expect(details).toMatch(/Best Start intention 5/)
        expect(details).toContain('Service')
        expect(await main.getByRole('link', { name: ACTION.indicator }).count()).toBe(1)
        await checkPage(page, 'action')
      },
      STEP,
    )

    it(
      'posts a progress update that moves the action to At risk',
      async () => {
        await page.getByRole('button', { name: 'Add a progress update' }).click()
        await page.waitForLoadState()
        expect(path(page)).toBe(`/actions/${actionId}/updates/new`)
        expect(await h1(page)).toBe('Add a progress update')
        await checkPage(page, 'progress-update-form')

        await group(page, 'Status of the action now').getByLabel('At risk', { exact: true }).check()
        await page.getByLabel('Commentary').fill(ACTION.update)
        expect(await submit(page, page.getByRole('button', { name: 'Add update' })), 'the update redirects (303)').toBe(
          303,
        )

        expect(path(page)).toBe(`/actions/${actionId}`)
        const main = page.locator('main')
        expect(await main.locator('.govuk-notification-banner').textContent()).toMatch(/Progress update added/)
        expect(await main.locator('p .govuk-tag').first().textContent()).toMatch(/At risk/)
        const history = main.locator('#updates + ol > li')
        expect(await history.count()).toBe(1)
        const entry = (await history.first().innerText()).replace(/\s+/g, ' ')
        expect(entry).toContain(londonToday())
        expect(entry).toContain('At risk')
        expect(entry).toContain(ACTION.update)
        expect(entry).toMatch(/By Test owner/)
        await checkPage(page, 'action-updated')
      },
      STEP,
    )

    it(
      'logs a risk on the partnership subgroups and escalates it to the partnership, with who, when and why',
      async () => {
        await page.goto(`${base}/risks/new`)
        expect(await h1(page)).toBe('Log a risk or issue')
        await checkPage(page, 'risk-form')

        await group(page, 'Is this a risk or an issue?').getByLabel('A risk', { exact: true }).check()
        await page.getByLabel('Title', { exact: true }).fill(RISK.title)
        await page.getByLabel('Cause').fill(RISK.cause)
        await page.getByLabel('Effect').fill(RISK.effect)
        await page.getByLabel(/Owner.s role/).fill(RISK.ownerRole)
        await group(page, 'Inherent likelihood (risks only)').getByLabel('4 – Likely').check()
        await group(page, 'Inherent impact (risks only)').getByLabel('4 – Major').check()
        await group(page, 'Residual likelihood (risks only)').getByLabel('3 – Possible').check()
        await group(page, /^Residual impact/)
          .getByLabel('3 – Moderate')
          .check()
        await fillDate(page, 'Next review date', 30, 6, year + 1)
        await group(page, 'Status').getByLabel('Open', { exact: true }).check()
        await page.getByLabel('Board where it sits (optional)').selectOption({ label: SUBGROUPS })
        expect(
          await submit(page, page.getByRole('button', { name: 'Log risk' })),
          'logging the risk redirects (303)',
        ).toBe(303)

        const match = /^\/risks\/(\d+)$/.exec(path(page))
        expect(match, `redirected to the new risk's page, not ${page.url()}`).not.toBeNull()
        riskId = match![1]!
        expect(await h1(page)).toBe(RISK.title)
        riskReference = (await page.locator('.govuk-caption-l').first().textContent())!.split('·')[0]!.trim()
        expect(riskReference).toMatch(/^RSK-\d{4}$/)
        const logged = await page.locator('main .govuk-summary-list').first().innerText()
        expect(logged).toContain(SUBGROUPS)
        expect(logged).toMatch(/16\s*–\s*Very high/)
        expect(logged).toMatch(/9\s*–\s*Medium/)
        expect(await page.locator('#escalations + *').textContent()).toMatch(/Not escalated/)
        await checkPage(page, 'risk')

        await page.getByRole('button', { name: 'Escalate', exact: true }).click()
        await page.waitForLoadState()
        expect(path(page)).toBe(`/risks/${riskId}/escalate`)
        expect(await h1(page)).toBe(`Escalate ${riskReference}`)
        await checkPage(page, 'risk-escalate-form')

        await group(page, 'Where to escalate it').getByLabel(PARTNERSHIP, { exact: true }).check()
        await page.getByLabel('Why is it being escalated?').fill(RISK.reason)
        expect(
          await submit(page, page.getByRole('button', { name: 'Escalate', exact: true })),
          'escalating redirects (303)',
        ).toBe(303)

        expect(path(page)).toBe(`/risks/${riskId}`)
        expect(await page.locator('main .govuk-summary-list').first().innerText()).toContain(PARTNERSHIP)
        const rows = page.getByRole('table', { name: 'Each escalation, oldest first' }).locator('tbody tr')
        expect(await rows.count()).toBe(1)
        const cells = (await rows.first().locator('td').allInnerTexts()).map((c) => c.trim())
        expect(cells[0]).toContain(londonToday())
        expect(cells.slice(1)).toEqual([SUBGROUPS, PARTNERSHIP, 'Test owner', RISK.reason])
        await checkPage(page, 'risk-escalated')
      },
      STEP,
    )

    it(
      'shows the administrator the escalated risk, with its history, on the partnership’s page',
      async () => {
        expect(await submit(page, page.getByRole('button', { name: 'Sign out' })), 'signing out redirects (303)').toBe(
          303,
        )
        expect(path(page)).toBe('/signed-out')
        await checkPage(page, 'signed-out')

        await signIn(page, base, administrator.email)
        expect(path(page)).toBe('/my-work')
        await page.goto(`${base}/boards/best-chance-partnership`)
        expect(await h1(page)).toBe(PARTNERSHIP)
        const link = page.getByRole('link', { name: `${riskReference}: ${RISK.title}` })
        expect(await link.count(), 'the escalated risk is listed on the receiving board').toBe(1)
        expect(await link.getAttribute('href')).toBe(`/risks/${riskId}`)
        const history = page.getByRole('table', { name: `Escalation history of ${riskReference}` })
        const rows = history.locator('tbody tr')
        expect(await rows.count()).toBe(1)
        const cells = (await rows.first().locator('td').allInnerTexts()).map((c) => c.trim())
        expect(cells[0]).toContain(londonToday())
        expect(cells.slice(1)).toEqual([SUBGROUPS, PARTNERSHIP, 'Test owner', RISK.reason])
        await checkPage(page, 'board-partnership')
      },
      STEP,
    )

    it(
      'shows the administrator every change to the action and the risk, before and after, in the audit trail',
      async () => {
        await page.goto(`${base}/audit/action/${actionId}`)
        expect(await h1(page)).toBe(`Action ${actionId}`)
        const actionEvents = await auditEvents(page)
        expect(actionEvents.map((e) => e.heading.replace(/^.*: /, ''))).toEqual(['create', 'progress-update.add'])
        const [created, updated] = actionEvents
        for (const e of actionEvents) expect(e.by).toContain(owner.email)
        expect(created!.changes.title).toEqual({ before: 'No value', after: ACTION.title })
        expect(created!.changes.status).toEqual({ before: 'No value', after: 'on_track' })
        expect(created!.changes.leadRole).toEqual({ before: 'No value', after: ACTION.leadRole })
        expect(created!.changes.startDate).toEqual({ before: 'No value', after: '2025-04-01' })
        expect(created!.changes.dueDate).toEqual({ before: 'No value', after: `${year + 1}-03-31` })
        expect(created!.changes.interventionLevel).toEqual({ before: 'No value', after: 'service' })
        expect(created!.changes.indicatorIds).toEqual({ before: 'No value', after: '["two-year-check"]' })
        expect(updated!.changes.status).toEqual({ before: 'on_track', after: 'at_risk' })
        expect(updated!.changes.progressUpdate!.before).toBe('No value')
        expect(updated!.changes.progressUpdate!.after).toContain(ACTION.update)
        expect(updated!.changes.title, 'an update changes only what it changed').toBeUndefined()
        await checkPage(page, 'audit-action')

        await page.goto(`${base}/audit/risk/${riskId}`)
        expect(await h1(page)).toBe(`Risk or issue ${riskId}`) // the trail names kinds of record in words (#14)
        const riskEvents = await auditEvents(page)
        expect(riskEvents.map((e) => e.heading.replace(/^.*: /, ''))).toEqual(['create', 'escalate'])
        const [logged, escalated] = riskEvents
        for (const e of riskEvents) expect(e.by).toContain(owner.email)
        expect(logged!.changes.title).toEqual({ before: 'No value', after: RISK.title })
        expect(logged!.changes.current_board_id).toEqual({ before: 'No value', after: 'partnership-subgroups' })
        expect(logged!.changes.status).toEqual({ before: 'No value', after: 'open' })
        expect(escalated!.changes.current_board_id).toEqual({
          before: 'partnership-subgroups',
          after: 'best-chance-partnership',
        })
        expect(escalated!.changes.escalation!.before).toBe('No value')
        expect(escalated!.changes.escalation!.after).toContain(RISK.reason)
        expect(escalated!.changes.title, 'an escalation changes only where the risk sits').toBeUndefined()
        await checkPage(page, 'audit-risk')
      },
      STEP,
    )
  })

  // axe runs script in the page, which this mode forbids: the pages are the same server-rendered
  // HTML checked above, so here we check the forms post and redirect without any script.
  describe('with JavaScript off', () => {
    let browser: Browser
    let page: Page
    beforeAll(async () => {
      browser = await launchBrowser({ javaScriptEnabled: false })
      page = await browser.context.newPage()
      page.setDefaultTimeout(60_000)
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
    })

    it(
      'signs in and adds an action, error and all, without JavaScript',
      async () => {
        await signIn(page, base, owner.email)
        expect(path(page)).toBe('/my-work')
        expect(await page.locator('body').getAttribute('class')).not.toContain('js-enabled')

        await page.goto(`${base}/actions/new`)
        await page.getByLabel('Lead role').fill(ACTION.leadRole)
        expect(
          await submit(page, page.getByRole('button', { name: 'Add action' })),
          'a missing title is refused with 400',
        ).toBe(400)
        const link = page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter a title for the action' })
        expect(await link.getAttribute('href')).toBe('#title')
        expect(await page.getByLabel('Lead role').inputValue(), 'what was typed is kept').toBe(ACTION.leadRole)
        await link.click()
        expect(new URL(page.url()).hash).toBe('#title')

        await page.getByLabel('Title', { exact: true }).fill(`${ACTION.title} (no script)`)
        await fillDate(page, 'Due date (optional)', 31, 3, year + 1)
        await group(page, 'Status').getByLabel('Not started', { exact: true }).check()
        expect(
          await submit(page, page.getByRole('button', { name: 'Add action' })),
          'the action is added and redirects (303)',
        ).toBe(303)
        expect(path(page)).toMatch(/^\/actions\/\d+$/)
        expect(await h1(page)).toBe(`${ACTION.title} (no script)`)
        expect(await page.locator('main .govuk-notification-banner').textContent()).toMatch(/Action added/)
        expect(await page.locator('main p .govuk-tag').first().textContent()).toMatch(/Not started/)
        await page.screenshot({ path: 'test-results/screenshots/delivery-action-no-js.png', fullPage: true })
      },
      STEP,
    )
  })
})
