/**
 * The overview's first screen says how the partnership is doing: in Chromium at 1280 x 900 and at
 * 375 x 812, the headline sentence sits wholly within the first screen, and its counts agree with
 * the summaries read through disclosure control (publicSummaries), with the shipped real data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { launchBrowser } from '../helpers/browser.js'
import { publicSummaries } from '../../src/modules/disclosure/public-data.js'
import { headlineRow } from '../../src/modules/dashboard/breakdown.js'
import { trendDirection } from '../../src/modules/dashboard/scorecard.js'
import { overviewIndicators } from '../../src/modules/dashboard/overview.js'
import { primaryStrategy } from '../../src/modules/strategy/strategy.views.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'

describe('the overview headline in Debian chromium', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let base: string
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let expected: { withData: number; worse: number; worsening: number }

  beforeAll(async () => {
    t = await createTestApp('pglite', {}, { realData: true })
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchBrowser()
    const m = await strategyService(t.database.db, t.config.primaryStrategy).readModel()
    const s = primaryStrategy(m)
    const ids = overviewIndicators(m, s).map((i) => i.id)
    const summaries = await publicSummaries(t.database.db, t.config.disclosureThreshold, {
      indicatorIds: ids,
      areaCodes: [String(s.detail.areaCode)],
    })
    const headlines = ids
      .map((id) => headlineRow(summaries.filter((r) => r.indicatorId === id)))
      .filter((r) => r !== null)
    expected = {
      withData: headlines.length,
      worse: headlines.filter((r) => r.summary?.england.comparison === 'Worse').length,
      worsening: headlines.filter((r) => trendDirection(r.summary?.trend.label) === 'worsening').length,
    }
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it.each([
    { width: 1280, height: 900 },
    { width: 375, height: 812 },
  ])('shows the headline with its counts in the first $height px at $width px', async ({ width, height }) => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width, height })
    await page.goto(base + '/')
    const headline = page.locator('[data-qa="headline"]')
    const box = (await headline.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(height)
    const text = (await headline.innerText()).replace(/\s+/g, ' ').trim()
    const m =
      /^Of (\d+) indicators? with data, (\d+) (?:is|are) significantly worse than England, (\d+) (?:is|are) getting worse; (\d+) actions? (?:is|are) overdue; (\d+) risks? (?:and|or) issues? (?:is|are) escalated to the [^.]+\.$/.exec(
        text,
      )
    expect(m, text).not.toBeNull()
    expect({ withData: Number(m![1]), worse: Number(m![2]), worsening: Number(m![3]) }).toEqual(expected)
    expect(expected.withData).toBeGreaterThan(0)
    // Each count is a link to the list it counts.
    for (const qa of ['with-data', 'worse', 'worsening', 'overdue']) {
      expect(await page.locator(`[data-qa="headline-${qa}"]`).getAttribute('href')).toMatch(/^\/(indicators|actions)/)
    }
    await page.close()
  })
})
