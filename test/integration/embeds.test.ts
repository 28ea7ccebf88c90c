/**
 * Embeds: an indicator's chart with its table as a standalone page any site may frame (and only
 * these routes), the chart alone as SVG with its title and description, the "Embed this chart"
 * code on the indicator page; an indicator with no public figures, or a chart it lacks, is
 * refused; a small number stays suppressed in every embed. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { SUPPRESSED_TEXT } from '../../src/modules/disclosure/public-data.js'
import { allText, descendants, parseXml } from '../../src/modules/charts/xml.testing.js'

const INDICATOR = 'gld-eyfs'
const years = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
/** SYNTHETIC figures, with a Male count of 3 in 40 that no embed may show. */
const EMBED_SYNTHETIC = [
  'indicator_id,area_code,period,sex,value,count,denominator,source',
  ...years.flatMap((y, i) => [
    `${INDICATOR},E09000002,${y},,${(60 + i).toFixed(1)},${1800 + 30 * i},3000,Synthetic embed-test data`,
    `${INDICATOR},E12000007,${y},,${(62 + 0.5 * i).toFixed(1)},${62000 + 500 * i},100000,Synthetic embed-test data`,
    `${INDICATOR},E92000001,${y},,${(63.5 + 0.5 * i).toFixed(1)},${381000 + 3000 * i},600000,Synthetic embed-test data`,
  ]),
  ...['E09000003', 'E09000004', 'E09000005'].map(
    (a, i) => `${INDICATOR},${a},2022/23,,${(55 + 4 * i).toFixed(1)},${1650 + 120 * i},3000,Synthetic embed-test data`,
  ),
  `${INDICATOR},E09000002,2021/22,Male,7.5,3,40,Synthetic embed-test data`,
  `${INDICATOR},E09000002,2022/23,Male,60.0,900,1500,Synthetic embed-test data`,
  `${INDICATOR},E09000002,2022/23,Female,70.0,1050,1500,Synthetic embed-test data`,
].join('\n')

const SMALL = [/(?<![\d.])7\.5(?!\d)/, /(?<!\d)3 (of|in|out of) 40(?!\d)/]

