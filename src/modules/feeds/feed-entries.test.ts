import { describe, expect, it } from 'vitest'
import type { PublicPoint } from '../disclosure/public-data.js'
import { SUPPRESSED_TEXT } from '../disclosure/public-data.js'
import { dataEntries, newest } from './feed-entries.js'

const point = (over: Partial<PublicPoint>): PublicPoint => ({
  indicatorId: 'ind',
  areaCode: 'E09000002',
  areaName: 'Barking and Dagenham',
  periodKey: '2022',
  periodLabel: '2022/23',
  periodType: 'financial_year',
  sex: 'Persons',
  age: '',
  categoryType: '',
  category: '',
  value: 61.25,
  lower95: null,
  upper95: null,
  lower998: null,
  upper998: null,
  count: 100,
  denominator: 200,
  note: null,
  source: 'Synthetic',
  recordedAt: '2026-01-02T10:00:00.000Z',
  suppressed: null,
  ...over,
})

const indicator = { id: 'ind', name: 'An indicator', unit: '%', path: '/indicators/ind' }
const area = { code: 'E09000002', name: 'Barking and Dagenham' }

describe('feed entries', () => {
  it('makes one entry per import for the area, each figure as shown, suppressed ones said so', () => {
    const entries = dataEntries(
      indicator,
      [
        point({ periodKey: '2021', periodLabel: '2021/22', recordedAt: '2026-01-01T10:00:00.000Z', value: 60 }),
        point({}),
        point({ sex: 'Male', value: null, count: null, suppressed: 'small-count' }),
        point({ areaCode: 'E92000001', value: 70 }),
      ],
      area,
      'https://site',
    )
    expect(entries).toHaveLength(2)
    const latest = newest(entries)[0]!
    expect(latest.id).toBe(`https://site/indicators/ind#data-${Date.parse('2026-01-02T10:00:00.000Z')}`)
    expect(latest.title).toBe('An indicator: new figures for Barking and Dagenham (2022/23)')
    expect(latest.summary).toContain(`2022/23: 61.3%; 2022/23 (Male): ${SUPPRESSED_TEXT}`)
    expect(latest.summary).not.toContain('70')
    expect(latest.href).toBe('https://site/indicators/ind')
  })

  it('names at most twenty figures in an entry and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      point({ periodKey: String(2000 + i), periodLabel: String(2000 + i) }),
    )
    const [entry] = dataEntries(indicator, many, area, '')
    expect(entry!.summary).toContain("and 5 more on the indicator's page")
    expect(entry!.summary.match(/61\.3%/g)).toHaveLength(20)
  })
})
