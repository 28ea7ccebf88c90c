/**
 * The turn-the-curve page on both engines, with SYNTHETIC figures planted for a shipped proportion
 * indicator (gld-eyfs, which has no shipped figures): every number below is made up for the test.
 * The charts, their tables and their downloads must agree; suppressed cells stay suppressed; the
 * commentary is editable by analysts only, sanitised and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { signInAs, type TestUser } from '../helpers/accounts.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { readCsvObjects } from '../../src/modules/indicators/reference-data.js'
import { findAuditTrail } from '../../src/modules/audit/audit.repository.js'
import { readDataVersion } from '../../src/db/data-version.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { SUPPRESSED_TEXT } from '../../src/modules/disclosure/public-data.js'

const ID = 'gld-eyfs'
const BD = 'E09000002'
const SOURCE = 'Synthetic test data (indicator-page.test.ts)'
const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,source'
const row = (area: string, period: string, count: number, denominator: number, sex = '') =>
  `${ID},${area},${period},${sex},,,,${((100 * count) / denominator).toFixed(1)},${count},${denominator},,,${SOURCE}`

const years = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
// Barking and Dagenham: five years (60.0% … 65.0%); London and England beside it.
const bdCounts = [1800, 1830, 1875, 1905, 1950]
const synthetic = [
  header,
  ...years.map((y, i) => row(BD, y, bdCounts[i]!, 3000)),
  ...years.map((y, i) => row('E12000007', y, 62000 + 500 * i, 100000)),
  ...years.map((y, i) => row('E92000001', y, 381000 + 3000 * i, 600000)),
  // Some London boroughs in the latest year; Camden's count is small, so it must be suppressed.
  row('E09000003', '2022/23', 2100, 3000),
  row('E09000004', '2022/23', 1650, 3000),
  row('E09000005', '2022/23', 1980, 3000),
  row('E09000006', '2022/23', 580, 1000),
  row('E09000007', '2022/23', 3, 50),
  // Barking and Dagenham by sex, two years, big counts (adding up to the persons' counts).
  row(BD, '2021/22', 870, 1500, 'Male'),
  row(BD, '2021/22', 1035, 1500, 'Female'),
  row(BD, '2022/23', 900, 1500, 'Male'),
  row(BD, '2022/23', 1050, 1500, 'Female'),
].join('\n')
// A later import revises Barking and Dagenham's 2021/22 figure from 63.5% to 63.7%.
const revision = [header, row(BD, '2021/22', 1911, 3000)].join('\n')

/** A GOV.UK table's body cells, as text, row by row. */
function tableCells(html: string, qa: string): string[][] {
  const table = new RegExp(`<table[^>]*data-qa="${qa}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1]
  if (!table) throw new Error(`no table ${qa}`)
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)![1]!
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!)),
  )
}
const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim()

/** The element with this data-qa attribute, up to the next one of its kind (enough for these checks). */
function section(html: string, qa: string): string {
  const start = html.indexOf(`data-qa="${qa}"`)
  if (start < 0) throw new Error(`no ${qa}`)
  return html.slice(start, html.indexOf('</div>', start))
}

describe.each(engines)('the indicator page on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let page: string
  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    expect(
      await importData(db, [synthetic], { sourceName: 'synthetic.csv', format: 'template', actor: 'test' }),
    ).toMatchObject({ stored: true, rejected: 0 })
    expect(
      await importData(db, [revision], { sourceName: 'synthetic-revision.csv', format: 'template', actor: 'test' }),
    ).toMatchObject({ stored: true, revised: 1 })
    const res = await get(`/indicators/${ID}`)
    expect(res.statusCode).toBe(200)
    page = res.body
  }, 180_000)
  afterAll(async () => {
    await t?.close()
  })

  it('draws every chart as an SVG image with a title and a description, and leads with the finding', () => {
    const svgs = [...page.matchAll(/<svg[^>]*>[\s\S]*?<\/svg>/g)]
      .map((m) => m[0])
      .filter((s) => s.includes('app-chart'))
    // History, London boroughs, the sex breakdown and the gap by sex over time, each wide and narrow (for phones).
    expect(svgs).toHaveLength(8)
    expect(svgs.filter((s) => /aria-labelledby="[^"]+-narrow-title /.test(s))).toHaveLength(4)
    for (const svg of svgs) {
      expect(svg).toMatch(/role="img"/)
      const [, titleId, descId] = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(svg)!
      expect(svg).toMatch(new RegExp(`<title id="${titleId}">[^<]{10,}</title>`))
      expect(svg).toMatch(new RegExp(`<desc id="${descId}">[^<]{10,}</desc>`))
    }
    const finding = /data-qa="finding">([^<]+)</.exec(page)![1]!
    expect(finding).toContain('in Barking and Dagenham (65.0%, 2022/23)')
    // The history chart's active title is the same finding.
    expect(page).toContain(`<title id="chart-history-title">${finding}</title>`)
    for (const id of [
      'latest',
      'history',
      'boroughs',
      'inequalities',
      'story',
      'revisions',
      'definition',
      'golden-thread',
    ]) {
      expect(page).toContain(`href="/indicators/${ID}#${id}"`)
      expect(page).toMatch(new RegExp(`<h2 class="govuk-heading-l" id="${id}">`))
    }
  })

  it('tabulates the same figures the CSV and JSON downloads give, for every chart', async () => {
    const views = [
      ['history', 'table-history', ''],
      ['boroughs', 'table-boroughs', ''],
      ['breakdowns', 'table-breakdown-sex', '?type=sex'],
      ['gap', 'table-gap-sex', '?type=sex'],
    ] as const
    // The table writes values to the indicator's precision (65.0); the downloads give the numbers (65).
    const asNumber = (cell: string) => (/^-?[\d,]+(\.\d+)?$/.test(cell) ? String(Number(cell.replace(/,/g, ''))) : cell)
    const same = (rows: string[][]) => rows.map((r) => r.map(asNumber))
    for (const [view, qa, query] of views) {
      const cells = same(tableCells(page, qa))
      expect(cells.length, view).toBeGreaterThan(1)
      expect(page).toContain(`href="/indicators/${ID}/data/${view}.csv${query}"`)
      const csv = await get(`/indicators/${ID}/data/${view}.csv${query}`)
      expect(csv.statusCode).toBe(200)
      expect(csv.headers['content-type']).toContain('text/csv')
      const csvRows = (await readCsvObjects(csv.body)).map((r) => Object.values(r))
      expect(same(csvRows), view).toEqual(cells)
      const json = (await get(`/indicators/${ID}/data/${view}.json${query}`)).json() as {
        rows: Record<string, unknown>[]
        columns: { key: string }[]
      }
      expect(
        same(json.rows.map((r) => json.columns.map((c) => (r[c.key] === null ? '' : String(r[c.key]))))),
        view,
      ).toEqual(cells)
    }
    // Barking and Dagenham's history, with its 95% interval worked out from count and denominator.
    const history = tableCells(page, 'table-history').filter((r) => r[0] === 'Barking and Dagenham')
    expect(history.map((r) => [r[1], r[2]])).toEqual([
      ['2018/19', '60.0'],
      ['2019/20', '61.0'],
      ['2020/21', '62.5'],
      ['2021/22', '63.7'],
      ['2022/23', '65.0'],
    ])
    expect(Number(history[4]![3])).toBeLessThan(65)
    expect(Number(history[4]![4])).toBeGreaterThan(65)
    // The projection if nothing changes continues the academic years.
    expect(
      tableCells(page, 'table-history')
        .filter((r) => r[0] === 'Projection if nothing changes')
        .map((r) => r[1]),
    ).toEqual(['2023/24', '2024/25', '2025/26'])
    expect((await get(`/indicators/${ID}/data/nothing.csv`)).statusCode).toBe(404)
    expect((await get(`/indicators/${ID}/data/breakdowns.csv?type=nothing`)).statusCode).toBe(404)
  })

  it('ranks London boroughs with Barking and Dagenham highlighted, and suppresses the small count', () => {
    const rows = tableCells(page, 'table-boroughs')
    const ranked = rows.filter((r) => r[1] !== '')
    expect(ranked.slice(0, 3).map((r) => [r[1], r[0], r[3]])).toEqual([
      ['1', 'Barnet', '70.0'],
      ['2', 'Brent', '66.0'],
      ['3', 'Barking and Dagenham', '65.0'],
    ])
    // Neither the value (6%) nor its interval is given; the rank leaves it out.
    expect(rows.find((r) => r[0] === 'Camden')!.slice(0, 6)).toEqual(['Camden', '', '2022/23', SUPPRESSED_TEXT, '', ''])
    expect(rows.find((r) => r[0] === 'England (benchmark)')).toBeDefined()
    const svg = /<svg[^>]*>[\s\S]*?<title id="chart-boroughs-title">[\s\S]*?<\/svg>/.exec(page)![0]
    const highlighted = [...svg.matchAll(/<g class="app-chart__item app-chart__item--highlight">([\s\S]*?)<\/g>/g)]
    expect(highlighted).toHaveLength(1)
    expect(highlighted[0]![1]).toContain('Barking and Dagenham')
    expect(svg).toContain(SUPPRESSED_TEXT)
  })

  it('compares boys and girls with everyone, and shows the gap over time', () => {
    const sex = tableCells(page, 'table-breakdown-sex')
    expect(sex.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['Female', '2022/23', '70.0'],
      ['Male', '2022/23', '60.0'],
      ['Everyone in Barking and Dagenham', '2022/23', '65.0'],
    ])
    const gap = tableCells(page, 'table-gap-sex')
    expect(gap.filter((r) => r[0] === 'Male').map((r) => [r[1], r[2]])).toEqual([
      ['2021/22', '58.0'],
      ['2022/23', '60.0'],
    ])
  })

  it('notes the revision, and only for a figure shown', () => {
    const notes = section(page, 'revisions')
    const today = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    }).format(new Date())
    expect(notes).toContain(
      `2021/22 (Persons): Revised from 63.5% to 63.7% on ${today} by the data template file synthetic-revision.csv.`,
    )
    expect(notes.match(/<li>/g)).toHaveLength(1)
  })

  it('gives the definition and source metadata, with the Fingertips link', () => {
    const definition = page.slice(page.indexOf('data-qa="definition"'), page.indexOf('id="golden-thread"'))
    expect(definition).toMatch(
      /Which way is better\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Higher is better/,
    )
    expect(definition).toContain('href="https://fingertips.phe.org.uk/search/90631"')
    expect(definition).toContain('Every academic year (September to August)')
  })

  it('renders a seed-figure indicator (one period, no intervals) with reasons in place of charts', async () => {
    const seed = (await get('/indicators/year-6-obesity')).body
    expect(seed).toContain(
      '<p class="govuk-body-l" data-qa="finding">Obesity in Year 6 in Barking and Dagenham was 33.2%, 2021/22.</p>',
    )
    expect(seed).not.toContain('<svg')
    expect(seed).toContain(
      'There is only one period of data for Barking and Dagenham (2021/22), so there is no history to chart yet.',
    )
    expect(seed).toContain('cannot be ranked among them')
    expect(seed).toContain('no inequality breakdowns to show')
    expect(seed).not.toContain('Download this data')
    expect(tableCells(seed, 'latest-figures')[0]!.slice(0, 4)).toEqual([
      'Barking and Dagenham',
      'Persons',
      '2021/22',
      '33.2%',
    ])
    expect((await get('/indicators/year-6-obesity/data/history.csv')).statusCode).toBe(404)
    expect((await get('/indicators/one-year-check')).body).toContain('No data has been loaded for this indicator yet.')
  })

  it('lists the actions linked to the indicator, with their status in words and whether overdue', async () => {
    const db = t.database.db
    const action = {
      title: 'Synthetic action to test linking',
      organisationId: 'lbbd',
      leadRole: 'Head of Early Years',
      dueDate: '2020-03-31',
      indicatorIds: [ID],
    }
    await createAction(db, action, 'test')
    const body = (await get(`/indicators/${ID}`)).body
    const actions = body.slice(body.indexOf('data-qa="linked-actions"'), body.indexOf('id="revisions"'))
    expect(actions).toMatch(
      /<a class="govuk-link[^"]*" href="\/actions\/\d+">[^<]*Synthetic action to test linking<\/a>/,
    )
    expect(actions).toMatch(/<strong class="govuk-tag[^"]*">\s*Not started\s*<\/strong>/)
    expect(actions).toContain('Overdue')
  })

  describe('the story behind the curve', () => {
    let analyst: TestUser
    const edit = (user: TestUser, form: Record<string, string | number>, csrf = user.csrf) =>
      t.app.inject({
        method: 'POST',
        url: `/indicators/${ID}/commentary`,
        headers: { cookie: user.cookie },
        payload: { _csrf: csrf, ...form },
      })
    beforeAll(async () => {
      analyst = await signInAs(t.app, t.database.db, 'analyst')
    })

    it('is for analysts: the public is sent to sign in, an owner is refused', async () => {
      const anonymous = await get(`/indicators/${ID}/commentary`)
      expect(anonymous.statusCode).toBe(302)
      expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/indicators/${ID}/commentary`)}`)
      expect(
        (await t.app.inject({ method: 'POST', url: `/indicators/${ID}/commentary`, payload: { storyMd: 'x' } }))
          .statusCode,
      ).toBe(401)
      const owner = await signInAs(t.app, t.database.db, 'owner')
      expect((await get(`/indicators/${ID}/commentary`, owner.cookie)).statusCode).toBe(403)
      expect((await edit(owner, { storyMd: 'x', version: 0 })).statusCode).toBe(403)
      expect((await get(`/indicators/${ID}`)).body).not.toContain('data-qa="edit-commentary"')
      expect((await get(`/indicators/${ID}`, analyst.cookie)).body).toContain('data-qa="edit-commentary"')
      expect((await get('/indicators/no-such-indicator/commentary', analyst.cookie)).statusCode).toBe(404)
    })

    it('is saved as sanitised Markdown, audited with before and after, and the public page shows it', async () => {
      const db = t.database.db
      const form = await get(`/indicators/${ID}/commentary`, analyst.cookie)
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain(`<input type="hidden" name="_csrf" value="${analyst.csrf}">`)
      expect(form.body).toMatch(/<textarea[^>]*id="storyMd"/)
      const publicBefore = (await get(`/indicators/${ID}`)).body
      const versionBefore = await readDataVersion(db)

      const story =
        'Synthetic story: the curve rose.\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n' +
        '[bad link](javascript:alert(3)) and [a good one](https://example.org/evidence)'
      const saved = await edit(analyst, {
        storyMd: story,
        partnersMd: '- Early years settings\n- Health visiting',
        whatWorksMd: '',
        version: 0,
      })
      expect(saved.statusCode).toBe(303)
      expect(saved.headers.location).toBe(`/indicators/${ID}#story`)
      expect(Number(await readDataVersion(db))).toBeGreaterThan(Number(versionBefore))

      const body = (await get(`/indicators/${ID}`)).body
      expect(body).not.toBe(publicBefore)
      const shown = section(body, 'commentary-story')
      expect(shown).toContain('<p class="govuk-body">Synthetic story: the curve rose.</p>')
      expect(shown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(shown).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;')
      expect(shown).not.toMatch(/<script|<img|href="javascript/i)
      expect(shown).toContain('<a href="https://example.org/evidence" class="govuk-link">a good one</a>')
      expect(section(body, 'commentary-partners')).toContain('<li>Health visiting</li>')

      const second = await edit(analyst, {
        storyMd: 'Synthetic story, second version.',
        partnersMd: '',
        whatWorksMd: 'Synthetic evidence.',
        version: 1,
      })
      expect(second.statusCode).toBe(303)
      const trail = await findAuditTrail(db, 'indicator_commentary', ID)
      expect(trail.map((e) => e.action)).toEqual(['indicator-commentary.create', 'indicator-commentary.update'])
      expect(trail[0]!.before).toBeNull()
      expect(trail[0]!.after).toMatchObject({ version: 1, story_md: story })
      expect(trail[1]!.before).toMatchObject({
        version: 1,
        story_md: story,
        partners_md: '- Early years settings\n- Health visiting',
      })
      expect(trail[1]!.after).toMatchObject({
        version: 2,
        story_md: 'Synthetic story, second version.',
        what_works_md: 'Synthetic evidence.',
      })
      expect(trail[1]!.actor).toContain(analyst.email)
      // Nothing is deleted: the first version is archived, the second is current.
      const versions = await db
        .selectFrom('indicator_commentary')
        .select(['version', 'archived_at'])
        .where('indicator_id', '=', ID)
        .orderBy('version')
        .execute()
      expect(versions.map((v) => [v.version, v.archived_at === null])).toEqual([
        [1, false],
        [2, true],
      ])
    })

    it('keeps what was typed and explains, when the text is too long or someone saved first', async () => {
      const long = await edit(analyst, { storyMd: 'x'.repeat(20_001), partnersMd: 'kept', whatWorksMd: '', version: 2 })
      expect(long.statusCode).toBe(400)
      expect(long.body).toContain('govuk-error-summary')
      expect(long.body).toContain('href="#storyMd"')
      expect(long.body).toMatch(/<textarea[^>]*id="partnersMd"[^>]*>kept<\/textarea>/)
      const stale = await edit(analyst, { storyMd: 'An older draft', partnersMd: '', whatWorksMd: '', version: 1 })
      expect(stale.statusCode).toBe(409)
      expect(stale.body).toContain('Someone else saved changes')
      expect(stale.body).toContain('An older draft')
      expect((await edit(analyst, { storyMd: 'No token', version: 2 }, 'wrong')).statusCode).toBe(403)
      const current = await t.database.db
        .selectFrom('indicator_commentary')
        .select('story_md')
        .where('indicator_id', '=', ID)
        .where('archived_at', 'is', null)
        .executeTakeFirstOrThrow()
      expect(current.story_md).toBe('Synthetic story, second version.')
    })
  })
})
