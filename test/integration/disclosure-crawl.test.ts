/**
 * Every public page and download, crawled as the public with the planted SYNTHETIC data
 * (disclosure-planted.ts): 15 small numbers over four indicators and two versions, the first as it
 * stood on 15 March 2024 (the API's as_of) and the revision now. No response may show any of them,
 * directly or as a value, interval or "n of d" (case 1, Barking and Dagenham 2022/23 Male 3 of 40 =
 * 7.5%, 2.61 to 20.39, is also checked with its Female and Persons neighbours and their gaps); and
 * all the figures the crawl read, taken together, must not let any be worked out by adding and
 * subtracting within the planted data's groups, in either version or across both
 * (disclosure-reader.ts). A control run at a threshold of 1 finds every one. Every public GET route
 * must be reached by the crawl or be skipped here with a reason: the Atom feeds and the embeds
 * (HTML and SVG) are among them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeInterval } from '../../src/modules/indicators/intervals.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { crawl, routePattern, skipPath, type Crawl, type CrawlSeeds, type Fetched } from '../helpers/public-crawl.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { publishPack } from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import {
  BD,
  FEMALE,
  PERSONS,
  PLANTED_CASES,
  PLANTED_INDICATOR,
  PLANTED_INDICATORS,
  SMALL,
  plantedKey,
} from './disclosure-planted.js'
import {
  AS_OF_FIRST_VERSION,
  plantBothVersions,
  plantedDisclosed,
  versionOf,
  type Published,
} from './disclosure-reader.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { setTier } from '../helpers/tiers.js'
import { signInAs } from '../helpers/accounts.js'

/**
 * A partners-tier breakdown with small counts (visibility tiers, issue #16), its data-sharing basis
 * letting partners see them whole: SYNTHETIC, on an indicator the crawl reaches by its page and the
 * downloads. No public response may name the breakdown or show its counts.
 */
const RESTRICTED = { indicator: 'year-6-obesity', categoryType: 'Synthetic restricted ward', count: 2, denominator: 17 }
const RESTRICTED_CSV = [
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,source',
  `${RESTRICTED.indicator},${BD},2022/23,,,,,30.0,900,3000,Synthetic tiers crawl data`,
  `${RESTRICTED.indicator},${BD},2022/23,,,${RESTRICTED.categoryType},Ward A,11.8,${RESTRICTED.count},${RESTRICTED.denominator},Synthetic tiers crawl data`,
  `${RESTRICTED.indicator},${BD},2022/23,,,${RESTRICTED.categoryType},Ward B,30.1,898,2983,Synthetic tiers crawl data`,
].join('\n')

async function plantRestricted(t: Awaited<ReturnType<typeof createTestApp>>) {
  const report = await importData(t.database.db, [RESTRICTED_CSV], {
    sourceName: 'tiers-crawl.csv',
    format: 'template',
    actor: 'test',
  })
  expect(report.stored).toBe(true)
  await setTier(t.database.db, RESTRICTED.indicator, {
    breakdown_visibility: { [RESTRICTED.categoryType]: 'partners' },
    data_sharing: { unsuppressed: true, basis: 'Synthetic data-sharing agreement (test)' },
  })
}

/** Public GET routes the crawl need not reach, each with the reason. */
const SKIPPED_ROUTES: Record<string, string> = {
  '/health': 'a health check: says UP or DOWN, no figures',
  '/assets/*': 'static GOV.UK Frontend assets',
  '/govuk/*': 'static GOV.UK Frontend script and styles',
  '/static/*': 'our static styles',
  '/signed-out': 'the page after signing out, reached only through the sign-out form (a POST); it shows no figures',
}

const INDICATOR_NAME = 'good level of development'
const femaleInterval = computeInterval(
  { valueType: 'proportion', ciMethod: 'wilson', multiplier: 100 },
  FEMALE.count,
  FEMALE.denominator,
)!

/** A number as the text of a page or file could write it: the raw figure and the 1 and 2 decimal place forms. */
function numberForms(n: number): string[] {
  return [...new Set([String(n), n.toFixed(1), n.toFixed(2)])]
}
const token = (text: string) => new RegExp(`(?<![\\d.])${text.replace('.', '\\.')}(?![\\d])`)

