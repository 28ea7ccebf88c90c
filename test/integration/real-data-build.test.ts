/**
 * `npm run data:build` rebuilds the shipped real data byte for byte from ../shared/realdata: the
 * build runs here into memory and every file it writes must equal the committed one. It fails in
 * CI if ../shared/realdata is missing, and is skipped with a warning elsewhere.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { buildRealData } from '../../scripts/realdata/build.js'
import { sharedReference } from '../helpers/shared-reference.js'

const { present } = sharedReference('README.md', 'realdata')
const realdata = path.resolve(projectRoot, '..', 'shared', 'realdata')
const dataDir = path.join(projectRoot, 'data')

describe.skipIf(!present)('the real-data build', () => {
  it('rebuilds every shipped real-data file byte for byte, with no problem', { timeout: 300_000 }, async () => {
    const result = await buildRealData(realdata, dataDir)
    expect(result.problems).toEqual([])
    expect([...result.files.keys()].sort()).toEqual([
      'areas/dfe-la-codes.csv',
      'areas/statistical-neighbours.csv',
      'datasets/real-dfe-children-in-need.csv',
      'datasets/real-dfe-lait.csv',
      'datasets/real-dfe-outcomes-cin-cla.csv',
      'datasets/real-dfe-sen2.csv',
      'datasets/real-ons-explore-local-statistics.csv',
    ])
    for (const [relative, content] of result.files) {
      const committed = readFileSync(path.join(dataDir, relative), 'utf8')
      // Compared as text first so a difference is shown, not just a length.
      if (content !== committed) {
        const a = content.split('\n')
        const b = committed.split('\n')
        const line = a.findIndex((l, i) => l !== b[i])
        expect(`${relative} line ${line + 1}: ${a[line]}`).toBe(`${relative} line ${line + 1}: ${b[line]}`)
      }
    }
    // Barking and Dagenham's published figures, spot-checked against the sources' README.
    const row = (indicator: string, period: string) =>
      result.rows.find(
        (r) => r.indicatorId === indicator && r.areaCode === 'E09000002' && r.period === period && r.category === '',
      )
    expect(row('ehcp-plans-issued-timely', '2022')).toMatchObject({ value: '24.71', count: '64', denominator: '259' })
    expect(row('neet-16-17', '2024/25')).toMatchObject({ value: '3.7' })
    expect(row('repeat-referrals', '2024/25')).toMatchObject({ value: '21.8' })
    // LAIT's England figure for first time entrants is a count, not a rate: stored as missing, with the reason.
    const fte = result.rows.find(
      (r) => r.indicatorId === 'first-time-entrants' && r.areaCode === 'E92000001' && r.period === '2024',
    )
    expect(fte).toMatchObject({ value: '' })
    expect(fte?.valueNote).toMatch(/count of first time entrants, not a rate/)
    // A suppressed value is missing with its reason, never zero.
    const suppressed = result.rows.filter((r) => r.valueNote.startsWith('suppressed by the publisher'))
    expect(suppressed.length).toBeGreaterThan(0)
    for (const r of suppressed) expect(r.value).toBe('')
  })
})
