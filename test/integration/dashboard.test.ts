/**
 * The public outcomes dashboard on both engines: the overview scorecard and its filters, the
 * outcome and priority tables and their downloads, the children's outcomes, the JLHWS life-course
 * table and the search. Synthetic figures are planted for a few indicators (labelled so) to see
 * the counts and tables follow the data; the life-course figures are the seed document's own.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { publicSummaries, SUPPRESSED_TEXT } from '../../src/modules/disclosure/public-data.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

const AREA = 'E09000002'
const SYNTHETIC = 'synthetic test data (dashboard.test.ts), not a real figure'

/**
 * Synthetic rows: GLD rising well above England (better, improving, ranked among three boroughs);
 * Reception obesity above England (worse); schools rated good close to England with a published
 * interval (similar); breastfeeding from a count of 3 (suppressed).
 */
function syntheticCsv(): string {
  const rows: string[] = ['indicator_id,area_code,period,value,count,denominator,lower_95,upper_95,source']
  const years = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
  years.forEach((year, i) => {
    const count = 1500 + i * 150
    rows.push(`gld-eyfs,${AREA},${year},${((count / 3000) * 100).toFixed(1)},${count},3000,,,${SYNTHETIC}`)
    rows.push(`gld-eyfs,E92000001,${year},50.0,,,,,${SYNTHETIC}`)
  })
  rows.push(`gld-eyfs,E09000001,2022/23,75.0,,,,,${SYNTHETIC}`, `gld-eyfs,E09000003,2022/23,40.0,,,,,${SYNTHETIC}`)
  rows.push(
    `year-r-obesity,${AREA},2022/23,20.0,600,3000,,,${SYNTHETIC}`,
    `year-r-obesity,E92000001,2022/23,10.0,,,,,${SYNTHETIC}`,
  )
  rows.push(
    `schools-good-outstanding,${AREA},2023,86.0,,,83.0,89.0,${SYNTHETIC}`,
    `schools-good-outstanding,E92000001,2023,85.0,,,,,${SYNTHETIC}`,
  )
  rows.push(
    `breastfeeding-initiation,${AREA},2022/23,7.5,3,40,,,${SYNTHETIC}`,
    `breastfeeding-initiation,E92000001,2022/23,70.0,,,,,${SYNTHETIC}`,
  )
  return rows.join('\n') + '\n'
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim()

/** The scorecard row of a group: its counts by data-qa name. */
function scorecardRow(html: string, table: string, group: string): Record<string, string> {
  const start = html.indexOf(`data-qa="${table}"`)
  expect(start, table).toBeGreaterThan(-1)
  const body = html.slice(start, html.indexOf('</table>', start))
  const row = body.split('<tr').find((r) => r.includes(`data-group="${group}"`))
  expect(row, `${table} ${group}`).toBeDefined()
  return Object.fromEntries(
    [...row!.matchAll(/data-qa="([a-z-]+)"[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => [m[1]!, decode(m[2]!)]),
  )
}

/** An indicator table's header texts and its body rows (indicator id from the link, then each cell's text). */
function indicatorTable(html: string) {
  const start = html.indexOf('data-qa="indicator-table"')
  expect(start).toBeGreaterThan(-1)
  const table = html.slice(html.lastIndexOf('<table', start), html.indexOf('</table>', start))
  const head = [...table.slice(0, table.indexOf('</thead>')).matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map(
    (m) => decode(m[1]!),
  )
  const body = table.slice(table.indexOf('<tbody'))
  const rows = body
    .split('<tr')
    .slice(1)
    .map((r) => ({
      id: /href="\/indicators\/([a-z0-9-]+)/.exec(r)?.[1] ?? '',
      cells: [...r.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => decode(m[1]!)),
      value: decode(/data-qa="value"[^>]*>([\s\S]*?)<\/td>/.exec(r)?.[1] ?? ''),
      comparison: decode(/data-qa="comparison"[^>]*>([\s\S]*?)<\/td>/.exec(r)?.[1] ?? ''),
    }))
  return { head, rows }
}

describe.each(engines)('the public dashboard on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const get = async (url: string) => {
    const res = await t.app.inject(url)
    expect(res.statusCode, url).toBe(200)
    return res
  }
  const page = async (url: string) => (await get(url)).body
  let before: string

  beforeAll(async () => {
    t = await createTestApp(engine)
    before = await page('/')
    const report = await importData(t.database.db, [syntheticCsv()], {
      sourceName: 'dashboard-synthetic.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report).toMatchObject({ stored: true })
  })
  afterAll(async () => {
    await t?.close()
  })

  it("counts each outcome's and priority's indicators by comparison and trend, and the counts move with the data", async () => {
    const after = await page('/')
    const was = scorecardRow(before, 'outcome-scorecard', 'best-start')
    const now = scorecardRow(after, 'outcome-scorecard', 'best-start')
    const n = (row: Record<string, string>, k: string) => Number(row[k])
    expect(n(now, 'better') - n(was, 'better')).toBe(1) // GLD
    expect(n(now, 'worse') - n(was, 'worse')).toBe(1) // Reception obesity
    expect(n(now, 'similar') - n(was, 'similar')).toBe(1) // schools rated good
    expect(n(now, 'improving') - n(was, 'improving')).toBe(1) // GLD's rise
    expect(n(now, 'no-data') - n(was, 'no-data')).toBe(-3) // GLD, schools, breastfeeding (suppressed, so not compared)
    expect(n(now, 'not-compared') - n(was, 'not-compared')).toBe(0) // breastfeeding in, Reception obesity out
    expect(now.latest).toBe('2023') // schools rated good: calendar 2023 ends after academic 2022/23
    // Priorities: Reception obesity serves "obesity and best start health"; breastfeeding serves it too.
    const pWas = scorecardRow(before, 'priority-scorecard', 'obesity-best-start-health')
    const pNow = scorecardRow(after, 'priority-scorecard', 'obesity-best-start-health')
    expect(n(pNow, 'worse') - n(pWas, 'worse')).toBe(1)
    expect(n(pNow, 'no-data') - n(pWas, 'no-data')).toBe(-1)

    // The counts agree with the summaries themselves, read through disclosure control.
    const m = await (
      await import('../../src/modules/strategy/strategy.service.js')
    )
      .strategyService(t.database.db, t.config.primaryStrategy)
      .readModel()
    const outcome = m.find('outcome', 'best-start')!
    const ids = m.to(outcome, 'in_column', 'indicator').map((c) => c.item.id)
    const summaries = await publicSummaries(t.database.db, t.config.disclosureThreshold, {
      indicatorIds: ids,
      areaCodes: [AREA],
    })
    const everyone = summaries.filter((s) => s.sex === 'Persons' && !s.age && !s.categoryType)
    for (const [label, key] of [
      ['Better', 'better'],
      ['Similar', 'similar'],
      ['Worse', 'worse'],
    ] as const) {
      expect(n(now, key), label).toBe(everyone.filter((s) => s.summary?.england.comparison === label).length)
    }
    expect(n(now, 'indicators')).toBe(ids.length)
    expect(n(now, 'no-data')).toBe(ids.filter((id) => !summaries.some((s) => s.indicatorId === id)).length)
  })

  it('says every status in words as well as colour', async () => {
    const home = (await page('/')) + (await page('/indicators'))
    for (const tag of home.matchAll(/<strong class="govuk-tag govuk-tag--[a-z-]+">([^<]*)<\/strong>/g))
      expect(tag[1]!.trim()).not.toBe('')
    expect(home).toContain('<strong class="govuk-tag govuk-tag--green">Better</strong>')
  })

  it('narrows the indicator table at /indicators with the filters, without JavaScript', async () => {
    const all = indicatorTable(await page('/indicators?data=all'))
    const byStatus = await page('/indicators?outcome=best-start&status=better')
    expect(byStatus).toMatch(/<form method="get" action="\/indicators#results"/)
    expect(byStatus).toMatch(/<option value="better" selected>/)
    const better = indicatorTable(byStatus)
    expect(better.rows.map((r) => r.id)).toEqual(['gld-eyfs'])
    expect(byStatus).toContain(`Showing 1 of ${all.rows.length} indicators`)
    expect(byStatus).toContain('href="#after-indicator-table"')
    expect(byStatus).toContain('id="after-indicator-table"')

    const learning = indicatorTable(await page('/indicators?data=all&domain=my-learning'))
    expect(learning.rows.map((r) => r.id)).toContain('schools-good-outstanding')
    expect(learning.rows.map((r) => r.id)).not.toContain('gld-eyfs')
    expect(learning.rows.length).toBeLessThan(all.rows.length)

    const preconception = indicatorTable(await page('/indicators?data=all&stage=preconception'))
    expect(preconception.rows.map((r) => r.id)).toEqual(['jlhws-obesity-in-pregnancy'])

    const suppressed = indicatorTable(await page('/indicators?priority=first-1001-days&status=not-compared'))
    expect(suppressed.rows.map((r) => r.id)).toContain('breastfeeding-initiation')

    // A value that is not offered narrows nothing.
    expect(indicatorTable(await page('/indicators?data=all&outcome=nonsense')).rows).toHaveLength(all.rows.length)
    expect(await page('/indicators?outcome=best-start&status=similar&priority=send')).toContain(
      'No indicators match these filters',
    )
  })

  it('shows only indicators with data unless asked, and sorts without JavaScript', async () => {
    const all = indicatorTable(await page('/indicators?data=all'))
    const withData = indicatorTable(await page('/indicators'))
    expect(withData.rows.length).toBeGreaterThan(0)
    expect(withData.rows.length).toBeLessThan(all.rows.length)
    expect(withData.rows.every((r) => r.value !== 'No data yet')).toBe(true)
    expect(all.rows.some((r) => r.value === 'No data yet')).toBe(true)
    expect(indicatorTable(await page('/indicators?status=no-data')).rows.every((r) => r.value === 'No data yet')).toBe(
      true,
    )

    const worst = indicatorTable(await page('/indicators?sort=worst-first'))
    expect(worst.rows[0]!.comparison).toBe('Worse')
    expect(worst.rows.findIndex((r) => r.comparison === 'Better')).toBeGreaterThan(
      worst.rows.findIndex((r) => r.comparison === 'Similar'),
    )
    const byTitle = indicatorTable(await page('/indicators?sort=title')).rows.map((r) => r.cells[0]!.toLowerCase())
    expect(byTitle).toEqual([...byTitle].sort((a, b) => a.localeCompare(b, 'en-GB')))
    const improving = indicatorTable(await page('/indicators?trend=improving'))
    expect(improving.rows.map((r) => r.id)).toContain('gld-eyfs')
    expect(improving.rows.every((r) => /getting better/.test(r.cells.join(' ')))).toBe(true)
  })

  it('opens the overview with the headline counts, each a link to what it counts, then the exceptions', async () => {
    const home = await page('/')
    const headline = /data-qa="headline">([\s\S]*?)<\/p>/.exec(home)![1]!
    const count = (name: string) => {
      const m = new RegExp(`href="([^"]+)" data-qa="headline-${name}"><span data-qa="count">(\\d+)</span>`).exec(
        headline,
      )
      expect(m, name).not.toBeNull()
      return { href: m![1]!.replace(/&amp;/g, '&'), n: Number(m![2]) }
    }
    const withData = count('with-data')
    const worse = count('worse')
    const worsening = count('worsening')
    const overdue = count('overdue')
    expect(decode(headline)).toMatch(
      /^Of \d+ indicators? with data, \d+ (is|are) significantly worse than England, \d+ (is|are) getting worse; \d+ actions? (is|are) overdue; \d+ risks? (and|or) issues? (is|are) escalated to the [^.]+\.$/,
    )
    // Each count is the length of the list it links to.
    expect(indicatorTable(await page(withData.href)).rows).toHaveLength(withData.n)
    expect(indicatorTable(await page(worse.href)).rows).toHaveLength(worse.n)
    expect(worse.n).toBeGreaterThan(0)
    if (worsening.n) expect(indicatorTable(await page(worsening.href)).rows).toHaveLength(worsening.n)
    else expect(await page(worsening.href)).toContain('No indicators match these filters')
    expect(overdue.href).toBe('/actions?overdue=yes')
    // The exceptions come before the scorecards; Reception obesity (worse) is among them.
    expect(home.indexOf('data-qa="exceptions"')).toBeLessThan(home.indexOf('data-qa="outcome-scorecard"'))
    expect(home.indexOf('data-qa="headline"')).toBeLessThan(home.indexOf('data-qa="exceptions"'))
    const exceptionIds = [...home.matchAll(/data-qa="exception" data-indicator="([a-z0-9-]+)"/g)].map((m) => m[1])
    expect(exceptionIds.length).toBe(Math.min(10, new Set([...exceptionIds]).size))
    expect(home).not.toContain('data-qa="indicator-table"')
  })

  it("shows an outcome's indicators with their figures, and downloads exactly the same rows as CSV and JSON", async () => {
    const html = await page('/outcomes/best-start')
    const table = indicatorTable(html)
    expect(table.head).toEqual([
      'Indicator',
      'Latest value',
      'Period',
      'England',
      'London',
      'Compared with England',
      'Recent trend',
      'Over time (a small chart; the figures are in the other columns)',
      'Rank among London boroughs (1st = highest value)',
    ])
    const gld = table.rows.find((r) => r.id === 'gld-eyfs')!
    // The indicator's cell names the figure's source; the period's says when it was loaded (figure-labels.test.ts covers published figures).
    expect(gld.cells[0]).toBe(
      `Children achieving a good level of development (GLD) in EYFS assessmentsSource: synthetic test data (dashboard.test.ts)`,
    )
    expect(gld.cells[2]).toMatch(/^2022\/23Loaded \d{1,2} [A-Z][a-z]+ \d{4}$/)
    expect([gld.cells[1], ...gld.cells.slice(3)]).toEqual([
      '70.0%',
      '50.0%',
      'Not available',
      'Better',
      'Increasing and getting better',
      '',
      '2nd of 3',
    ])
    expect(html).toMatch(/<svg[^>]*class="app-sparkline"[^>]*aria-hidden="true"/)
    const breastfeeding = table.rows.find((r) => r.id === 'breastfeeding-initiation')!
    expect(breastfeeding.value).toBe(SUPPRESSED_TEXT)
    expect(breastfeeding.comparison).toBe('Not compared (suppressed)')
    expect(html).not.toContain('7.5%')

    expect(html).toContain('href="/outcomes/best-start/indicators.csv"')
    const json = (await get('/outcomes/best-start/indicators.json')).json()
    expect(json.rows.map((r: any) => r.indicator_id)).toEqual(table.rows.map((r) => r.id))
    expect(json.rows.find((r: any) => r.indicator_id === 'gld-eyfs')).toMatchObject({
      value: 70,
      period: '2022/23',
      england: 50,
      london: null,
      compared_with_england: 'Better',
      recent_trend: 'Increasing and getting better',
      london_rank: 2,
      london_areas_ranked: 3,
    })
    expect(json.rows.find((r: any) => r.indicator_id === 'breastfeeding-initiation')).toMatchObject({
      value: null,
      value_note: SUPPRESSED_TEXT,
      england: null,
    })
    const csv = await get('/outcomes/best-start/indicators.csv')
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    const records = await readCsvObjects(csv.body)
    expect(records.map((r) => r['Indicator id'])).toEqual(table.rows.map((r) => r.id))
    expect(records.find((r) => r['Indicator id'] === 'gld-eyfs')).toMatchObject({
      Value: '70',
      England: '50',
      'Compared with England': 'Better',
    })
    expect(JSON.stringify(json)).not.toContain('7.5')
  })

  it('gives each priority one table across the outcomes, with its downloads', async () => {
    const html = await page('/priorities/obesity-best-start-health')
    const table = indicatorTable(html)
    expect(table.head[1]).toBe('Outcome')
    const json = (await get('/priorities/obesity-best-start-health/indicators.json')).json()
    expect(json.rows.map((r: any) => r.indicator_id)).toEqual(table.rows.map((r) => r.id))
    expect(table.rows.find((r) => r.id === 'year-r-obesity')?.comparison).toBe('Worse')
    expect(table.rows.map((r) => r.id)).toContain('year-6-obesity')
  })

  it('has all seven "My …" outcomes in plain words, with what the numbers say or that there are none yet', async () => {
    const html = await page('/childrens-outcomes')
    expect(html.match(/data-qa="childrens-outcome"/g)).toHaveLength(7)
    for (const name of [
      'My Future',
      'My Voice',
      'My Quality of Life',
      'My Community',
      'My Safety',
      'My Health',
      'My Learning',
    ]) {
      expect(html).toContain(`<h2 class="govuk-heading-l">${name}</h2>`)
    }
    const learning = await page('/childrens-outcomes/my-learning')
    expect(learning).toContain(
      'In Barking and Dagenham it is 86.0% (2023). That is about the same as in England (85.0%).',
    )
    expect(learning).toContain('We don’t have any numbers for this yet.')
    expect(learning).toMatch(/href="\/indicators\/school-survey-results"/)
    expect((await t.app.inject('/childrens-outcomes/no-such-thing')).statusCode).toBe(404)
  })

  it("shows the JLHWS life-course table with the seed document's figures for the borough, London and England", async () => {
    const html = await page('/strategies/jlhws-2023-28')
    const seed = (
      await readCsvObjects(readFileSync(path.join(projectRoot, 'data/datasets/seed-figures.csv'), 'utf8'))
    ).filter((r) => r.indicator_id?.startsWith('jlhws-') && !r.sex)
    const m = await (
      await import('../../src/modules/strategy/strategy.service.js')
    )
      .strategyService(t.database.db, t.config.primaryStrategy)
      .readModel()
    const staged = m.items('jlhws-2023-28', 'indicator').filter((i) => m.from(i, 'at_stage').length)
    const rows = html.slice(html.indexOf('id="life-course"')).split('<tr').slice(1)
    let checked = 0
    for (const indicator of staged) {
      const figures = seed.filter((r) => r.indicator_id === indicator.id)
      if (!figures.length) continue
      const row = rows.find((r) => r.includes(`href="/indicators/${indicator.id}"`))
      expect(row, indicator.id).toBeDefined()
      // The first number in the cell: "35.4 per 1,000" is 35.4.
      const cellOf = (qa: string) =>
        Number(
          /\d+(\.\d+)?/.exec(decode(new RegExp(`data-qa="${qa}"[^>]*>([\\s\\S]*?)</td>`).exec(row!)?.[1] ?? ''))?.[0],
        )
      for (const [qa, code] of [
        ['area', AREA],
        ['london', 'E12000007'],
        ['england', 'E92000001'],
      ] as const) {
        const latest = figures.filter((f) => f.area_code === code).at(-1)
        expect(cellOf(qa), `${indicator.id} ${code}`).toBe(Number(latest!.value))
      }
      expect(row).toContain('compared by value only, no interval published')
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(7)
    const json = (await get('/strategies/jlhws-2023-28/life-course.json')).json()
    const pregnancy = json.rows.find((r: any) => r.indicator_id === 'jlhws-obesity-in-pregnancy')
    const expected = (code: string) =>
      Number(seed.find((r) => r.indicator_id === 'jlhws-obesity-in-pregnancy' && r.area_code === code)!.value)
    expect(pregnancy).toMatchObject({
      stage: 'Preconception',
      area: expected(AREA),
      london: expected('E12000007'),
      england: expected('E92000001'),
    })
    expect((await get('/strategies/jlhws-2023-28/life-course.csv')).body.split('\r\n').filter(Boolean)).toHaveLength(
      json.rows.length + 1,
    )
  })

  it('searches indicators by a word of their title and intentions by their text, with an empty state', async () => {
    const obesity = await page('/search?q=OBESITY')
    expect(obesity).toMatch(/data-kind="indicator"[\s\S]*href="\/indicators\/year-6-obesity"/)
    expect(obesity).toContain('<mark>Obesity</mark>')

    const intention = await page('/search?q=feel+safe,+communities')
    expect(intention).toMatch(/data-kind="intention"[\s\S]*href="\/intentions\/successful-6"/)

    const none = await page('/search?q=zzqxv')
    expect(none).toContain('data-qa="no-results"')
    expect(none).toContain('No results for “zzqxv”')
    expect(none).toContain('value="zzqxv"')
    const empty = await page('/search')
    expect(empty).toContain('data-qa="search-start"')
    expect(empty).not.toContain('data-qa="result"')
  })

  it('marks the navigation for each page', async () => {
    const active = (html: string) =>
      decode(/govuk-service-navigation__item--active">([\s\S]*?)<\/li>/.exec(html)?.[1] ?? '')
    expect(active(await page('/'))).toBe('Overview')
    expect(active(await page('/childrens-outcomes/my-health'))).toBe("Children's outcomes")
    expect(active(await page('/search?q=school'))).toBe('Search')
    expect(active(await page('/strategies/jlhws-2023-28'))).toBe('Strategies')
  })
})