/** Figures that must appear nowhere: the small cell's and the secondarily suppressed Female cell's. */
const FORBIDDEN: { what: string; forms: string[] }[] = [
  { what: 'the small cell value (7.5)', forms: [...numberForms(SMALL.value), '0.075'] },
  { what: 'the small cell interval lower limit (2.61)', forms: numberForms(SMALL.lower95) },
  { what: 'the small cell interval upper limit (20.39)', forms: numberForms(SMALL.upper95) },
  { what: 'the Female value (90.24), which with Persons gives the small cell', forms: numberForms(FEMALE.value) },
  {
    what: 'the Female interval lower limit',
    forms: [femaleInterval.lower.toFixed(1), femaleInterval.lower.toFixed(2)],
  },
  {
    what: 'the Female interval upper limit',
    forms: [femaleInterval.upper.toFixed(1), femaleInterval.upper.toFixed(2)],
  },
  // Gaps worked out from them give them back too (a gap plus the shown value is the hidden value).
  ...(
    [
      ['Male and Persons', SMALL.value, PERSONS.value],
      ['Male and Female', SMALL.value, FEMALE.value],
      ['Female and Persons', FEMALE.value, PERSONS.value],
    ] as const
  ).map(([pair, a, b]) => ({
    what: `the gap between ${pair}`,
    forms: numberForms(Number(Math.abs(a - b).toFixed(2))),
  })),
]

/** Each planted small number's value (count over denominator, as a percentage) when it has decimals, in the forms a page could write it. */
const PLANTED_VALUES = PLANTED_CASES.map((c) => ({
  n: c.n,
  value: Number(((100 * c.count) / c.denominator).toFixed(2)),
}))
  .filter((v) => !Number.isInteger(v.value))
  .map(({ n, value }) => ({ n, forms: numberForms(value) }))

/** Our indicators published under their Fingertips id in the Fingertips layout. */
const FINGERTIPS_IDS: Record<string, string> = { '90631': PLANTED_INDICATOR, '93203': 'neet-16-17' }

/**
 * A structured record as a published figure of the planted data, or null when it names no figure:
 * the API's points and summaries, the CSV and JSON downloads, and the Fingertips layout. A count
 * not given is the one its value and denominator imply (the planted indicators are percentages).
 * A table without an indicator and an area code (a chart's table) repeats figures the API gives
 * with them, and its values are checked as text.
 */
function publishedOf(r: Record<string, unknown>): Published | null {
  const text = (...names: string[]) => {
    const hit = names.find((n) => r[n] !== undefined && r[n] !== null)
    return hit === undefined ? null : String(r[hit])
  }
  const number = (...names: string[]) => {
    const v = text(...names)
    return v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v)
  }
  const rawIndicator = text('indicator_id', 'indicatorId', 'Indicator ID')
  const indicator = rawIndicator === null ? null : (FINGERTIPS_IDS[rawIndicator] ?? rawIndicator)
  const area = text('area_code', 'areaCode', 'Area Code')
  const period = text('period', 'periodLabel', 'Time period', 'summary.latest.period_label')
  if (!indicator || !area || !period || !(PLANTED_INDICATORS as readonly string[]).includes(indicator)) return null
  const sex = (text('sex', 'Sex') ?? 'Persons') as 'Persons'
  const key = plantedKey({
    indicator,
    area,
    period,
    sex,
    age: text('age', 'Age') ?? '',
    categoryType: text('category_type', 'categoryType', 'Category Type') ?? '',
    category: text('category', 'Category') ?? '',
  })
  const value = number('value', 'Value', 'summary.latest.value')
  const denominator = number('denominator', 'Denominator', 'summary.latest.denominator')
  const count =
    number('count', 'Count', 'summary.latest.count') ??
    (value !== null && denominator !== null ? Math.round((value * denominator) / 100) : null)
  return { key, version: versionOf(key, text('recorded_at', 'recordedAt')), count }
}

const plantedSmall = new Map(PLANTED_CASES.map((c) => [`${c.key}@1`, c]))

/** Everything one response gives away about the planted numbers on its own. */
function leaksOf(f: Fetched): string[] {
  const leaks: string[] = []
  for (const { what, forms } of FORBIDDEN) {
    const found = forms.filter((form) => token(form).test(f.text))
    if (found.length) leaks.push(`${what}: found ${found.map((x) => `"${x}"`).join(', ')}`)
  }
  for (const c of PLANTED_CASES) {
    if (new RegExp(`(?<![\\d.])${c.count}\\s*(of|out of|/)\\s*${c.denominator}(?![\\d.])`).test(f.text))
      leaks.push(`case ${c.n} as "${c.count} of ${c.denominator}"`)
  }
  for (const p of f.records.map(publishedOf)) {
    const c = p && p.count !== null ? plantedSmall.get(`${p.key}@${p.version}`) : undefined
    if (c && p!.count === c.count) leaks.push(`case ${c.n} (${c.route}): a record with its count ${c.count}`)
  }
  // HTML tables on a page about the planted indicator: a Male row with a cell "3"; Female "37" with Persons "40".
  if (f.text.toLowerCase().includes(INDICATOR_NAME) || f.text.includes(PLANTED_INDICATOR)) {
    const rowWith = (word: RegExp, cell: string) =>
      f.rows.some((row) => row.some((c) => word.test(c)) && row.includes(cell))
    if (rowWith(/\bMale\b/, String(SMALL.count))) leaks.push('a table row for Male with the count 3')
    if (rowWith(/\bFemale\b/, String(FEMALE.count)) && rowWith(/\b(Persons|All|Everyone)\b/, String(PERSONS.count))) {
      leaks.push('table rows with both the Persons count (40) and the Female count (37)')
    }
  }
  return leaks
}

