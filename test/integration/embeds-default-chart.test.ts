/**
 * An indicator published by breakdown (as Year 6 obesity is, by weight category, in the real data)
 * may have no history of everyone to draw: its plain embed address shows the first chart it has rather
 * than a 404, and a chart named that it lacks is still refused. SYNTHETIC figures; both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'

const ID = 'year-6-obesity'
const years = ['2020/21', '2021/22', '2022/23']
const CSV = [
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,source',
  ...years.flatMap((y, i) =>
    ['E09000002', 'E12000007', 'E92000001'].flatMap((area, a) => [
      `${ID},${area},${y},,,Synthetic group,Group A,${(50 + i + a).toFixed(1)},${500 + 10 * i + 10 * a},1000,Synthetic embed data`,
      `${ID},${area},${y},,,Synthetic group,Group B,${(60 + i + a).toFixed(1)},${600 + 10 * i + 10 * a},1000,Synthetic embed data`,
    ]),
  ),
].join('\n')

describe.each(engines)('the embed of an indicator with no history of everyone (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  beforeAll(async () => {
    t = await createTestApp(engine)
    const report = await importData(t.database.db, [CSV], {
      sourceName: 'embed-groups.csv',
      format: 'template',
      actor: 'test',
    })
    expect(report.stored).toBe(true)
  }, 120_000)
  afterAll(async () => t?.close())

  it('shows the first chart it has at its plain address, with the image beside it', async () => {
    const res = await get(`/embed/indicators/${ID}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Group A')
    // The image addresses, with no chart named, draw the same first chart.
    const svg = await get(`/embed/indicators/${ID}/chart.svg`)
    expect(svg.statusCode).toBe(200)
    expect(svg.body).toContain('Group A')
    expect((await get(`/embed/indicators/${ID}/chart.png`)).statusCode).toBe(200)
  })

  // Its history is the one seed figure for everyone, too little to draw or tabulate: before, the
  // plain address asked for this and was refused.
  it('still refuses a chart named that it does not have', async () => {
    expect((await get(`/embed/indicators/${ID}?chart=history`)).statusCode).toBe(404)
  })
})