describe.each(engines)('embeds (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const get = (url: string) => t.app.inject({ method: 'GET', url })
  let refusedBeforeData: number

  beforeAll(async () => {
    t = await createTestApp(engine)
    refusedBeforeData = (await get(`/embed/indicators/${INDICATOR}`)).statusCode
    const report = await importData(t.database.db, [EMBED_SYNTHETIC], {
      sourceName: 'embed-test.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.stored).toBe(true)
  }, 120_000)
  afterAll(async () => t?.close())

  it('renders the chart and its table standalone: no header or navigation, titled SVG, source, licence line and a link back', async () => {
    const res = await get(`/embed/indicators/${INDICATOR}`)
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).not.toMatch(/govuk-header|govuk-service-navigation|govuk-footer|app-account-bar|<nav\b/)
    expect(html).toContain('<html lang="en"')
    expect(html).toContain('/govuk/govuk-frontend.min.css')
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)![0]
    expect(svg).toMatch(/role="img"/)
    expect(svg).toMatch(/aria-labelledby="[^"]+-title [^"]+-desc"/)
    expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc>/)
    expect(html).toMatch(/<table class="govuk-table"/)
    expect(html).toContain('data-qa="embed-source"')
    expect(html).toContain('Synthetic embed-test data')
    expect(html).toMatch(new RegExp(`href="/indicators/${INDICATOR}" target="_blank" rel="noopener"`))
  })

  it('may be framed by any site (frame-ancestors *), fresh or from the page cache; other pages still may not', async () => {
    for (let i = 0; i < 2; i++) {
      for (const url of [`/embed/indicators/${INDICATOR}`, `/embed/indicators/${INDICATOR}/chart.svg`]) {
        const res = await get(url)
        const csp = String(res.headers['content-security-policy'])
        expect(csp, url).toMatch(/(^|;)frame-ancestors \*($|;)/)
        expect(csp, url).not.toContain("frame-ancestors 'none'")
        expect(res.headers['x-frame-options'], url).toBeUndefined()
        expect(csp, url).toContain("default-src 'self'")
      }
    }
    const page = await get(`/indicators/${INDICATOR}`)
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('gives the chart alone as an SVG image whose title and description are its text alternative', async () => {
    const res = await get(`/embed/indicators/${INDICATOR}/chart.svg`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8')
    expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true)
    const svg = parseXml(res.body.slice(res.body.indexOf('\n') + 1).trim())
    expect(svg.name).toBe('svg')
    expect(svg.attrs.xmlns).toBe('http://www.w3.org/2000/svg')
    expect(allText(svg.children.find((c) => c.name === 'title')!)).toMatch(/\w/)
    expect(allText(svg.children.find((c) => c.name === 'desc')!)).toMatch(/\w/)
    expect(descendants(svg).length).toBeGreaterThan(10)
  })

  it('gives the same chart as a PNG image, rendered from the SVG', async () => {
    const res = await get(`/embed/indicators/${INDICATOR}/chart.png`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    const png = res.rawPayload
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    const width = png.readUInt32BE(16)
    const viewBoxWidth = Number(
      /viewBox="[\d.-]+ [\d.-]+ ([\d.]+)/.exec((await get(`/embed/indicators/${INDICATOR}/chart.svg`)).body)![1],
    )
    expect(width).toBe(Math.round(viewBoxWidth * 2))
    expect(png.length).toBeGreaterThan(5000) // drawn, not blank
    expect((await get('/embed/indicators/no-such-indicator/chart.png')).statusCode).toBe(404)
  })

  it('the indicator page offers "Embed this chart": the iframe code, the image code with alt text, and the links', async () => {
    const html = (await get(`/indicators/${INDICATOR}`)).body
    const details = /data-qa="embed-this-chart"[\s\S]*?<\/details>/.exec(html)![0]
    expect(details).toContain('Embed this chart')
    expect(details).toMatch(
      new RegExp(`&lt;iframe src=&quot;http://localhost(:80)?/embed/indicators/${INDICATOR}&quot; title=&quot;[^&]+`),
    )
    expect(details).toMatch(
      new RegExp(
        `&lt;img src=&quot;http://localhost(:80)?/embed/indicators/${INDICATOR}/chart.svg&quot; alt=&quot;[^&]{20,}`,
      ),
    )
    expect(details).toContain(`href="/embed/indicators/${INDICATOR}"`)
    expect(details).toContain(`href="/embed/indicators/${INDICATOR}/chart.svg"`)
    expect(details).toContain(`href="/embed/indicators/${INDICATOR}?chart=boroughs"`)
  })

  it('never shows the small number, in any chart an embed offers', async () => {
    const html = (await get(`/indicators/${INDICATOR}`)).body
    const charts = [...html.matchAll(/href="(\/embed\/indicators\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
    expect(charts.some((c) => c.includes('chart=breakdown'))).toBe(true)
    const bodies: string[] = []
    for (const url of charts) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(200)
      for (const pattern of SMALL) expect(res.body, url).not.toMatch(pattern)
      bodies.push(res.body)
    }
    // The Male figure for 2021/22 is there, as suppressed.
    expect(bodies.some((b) => b.includes(`Male, 2021/22: ${SUPPRESSED_TEXT}`))).toBe(true)
  })

  it('refuses an embed of figures that are not public: no data, an unknown indicator, a chart it lacks', async () => {
    expect(refusedBeforeData).toBe(404)
    expect((await get('/embed/indicators/no-such-indicator')).statusCode).toBe(404)
    expect((await get('/embed/indicators/no-such-indicator/chart.svg')).statusCode).toBe(404)
    expect((await get(`/embed/indicators/${INDICATOR}?chart=no-such-chart`)).statusCode).toBe(404)
  })
})