/** A planted value's forms found in a response's text (checked once the crawl knows which forms shown figures have too). */
const valueFormsIn = (f: Fetched) =>
  PLANTED_VALUES.flatMap(({ n, forms }) =>
    forms.filter((form) => token(form).test(f.text)).map((form) => ({ n, form })),
  )

const SEEDS: CrawlSeeds = {
  searchWords: [INDICATOR_NAME, 'Barking', 'referrals'],
  parameter: (name, before, where) => {
    if (/as_of/i.test(name)) return [AS_OF_FIRST_VERSION]
    if (/area|code/i.test(name) || /area/i.test(before)) return [BD]
    if (/indicator|id/i.test(name) || /indicator/i.test(before))
      return where === 'path' ? [...PLANTED_INDICATORS] : [PLANTED_INDICATOR]
    return []
  },
  leaksOf,
}

/** Every figure the crawl read, as a reader has them. */
const allPublished = (c: Crawl) =>
  [...c.visited.values()].flatMap((f) => f.records.map(publishedOf)).filter((p): p is Published => p !== null)

/** The numeric values shown in structured records, in every form: a planted value's form that is one of these proves nothing. */
function shownForms(c: Crawl): Set<string> {
  const out = new Set<string>()
  for (const f of c.visited.values()) {
    for (const r of f.records)
      for (const [k, v] of Object.entries(r))
        if (/value|lower|upper|limit|gap/i.test(k) && v !== null && v !== '' && Number.isFinite(Number(v)))
          numberForms(Number(v)).forEach((x) => out.add(x))
  }
  return out
}

const strategyIdsOf = async (t: Awaited<ReturnType<typeof createTestApp>>) =>
  (await t.database.db.selectFrom('strategies').select('id').where('archived_at', 'is', null).execute()).map(
    (s) => s.id,
  )

const aboutPlanted = (f: Fetched) =>
  PLANTED_INDICATORS.some((id) => f.url.includes(id) || f.text.includes(id)) ||
  f.text.toLowerCase().includes(INDICATOR_NAME) ||
  f.url.startsWith('/downloads/')

