import { describe, expect, it } from 'vitest'
import { coverageCounts, coverageRows, nextPeriod } from './coverage.js'
import type { SourceMappingFile } from './source-mapping.schema.js'

describe('nextPeriod', () => {
  it('writes the period after a label in its own style', () => {
    expect(nextPeriod('2024')).toBe('2025')
    expect(nextPeriod('2024/25')).toBe('2025/26')
    expect(nextPeriod('2099/00')).toBe('2100/01')
    expect(nextPeriod('2022 - 24')).toBe('2023 - 25')
    expect(nextPeriod('2021/22 - 23/24')).toBe('2022/23 - 24/25')
    expect(nextPeriod('year ending 15 November 2025')).toBe('year ending 15 November 2026')
    expect(nextPeriod('Mar 2023')).toBeNull()
  })
})

describe('coverageRows', () => {
  const mappings = {
    sources: {
      lait: {
        publisher: 'DfE',
        publication: 'LAIT',
        file: 'f',
        origin: 'o',
        licence: 'Open Government Licence v3.0',
        format: 'lait',
        output: 'real-x.csv',
        frequency: 'annual',
        in_build: true,
      },
    },
    mappings: [
      {
        indicator: 'a',
        source: 'lait',
        measure: 'M',
        filters: {},
        years: 'calendar',
        scale: 1,
        unit: '%',
        breakdown: {},
        match: 'proxy',
        note: 'Proxy. A stand-in.',
        fills_gaps: false,
        withheld: [],
      },
    ],
    gaps: [{ indicator: 'b', reason: 'local_data', detail: 'Held by the council.' }],
  } as SourceMappingFile
  const rows = coverageRows({
    indicators: [
      { id: 'a', name: 'A', in_framework: true },
      { id: 'b', name: 'B', in_framework: true },
      { id: 'c', name: 'C', in_framework: false },
    ],
    mappings,
    latest: new Map([
      ['a', '2024/25'],
      ['b', null],
      ['c', '2021'],
    ]),
    loaded: new Map([['a', new Date('2026-01-02T00:00:00Z')]]),
    onOverview: new Set(['a', 'b']),
    href: (id) => `/indicators/${id}`,
    formatDate: (d) => d.toISOString().slice(0, 10),
  })

  it('says where each indicator stands, and why one has no public source', () => {
    expect(rows).toEqual([
      {
        id: 'a',
        title: 'A',
        href: '/indicators/a',
        kind: 'Framework',
        onOverview: true,
        source: 'DfE, LAIT',
        measure: 'Proxy',
        latest: '2024/25',
        loaded: '2026-01-02',
        nextFigures: '2025/26 (published yearly)',
        why: null,
      },
      {
        id: 'b',
        title: 'B',
        href: '/indicators/b',
        kind: 'Framework',
        onOverview: true,
        source: 'No public source yet',
        measure: 'None yet',
        latest: null,
        loaded: null,
        nextFigures: null,
        why: 'Local data needed: no national publication measures it. Held by the council.',
      },
      {
        id: 'c',
        title: 'C',
        href: '/indicators/c',
        kind: 'Context',
        onOverview: false,
        source: "Figures quoted in the strategy's source documents",
        measure: 'Quoted in the strategy',
        latest: '2021',
        loaded: null,
        nextFigures: null,
        why: null,
      },
    ])
    expect(coverageCounts(rows)).toEqual({
      indicators: 3,
      framework: 2,
      context: 1,
      withFigures: 2,
      exact: 0,
      proxy: 1,
      quotedOnly: 1,
      noneYet: 1,
      overview: { indicators: 2, noData: 1 },
    })
  })
})

describe('checkResponse (Fingertips)', () => {
  const csv = Buffer.from('Indicator ID,Indicator Name,Area Code,Value\n93356,x,E92000001,1\n')
  it('takes a whole Fingertips CSV and refuses anything else, saying why', async () => {
    const { checkResponse } = await import('./fingertips-fetch.js')
    expect(checkResponse(200, String(csv.length), csv)).toBeNull()
    expect(checkResponse(200, null, csv)).toBeNull()
    expect(checkResponse(503, null, csv)).toBe('the API answered HTTP 503')
    expect(checkResponse(200, '999', csv)).toBe(
      `the response was cut short: ${csv.length} of the 999 bytes it declared arrived`,
    )
    expect(checkResponse(200, null, csv.subarray(0, csv.length - 3))).toBe(
      'the response was cut short: its last row has no line end',
    )
    expect(checkResponse(200, null, Buffer.from('<html>oops</html>\n'))).toBe(
      'the response is not a Fingertips CSV (it begins "<html>oops</html> ")',
    )
  })
})
