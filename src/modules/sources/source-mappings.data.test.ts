/**
 * Checks data/sources/mappings.yaml against the indicator metadata: it validates, every indicator
 * is either mapped to a published measure or listed as a gap with its reason (never both), and a
 * proxy says what it stands in for.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../config.js'
import { readIndicatorMetadata } from '../indicators/reference-data.js'
import { readSourceMappings } from './source-mapping.schema.js'
import { provenanceFor } from './source-provenance.js'

const mappings = readSourceMappings(path.join(projectRoot, 'data/sources/mappings.yaml'))
const indicators = readIndicatorMetadata(
  ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(projectRoot, 'data/indicators', f)),
)

describe('data/sources/mappings.yaml', () => {
  it('maps each indicator to a published measure or gives the reason it has none, for all 134', () => {
    const ids = indicators.map((i) => i.indicator.id)
    const mapped = new Set(mappings.mappings.map((m) => m.indicator))
    const gaps = new Set(mappings.gaps.map((g) => g.indicator))
    expect(ids).toHaveLength(134)
    for (const id of ids) expect(mapped.has(id) !== gaps.has(id), id).toBe(true)
    for (const id of [...mapped, ...gaps]) expect(ids, id).toContain(id)
  })

  it('says of every proxy what it is, and cites the licence of every source', () => {
    for (const m of mappings.mappings) {
      if (m.match === 'proxy') expect(m.note, `${m.indicator} ${m.measure}`).toMatch(/^Proxy\. /)
      else expect(m.note, `${m.indicator} ${m.measure}`).not.toMatch(/^Proxy/)
    }
    for (const s of Object.values(mappings.sources)) expect(s.licence).toBe('Open Government Licence v3.0')
  })

  it('gives a page the proxy notes of the measure for everyone first', () => {
    expect(provenanceFor('educational-attainment', mappings)).toMatchObject({
      match: 'proxy',
      notes: [
        expect.stringMatching(
          /^Pupils meeting the expected standard in reading, writing and mathematics at key stage 2/,
        ),
      ],
    })
    expect(provenanceFor('repeat-referrals', mappings)).toMatchObject({ match: 'exact', notes: [] })
    expect(provenanceFor('one-year-check', mappings)).toBeNull()
  })
})
