/**
 * The Atom feeds: after an import, the indicator's, its outcome's and the dashboard's feeds parse
 * as XML with an entry for the new figures (period, value as shown publicly, date), stable ids and
 * self/alternate links; the dashboard's feed lists published board reports too; the pages name
 * their feed; and a small number stays suppressed in every feed. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { publishPack } from '../helpers/pack-fixtures.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { SUPPRESSED_TEXT } from '../../src/modules/disclosure/public-data.js'
import { allText, parseXml, type XmlElement } from '../../src/modules/charts/xml.testing.js'

const INDICATOR = 'gld-eyfs'
/** SYNTHETIC figures: a series for the borough, and a Male figure of 3 in 40 that must never show. */
const SYNTHETIC = [
  'indicator_id,area_code,period,sex,value,count,denominator,source',
  `${INDICATOR},E09000002,2021/22,,61.0,1830,3000,Synthetic feed-test data`,
  `${INDICATOR},E09000002,2022/23,,63.4,1902,3000,Synthetic feed-test data`,
  `${INDICATOR},E09000002,2022/23,Male,7.5,3,40,Synthetic feed-test data`,
  `${INDICATOR},E09000002,2022/23,Female,68.1,1019,1496,Synthetic feed-test data`,
].join('\n')

interface ParsedFeed {
  root: XmlElement
  entries: { id: string; title: string; updated: string; summary: string; href: string }[]
  links: Record<string, string>
}

function parseFeed(xml: string): ParsedFeed {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true)
  const doc = parseXml(xml.slice(xml.indexOf('\n') + 1))
  const root = doc
  expect(root.name).toBe('feed')
  expect(root.attrs.xmlns).toBe('http://www.w3.org/2005/Atom')
  const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name)
  for (const required of ['id', 'title', 'updated']) expect(child(root, required), required).toBeDefined()
  const links = Object.fromEntries(
    root.children.filter((c) => c.name === 'link').map((l) => [l.attrs.rel!, l.attrs.href!]),
  )
  const entries = root.children
    .filter((c) => c.name === 'entry')
    .map((e) => ({
      id: allText(child(e, 'id')!),
      title: allText(child(e, 'title')!),
      updated: allText(child(e, 'updated')!),
      summary: allText(child(e, 'summary')!),
      href: child(e, 'link')!.attrs.href!,
    }))
  return { root, entries, links }
}

describe.each(engines)('Atom feeds (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const get = (url: string) => t.app.inject({ method: 'GET', url })
  const feed = async (url: string) => {
    const res = await get(url)
    expect(res.statusCode, url).toBe(200)
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    return parseFeed(res.body)
  }
  let before: ParsedFeed
  let importedAt: Date

  beforeAll(async () => {
    t = await createTestApp(engine)
    before = await feed(`/indicators/${INDICATOR}/feed.xml`)
    const started = Date.now()
    const report = await importData(t.database.db, [SYNTHETIC], {
      sourceName: 'feed-test.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.stored).toBe(true)
    importedAt = new Date(started)
  }, 120_000)
  afterAll(async () => t?.close())

  const newEntry = (f: ParsedFeed) =>
    f.entries.find(
      (e) => e.title.includes('Children achieving a good level of development') && e.summary.includes('63.4'),
    )

  it("an indicator's feed gains one entry for the import: its periods, the values as shown, the date", async () => {
    const after = await feed(`/indicators/${INDICATOR}/feed.xml`)
    expect(after.entries.length).toBe(before.entries.length + 1)
    const entry = newEntry(after)!
    expect(entry).toBeDefined()
    expect(entry.title).toContain('Barking and Dagenham')
    expect(entry.title).toContain('2021/22, 2022/23')
    expect(entry.summary).toContain('2021/22: 61.0%')
    expect(entry.summary).toContain('2022/23: 63.4%')
    expect(new Date(entry.updated).getTime()).toBeGreaterThanOrEqual(importedAt.getTime() - 1000)
    expect(entry.href).toBe(after.links.alternate)
    expect(after.links.self).toMatch(new RegExp(`/indicators/${INDICATOR}/feed\\.xml$`))
    expect(after.links.alternate).toMatch(new RegExp(`/indicators/${INDICATOR}$`))
    // The feed's updated is its newest entry's.
    expect(allText(after.root.children.find((c) => c.name === 'updated')!)).toBe(entry.updated)
    // Entry ids are stable: the same on a second read.
    expect((await feed(`/indicators/${INDICATOR}/feed.xml`)).entries.map((e) => e.id)).toEqual(
      after.entries.map((e) => e.id),
    )
    expect(new Set(after.entries.map((e) => e.id)).size).toBe(after.entries.length)
  })

  it('never shows the small number: the Male figure is suppressed in every feed', async () => {
    for (const url of [`/indicators/${INDICATOR}/feed.xml`, '/outcomes/best-start/feed.xml', '/feed.xml']) {
      const body = (await get(url)).body
      expect(body, url).not.toMatch(/(?<![\d.])7\.5(?!\d)/)
      expect(body, url).not.toMatch(/3 (of|in) 40/)
      const entry = newEntry(parseFeed(body))!
      expect(entry.summary, url).toContain(`2022/23 (Male): ${SUPPRESSED_TEXT}`)
    }
  })

  it("the outcome's feed and the dashboard's feed carry the same entry, and the dashboard's lists published reports", async () => {
    const indicator = newEntry(await feed(`/indicators/${INDICATOR}/feed.xml`))!
    expect(newEntry(await feed('/outcomes/best-start/feed.xml'))).toEqual(indicator)
    const { packId } = await publishPack(
      t.database.db,
      await strategyService(t.database.db, t.config.primaryStrategy).readModel(),
      t.config.disclosureThreshold,
    )
    const dashboard = await feed('/feed.xml')
    expect(dashboard.entries).toContainEqual(indicator)
    const report = dashboard.entries.find((e) => e.href.endsWith(`/reports/${packId}`))
    expect(report?.title).toMatch(/^Board report: /)
    expect(dashboard.links.self).toMatch(/\/feed\.xml$/)
  })

  it('each page names its feed (link rel=alternate) and has a Follow section with the feed link', async () => {
    for (const [page, href] of [
      [`/indicators/${INDICATOR}`, `/indicators/${INDICATOR}/feed.xml`],
      ['/outcomes/best-start', '/outcomes/best-start/feed.xml'],
      ['/', '/feed.xml'],
    ] as const) {
      const html = (await get(page)).body
      expect(html, page).toContain(`<link rel="alternate" type="application/atom+xml" href="${href}"`)
      expect(html, page).toMatch(new RegExp(`data-qa="follow"[\\s\\S]*href="${href.replace(/\./g, '\\.')}"`))
      // The public is offered the feed, not the e-mail form.
      expect(html, page).not.toContain('data-qa="follow-by-email"')
    }
  })

  it('an unknown indicator or outcome has no feed', async () => {
    expect((await get('/indicators/no-such-indicator/feed.xml')).statusCode).toBe(404)
    expect((await get('/outcomes/no-such-outcome/feed.xml')).statusCode).toBe(404)
  })
})
