import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../config.js'
import { figureLabel, indicatorSourcesView, labelWords, mappingOf } from './figure-labels.js'
import { readSourceMappings } from './source-mapping.schema.js'

const mappings = readSourceMappings(path.join(projectRoot, 'data/sources/mappings.yaml'))
const LAIT = 'Department for Education, Local Authority Interactive Tool (LAIT)'
const figure = (over: Partial<Parameters<typeof figureLabel>[0]> = {}) => ({
  indicatorId: 'year-r-obesity',
  sex: 'Persons',
  age: '',
  categoryType: 'Weight category',
  category: 'Overweight including obesity',
  source: `${LAIT}: bds_long_0.parquet, measure ExcessRec; Open Government Licence v3.0`,
  periodLabel: '2024/25',
  recordedAt: '2026-12-01T23:30:00Z',
  ...over,
})

describe('figure labels', () => {
  it('labels a mapped proxy with its note, source, licence, London loading date and next period', () => {
    expect(figureLabel(figure(), mappings)).toEqual({
      match: 'proxy',
      proxyNote: expect.stringMatching(/^Children in Reception who are overweight or obese/),
      source: LAIT,
      licence: 'Open Government Licence v3.0',
      attribution: 'Contains public sector information licensed under the Open Government Licence v3.0.',
      period: '2024/25',
      loaded: '2026-12-01',
      nextFigures: '2025/26 (published yearly)',
    })
  })

  it("does not call the strategy's own figure, of another breakdown or source, a proxy", () => {
    expect(mappingOf(figure({ categoryType: '', category: '' }), mappings)).toBeNull()
    const seed = figureLabel(
      figure({ categoryType: '', category: '', source: '003_5b5069e9ece8a9f3.txt', recordedAt: null }),
      mappings,
    )
    expect(seed).toMatchObject({
      match: null,
      source: '003_5b5069e9ece8a9f3.txt',
      licence: null,
      attribution: null,
      loaded: null,
      nextFigures: null,
    })
    // The right breakdown from an analyst's own file is not the publisher's measure either.
    expect(mappingOf(figure({ source: 'local health visiting records' }), mappings)).toBeNull()
  })

  it('says the freshness in words, and the API view of an unmapped indicator has no source', () => {
    expect(labelWords(figureLabel(figure(), mappings), (d) => `[${d}]`)).toEqual({
      tag: 'Proxy',
      freshness: 'Loaded [2026-12-01]; next: 2025/26 (published yearly)',
    })
    expect(indicatorSourcesView(null, [], 'E09000002', null)).toEqual({
      match: null,
      proxy_notes: [],
      publications: [],
      licence: null,
      attribution: null,
      update_frequency: null,
      freshness: { area_code: 'E09000002', latest_period: null, loaded_at: null, next_figures: null },
    })
  })
})
