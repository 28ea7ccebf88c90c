/**
 * /area-profile, on both engines: the spine chart (wide and narrow) with its table and sentence,
 * from figures read through disclosure control. SYNTHETIC figures are planted: one indicator for
 * the borough, England, London and six other authorities (so it has a range), and one whose
 * borough figure is a small count (so it must stay suppressed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'

const BD = 'E09000002'
const header =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,value_note,source'
const line = (id: string, area: string, value: string, count = '', denominator = '') =>
  `${id},${area},2032/33,,,,,${value},${count},${denominator},,,,Synthetic test data (area-profile.test.ts)`
const others = ['E06000001', 'E06000002', 'E06000003', 'E08000001', 'E09000003', 'E09000004']
const planted = [
  header,
  line('gld-eyfs', BD, '61.0', '610', '1000'),
  line('gld-eyfs', 'E92000001', '67.0', '67000', '100000'),
  line('gld-eyfs', 'E12000007', '69.0', '6900', '10000'),
  ...others.map((a, i) => line('gld-eyfs', a, String(58 + i * 3), String((58 + i * 3) * 10), '1000')),
  line('year-6-obesity', BD, '0.3', '3', '1000'),
  line('year-6-obesity', 'E92000001', '22.0', '22000', '100000'),
]

const cells = (html: string) =>
  [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()),
  )

describe.each(engines)('the area profile (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let body: string
  beforeAll(async () => {
    t = await createTestApp(engine)
    expect(
      await importData(t.database.db, [planted.join('\n')], {
        sourceName: 'area-profile.csv',
        format: 'template',
        actor: 'test',
      }),
    ).toMatchObject({ stored: true, rejected: 0 })
    const res = await t.app.inject({ url: '/area-profile' })
    expect(res.statusCode).toBe(200)
    body = res.body
  }, 600_000)
  afterAll(async () => t?.close())

  it('draws the spine chart twice, wide and narrow, each with its own title, and is linked from the overview', async () => {
    expect(body).toContain('id="chart-area-profile-title"')
    expect(body).toContain('id="chart-area-profile-narrow-title"')
    expect(body).toMatch(/class="app-chart-layout--narrow"/)
    expect((await t.app.inject({ url: '/' })).body).toContain('href="/area-profile"')
  })

  it('gives the planted indicator its range across authorities, London, England and its comparison', () => {
    const table = body.split('data-qa="table-area-profile"')[1]!.split('</table>')[0]!
    const gld = cells(table).find((r) => r[0]!.startsWith('Children achieving a good level of development'))!
    // 61.0 against 58, 61, 64, 67, 70, 73 and England 67.0: the borough is among the seven authorities.
    expect(gld.slice(1)).toEqual([
      '2032/33',
      '61.0%',
      'Worse',
      '69.0%',
      '67.0%',
      '58.0%',
      '61.0% to 68.5%',
      '73.0%',
      expect.any(String),
    ])
  })

  it('keeps a small number suppressed, in the table and the chart', () => {
    const table = body.split('data-qa="table-area-profile"')[1]!.split('</table>')[0]!
    const obesity = cells(table).find((r) => r[0]!.toLowerCase().includes('obese') || r[0]!.includes('Year 6'))!
    expect(obesity[2]).toBe('Suppressed (small number)')
    expect(body).not.toContain('0.3%')
    const chart = body.split('id="chart-area-profile-title"')[1]!.split('</svg>')[0]!
    expect(chart).toContain('Suppressed (small number)')
  })

  it('says the position in a sentence whose count is the table’s rows', () => {
    const table = body.split('data-qa="table-area-profile"')[1]!.split('</table>')[0]!
    const rows = cells(table.split('<tbody')[1]!)
    const sentence = /data-qa="profile-summary">([^<]+)</.exec(body)![1]!
    expect(sentence).toMatch(new RegExp(`^Of ${rows.length} indicators? with a figure for Barking and Dagenham, `))
    const worse = rows.filter((r) => r[3] === 'Worse').length
    expect(sentence).toContain(`${worse} significantly worse`)
  })
})
