/**
 * Issue 13's "done when", measured on the shipped files: framework indicators with a real published
 * series of at least five periods for Barking and Dagenham, London and England (the same count the
 * real-data test makes on the database, without loading it). Print it: `npx tsx scripts/realdata/series-count.ts`.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { countSeries, countShippedSeries, TARGET_AREAS } from '../../scripts/realdata/series-count.js'

describe('real series in the shipped data', () => {
  it(
    'gives at least 35 framework indicators five or more periods for Barking and Dagenham, London and England',
    { timeout: 120_000 },
    async () => {
      const result = await countShippedSeries(path.join(projectRoot, 'data'))
      console.log(`${result.indicators.length} framework indicators with at least 5 periods for all three areas`)
      expect(result.indicators.length).toBeGreaterThanOrEqual(35)
      for (const id of ['repeat-referrals', 'gld-eyfs', 'year-r-obesity', 'send-absence'])
        expect(result.indicators).toContain(id)
      // First time entrants: LAIT's England figure is a count, stored as missing, so England has no series.
      expect(result.byArea.bd).toContain('first-time-entrants')
      expect(result.byArea.england).not.toContain('first-time-entrants')
    },
  )

  it('counts distinct periods with a value, from rows citing the licence, for framework indicators only', () => {
    const row = (
      indicator_id: string,
      area_code: string,
      period: string,
      value = '1',
      source = 'DfE; Open Government Licence v3.0',
    ) => ({ indicator_id, area_code, period, value, source })
    const areas = Object.values(TARGET_AREAS)
    const rows = [
      ...areas.flatMap((a) => ['2019', '2020', '2021', '2022', '2023'].map((p) => row('five', a, p))),
      ...areas.flatMap((a) => ['2019', '2020', '2021', '2022'].map((p) => row('four', a, p))),
      // A fifth period that is missing, or quoted from a document, does not count.
      ...areas.map((a) => row('four', a, '2023', '')),
      ...areas.map((a) => row('four', a, '2024', '3', 'seed document')),
      // The same period twice (two breakdowns) counts once.
      ...areas.flatMap((a) => ['2019', '2019', '2020', '2021', '2022', '2023'].map((p) => row('context', a, p))),
    ]
    const framework = new Map([
      ['five', {}],
      ['four', {}],
    ])
    expect(countSeries(rows, framework).indicators).toEqual(['five'])
    expect(countSeries(rows, framework, 4).indicators).toEqual(['five', 'four'])
  })
})