describe.each(engines)('no public page or download discloses a small number, on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let result: Crawl

  beforeAll(async () => {
    t = await createTestApp(engine)
    await plantBothVersions(t.database.db)
    await plantRestricted(t)
    // An action on the planted indicator, so the public action pages have something to show.
    await createAction(
      t.database.db,
      {
        title: 'Synthetic test action on early years development',
        organisationId: 'lbbd',
        leadRole: 'Head of Early Years',
        indicatorIds: [PLANTED_INDICATOR],
      },
      'test',
    )
    // A signed-off board pack of a meeting held in public, so the crawl reads the archive (/reports) too.
    await publishPack(
      t.database.db,
      await strategyService(t.database.db, t.config.primaryStrategy).readModel(),
      t.config.disclosureThreshold,
    )
    result = await crawl(t.app, SEEDS, await strategyIdsOf(t))
  }, 600_000)
  afterAll(async () => {
    await t?.close()
  })

  it('crawls the site: every planted indicator page, the API now and as of the first version, and the downloads are among what it read', () => {
    const urls = [...result.visited.keys()]
    expect(urls.length).toBeGreaterThan(20)
    for (const id of PLANTED_INDICATORS) expect(urls).toContain(`/indicators/${id}`)
    // The feeds and embeds are read like any page: every planted indicator's feed, the dashboard's, and the embeds.
    for (const id of PLANTED_INDICATORS) expect(urls).toContain(`/indicators/${id}/feed.xml`)
    expect(urls).toContain('/feed.xml')
    expect(urls).toContain(`/embed/indicators/${PLANTED_INDICATOR}`)
    expect(urls).toContain(`/embed/indicators/${PLANTED_INDICATOR}/chart.svg`)
    expect(result.visited.get(`/indicators/${PLANTED_INDICATOR}/feed.xml`)?.text.toLowerCase()).toContain(
      INDICATOR_NAME,
    )
    expect(urls.some((u) => u.startsWith('/api/v1/') && u.includes(`as_of=${AS_OF_FIRST_VERSION}`))).toBe(true)
    expect([...result.visited.values()].some((f) => /csv/.test(f.contentType))).toBe(true)
    // The checks can see the planted data: figures of both versions of every planted indicator are read.
    const published = allPublished(result)
    for (const id of PLANTED_INDICATORS)
      expect(
        published.some((p) => p.key.startsWith(`${id}|`) && p.count !== null),
        id,
      ).toBe(true)
    expect(published.some((p) => p.version === 2 && p.count !== null)).toBe(true)
    expect(
      published.some((p) => p.version === 1 && p.count !== null && p.key.includes('E92000001|2022/23|Persons')),
    ).toBe(true)
  })

  it('finds none of the 15 planted numbers in any response, nor the figures that would give case 1 away', () => {
    expect(result.leaks, `leaks:\n${result.leaks.join('\n')}`).toEqual([])
    const shown = shownForms(result)
    // Every planted value keeps a form no shown figure has, so the text check below can see it.
    expect(PLANTED_VALUES.filter((v) => v.forms.every((f) => shown.has(f))).map((v) => v.n)).toEqual([])
    const values = [...result.visited.values()].filter(aboutPlanted).flatMap((f) =>
      valueFormsIn(f)
        .filter((v) => !shown.has(v.form))
        .map((v) => `${f.url}: case ${v.n}'s value as "${v.form}"`),
    )
    expect(values).toEqual([])
  })

  it('lets none of them be worked out by adding and subtracting everything it read, in either version or across both', () => {
    expect(plantedDisclosed(allPublished(result))).toEqual([])
  })

  it('would find every one if it were shown: with a threshold of 1, the same pages show all 15, in HTML, CSV and JSON', async () => {
    const control = await createTestApp(engine, { DISCLOSURE_THRESHOLD: '1' })
    try {
      await plantBothVersions(control.database.db)
      const urls = [...result.visited.values()].filter(aboutPlanted).map((f) => f.url)
      const seen = await crawl(control.app, SEEDS, await strategyIdsOf(control), urls)
      expect(plantedDisclosed(allPublished(seen)).map((d) => `${d.n} ${d.how}`)).toEqual(
        PLANTED_CASES.map((c) => `${c.n} shown`),
      )
      const leakyTypes = new Set(
        seen.leaks.map((l) =>
          l
            .match(/\(\d+, ([^)]+)\)/)![1]!
            .split('/')
            .pop(),
        ),
      )
      expect([...leakyTypes].sort()).toEqual(expect.arrayContaining(['csv', 'html', 'json']))
      expect(seen.leaks.some((l) => l.startsWith(`/indicators/${PLANTED_INDICATOR} `))).toBe(true)
      // The feeds and the embeds would show them too: the checks read them.
      expect(seen.leaks.some((l) => l.startsWith(`/indicators/${PLANTED_INDICATOR}/feed.xml `))).toBe(true)
      expect(seen.leaks.some((l) => l.startsWith(`/embed/indicators/${PLANTED_INDICATOR}`))).toBe(true)
      // The small numbers' values are on the pages about them too.
      const valuesSeen = new Set([...seen.visited.values()].flatMap((f) => valueFormsIn(f).map((v) => v.n)))
      expect(PLANTED_VALUES.filter((v) => !valuesSeen.has(v.n)).map((v) => v.n)).toEqual([])
    } finally {
      await control.close()
    }
  }, 300_000)

  it('reaches every public GET route, or says why not', () => {
    const paths = [...result.visited.keys()].map((u) => u.split('?')[0]!)
    const unreached = t.app.registeredRoutes
      .filter((r) => r.method === 'GET' && r.access === 'public' && !(r.url in SKIPPED_ROUTES) && !skipPath(r.url))
      .filter((r) => !paths.some((p) => routePattern(r.url).test(p)))
      .map((r) => r.url)
    expect([...new Set(unreached)], 'public GET routes neither crawled nor skipped with a reason').toEqual([])
  })

  it('never shows the public a partners-tier breakdown, though a partner sees its small counts whole', async () => {
    const urls = [...result.visited.keys()]
    expect(urls).toContain(`/indicators/${RESTRICTED.indicator}`)
    expect(urls).toContain('/downloads/latest/data.csv')
    const named = [...result.visited.values()]
      .filter((f) => f.text.includes(RESTRICTED.categoryType) || /Ward A/.test(f.text))
      .map((f) => f.url)
    expect(named).toEqual([])
    const partner = await signInAs(t.app, t.database.db, 'owner')
    const res = await t.app.inject({
      url: `/api/v1/indicators/${RESTRICTED.indicator}/data`,
      headers: { cookie: partner.cookie },
    })
    const rows = (JSON.parse(res.body) as { data: { category: string; count: number | null }[] }).data
    expect(rows.find((r) => r.category === 'Ward A')?.count).toBe(RESTRICTED.count)
  })

  it('meets no server error on the way', () => {
    expect(result.serverErrors).toEqual([])
  })
})
