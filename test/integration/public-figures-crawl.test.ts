/**
 * A crawl of every public indicator page with data: no note marked internal, no revision note
 * where the value as shown did not change, and every series of the history chart naming its
 * breakdown. SYNTHETIC figures are planted for one indicator so each rule has something to catch:
 * an internal note, a revision that leaves 33.2% as 33.2%, and a Female-only series.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { isInternalNote } from '../../src/modules/indicators/value-notes.js'

const ID = 'gld-eyfs'
const BD = 'E09000002'
const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,value_note,source'
const line = (period: string, value: string, sex: string, note = '') =>
  `${ID},${BD},${period},${sex},,,,${value},,,,,${note},Synthetic test data (public-figures-crawl.test.ts)`
const first = [
  header,
  line('2020/21', '33.21', 'Female', 'Internal: typed by hand from the PDF'),
  line('2021/22', '34.0', 'Female'),
  line('2022/23', '35.0', 'Female'),
]
const revised = [header, line('2020/21', '33.24', 'Female', 'Internal: typed by hand from the PDF')]

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

describe.each(engines)('public figures said right (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let pages: Map<string, string>
  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    expect(
      await importData(db, [first.join('\n')], { sourceName: 'crawl.csv', format: 'template', actor: 'test' }),
    ).toMatchObject({ stored: true, rejected: 0 })
    expect(
      await importData(db, [revised.join('\n')], {
        sourceName: 'crawl-revision.csv',
        format: 'template',
        actor: 'test',
      }),
    ).toMatchObject({ stored: true, revised: 1 })
    const ids = (
      await db.selectFrom('data_points').select('indicator_id').where('replaced_at', 'is', null).distinct().execute()
    ).map((r) => r.indicator_id)
    pages = new Map()
    for (const id of ids) {
      const res = await t.app.inject({ url: `/indicators/${id}` })
      if (res.statusCode === 200) pages.set(id, res.body)
    }
    // The area profile shows every indicator's figure at once: the same rules hold there.
    pages.set('area-profile', (await t.app.inject({ url: '/area-profile' })).body)
  }, 600_000)
  afterAll(async () => t?.close())

  it('crawls the planted indicator and others', () => {
    expect(pages.has(ID)).toBe(true)
    expect(pages.size).toBeGreaterThan(1)
  })

  it('shows no note marked internal on any public page', async () => {
    const notes = (
      await t.database.db
        .selectFrom('data_points')
        .select('value_note')
        .where('value_note', 'is not', null)
        .distinct()
        .execute()
    )
      .map((r) => r.value_note!)
      .filter(isInternalNote)
    expect(notes).toContain('Internal: typed by hand from the PDF')
    for (const [id, body] of pages)
      for (const note of notes)
        expect(body.includes(escape(note)) || body.includes(note), `${id} shows "${note}"`).toBe(false)
  })

  it('shows no revision where the value as shown did not change, and names the file behind each', () => {
    for (const [id, body] of pages) {
      expect(body, id).not.toMatch(/Revised from ([^<]+?) to \1 on /)
      for (const note of body.match(/Revised from [^<]*/g) ?? [])
        expect(note, id).toMatch(/ on \d{1,2} \w+ \d{4} by the /)
    }
  })

  it('never compares England, the benchmark, with itself', () => {
    for (const [id, body] of pages) {
      const table = body.split('data-qa="latest-figures"')[1]?.split('</table>')[0]
      if (!table) continue
      for (const row of table.split('<tr').filter((r) => />England<\/th>/.test(r)))
        expect(row, id).toContain('<td class="govuk-table__cell">The benchmark</td>')
    }
  })

  it('names every history series’ breakdown in the legend', () => {
    for (const [id, body] of pages) {
      const chart = /<svg[^>]*aria-labelledby="chart-history-title[\s\S]*?<\/svg>/.exec(body)?.[0]
      if (!chart) continue
      const legend = [...(chart.split('app-chart__legend"')[1] ?? '').matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map(
        (m) => m[1]!,
      )
      const series = legend.filter((name) => !/^Projection|^Target/.test(name))
      expect(series.length, id).toBeGreaterThan(0)
      for (const name of series) expect(name, `${id}: ${name}`).toMatch(/\((persons|Female|Male)[^)]*\)$/)
    }
    expect(pages.get(ID)).toContain('Barking and Dagenham (Female, all ages)')
  })
})
