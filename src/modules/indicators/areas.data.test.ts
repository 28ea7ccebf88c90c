/**
 * Checks data/areas/areas.csv and data/areas/comparator-groups.csv: codes, parents, London, the
 * dates of the local government changes, and that every County & UA in the reference Fingertips
 * export is there.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sharedReference, FINGERTIPS_EXPORT } from '../../../test/helpers/shared-reference.js'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../stats/csv.js'

const AREAS = new URL('../../../data/areas/areas.csv', import.meta.url)
const GROUPS = new URL('../../../data/areas/comparator-groups.csv', import.meta.url)
const EXPORT = new URL(
  '../../../../shared/reference/fingertips/fingertips_93356_campylobacter_countyUA_2015-2017.csv',
  import.meta.url,
)

const ENGLAND = 'E92000001'
const LONDON = 'E12000007'

type Row = Record<string, string>

/**
 * Reads a CSV into rows keyed by header. Our files must have every field on every row; the
 * Fingertips export is read leniently, because its rows stop one field short of its 26-column
 * header (the empty "Compared to goal").
 */
function readRows(url: URL, { strict = true } = {}): { header: readonly string[]; rows: Row[] } {
  const [head, ...records] = parseCsv(readFileSync(fileURLToPath(url), 'utf8'))
  if (strict)
    for (const r of records) {
      const where = `${fileURLToPath(url)} line ${r.line}: ${r.fields.length} fields`
      expect(r.fields.length, where).toBe(head.fields.length)
    }
  return {
    header: head.fields,
    rows: records.map((r) => Object.fromEntries(head.fields.map((name, i) => [name, r.fields[i] ?? '']))),
  }
}

const areas = readRows(AREAS)
const groups = readRows(GROUPS)
const byCode = new Map(areas.rows.map((a) => [a.code, a]))

/** GSS code prefixes allowed for each type: upper tier only (no E07 districts, no wards). */
const PREFIXES: Record<string, readonly string[]> = {
  country: ['E92'],
  region: ['E12'],
  county_ua: ['E06', 'E08', 'E09', 'E10'],
}
const PARENT_TYPE: Record<string, string | null> = { country: null, region: 'country', county_ua: 'region' }

/** The changes to upper-tier codes since 2010: the areas that ended the day before, and those that began. */
const CHANGES = [
  { date: '2013-04-01', ended: ['E06000048', 'E08000020'], began: ['E06000057', 'E08000037'] },
  { date: '2019-04-01', ended: ['E06000028', 'E06000029', 'E10000009'], began: ['E06000058', 'E06000059'] },
  { date: '2020-04-01', ended: ['E10000002'], began: ['E06000060'] },
  { date: '2021-04-01', ended: ['E10000021'], began: ['E06000061', 'E06000062'] },
  {
    date: '2023-04-01',
    ended: ['E10000006', 'E10000023', 'E10000027'],
    began: ['E06000063', 'E06000064', 'E06000065', 'E06000066'],
  },
  { date: '2025-04-01', ended: ['E08000016', 'E08000019'], began: ['E08000038', 'E08000039'] },
] as const

const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
const dayBefore = (iso: string): string => {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}
const activeOn = (date: string) =>
  areas.rows.filter((a) => (a.valid_from === '' || a.valid_from <= date) && (a.valid_to === '' || date <= a.valid_to))

describe('data/areas/areas.csv', () => {
  it('has the documented columns and a source on every row', () => {
    expect(areas.header).toEqual(['code', 'name', 'type', 'parent_code', 'valid_from', 'valid_to', 'source'])
    for (const a of areas.rows) {
      expect(a.name.trim(), a.code).not.toBe('')
      expect(a.name, a.code).toBe(a.name.trim())
      expect(a.source.trim(), a.code).not.toBe('')
    }
  })

  it('has unique codes of a valid upper-tier GSS shape for their type', () => {
    const codes = areas.rows.map((a) => a.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const a of areas.rows) {
      expect(a.code, a.code).toMatch(/^E\d{8}$/)
      expect(Object.keys(PREFIXES), `${a.code} type`).toContain(a.type)
      expect(PREFIXES[a.type], `${a.code} is a ${a.type}`).toContain(a.code.slice(0, 3))
    }
    expect(areas.rows.filter((a) => a.type === 'country').map((a) => a.code)).toEqual([ENGLAND])
    expect(areas.rows.filter((a) => a.type === 'region').map((a) => a.code)).toEqual(
      Array.from({ length: 9 }, (_, i) => `E1200000${i + 1}`),
    )
  })

  it('gives every area a parent that exists and is one level up', () => {
    for (const a of areas.rows) {
      const wanted = PARENT_TYPE[a.type]
      if (wanted === null) {
        expect(a.parent_code, a.code).toBe('')
        continue
      }
      const parent = byCode.get(a.parent_code)
      expect(parent, `${a.code}'s parent ${a.parent_code}`).toBeDefined()
      expect(parent?.type, `${a.code}'s parent ${a.parent_code}`).toBe(wanted)
    }
  })

  it('has all 33 London areas (32 boroughs and the City of London) under London', () => {
    const london = areas.rows.filter((a) => a.parent_code === LONDON)
    const codes = Array.from({ length: 33 }, (_, i) => `E090000${String(i + 1).padStart(2, '0')}`)
    expect(london.map((a) => a.code)).toEqual(codes)
    expect(byCode.get('E09000001')?.name).toBe('City of London')
    expect(byCode.get('E09000002')?.name).toBe('Barking and Dagenham')
    expect(byCode.get(LONDON)?.parent_code).toBe(ENGLAND)
    for (const a of london) expect(a.valid_to, a.code).toBe('')
  })

  it('uses ISO dates, with valid_from before valid_to', () => {
    for (const a of areas.rows) {
      for (const d of [a.valid_from, a.valid_to]) if (d !== '') expect(isIsoDate(d), `${a.code} date ${d}`).toBe(true)
      if (a.valid_from !== '' && a.valid_to !== '') expect(a.valid_from < a.valid_to, a.code).toBe(true)
    }
  })

  it.each(CHANGES)('records the changes of $date consistently', ({ date, ended, began }) => {
    for (const code of ended) {
      const a = byCode.get(code)
      expect(a, code).toBeDefined()
      expect(a?.valid_to, `${code} ends the day before ${date}`).toBe(dayBefore(date))
    }
    for (const code of began) {
      const a = byCode.get(code)
      expect(a, code).toBeDefined()
      expect(a?.valid_from, `${code} begins on ${date}`).toBe(date)
      expect(a?.valid_to, `${code} is still open`).toBe('')
    }
    // The new areas sit in the same regions as the ones they replaced.
    const regions = (codes: readonly string[]) => [...new Set(codes.map((c) => byCode.get(c)?.parent_code))].sort()
    expect(regions(began)).toEqual(regions(ended))
  })

  it('has no start or end date that is not one of those changes', () => {
    const ends = new Set<string>(CHANGES.flatMap((c) => c.ended))
    const starts = new Set<string>(CHANGES.flatMap((c) => c.began))
    for (const a of areas.rows) {
      expect(a.valid_to !== '', `${a.code} valid_to`).toBe(ends.has(a.code))
      expect(a.valid_from !== '', `${a.code} valid_from`).toBe(starts.has(a.code))
    }
  })

  it.each([
    ['2012-06-30', 152],
    ['2016-01-01', 152],
    ['2019-04-01', 151],
    ['2020-04-01', 151],
    ['2021-04-01', 152],
    ['2023-04-01', 153],
    ['2025-04-01', 153],
  ])('has the right number of upper-tier authorities open on %s', (date, count) => {
    const open = activeOn(date).filter((a) => a.type === 'county_ua')
    expect(open.length).toBe(count)
    // No two open authorities share a name within a region.
    const names = open.map((a) => `${a.parent_code} ${a.name}`)
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('data/areas/comparator-groups.csv', () => {
  it('has the documented columns, known areas, and no area twice in a group', () => {
    expect(groups.header).toEqual(['group_id', 'group_name', 'area_code'])
    const seen = new Set<string>()
    for (const g of groups.rows) {
      expect(g.group_id, g.area_code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(byCode.has(g.area_code), `${g.group_id}: ${g.area_code}`).toBe(true)
      const key = `${g.group_id} ${g.area_code}`
      expect(seen.has(key), key).toBe(false)
      seen.add(key)
    }
    const names = new Map<string, Set<string>>()
    for (const g of groups.rows) names.set(g.group_id, (names.get(g.group_id) ?? new Set()).add(g.group_name))
    for (const [id, n] of names) expect(n.size, `${id} has one name`).toBe(1)
  })

  it('has london-boroughs: the 33 London areas', () => {
    const members = groups.rows.filter((g) => g.group_id === 'london-boroughs').map((g) => g.area_code)
    const london = areas.rows.filter((a) => a.parent_code === LONDON).map((a) => a.code)
    expect(members.sort()).toEqual(london.sort())
    expect(members).toHaveLength(33)
  })
})

// ---- the reference export ----------------------------------------------------------------------

const { present } = sharedReference(FINGERTIPS_EXPORT)

describe.skipIf(!present)('areas against the reference Fingertips export', () => {
  it('has every area in the export, with its name, type and parent', () => {
    const exported = readRows(EXPORT, { strict: false }).rows
    const TYPES: Record<string, string> = { Country: 'country', Region: 'region', 'County & UA': 'county_ua' }
    const seen = new Map<string, Row>()
    for (const r of exported) seen.set(r['Area Code'], r)
    const counties = [...seen.values()].filter((r) => r['Area Type'] === 'County & UA')
    expect(counties).toHaveLength(152)
    for (const r of seen.values()) {
      const code = r['Area Code']
      const a = byCode.get(code)
      expect(a, `${code} ${r['Area Name']}`).toBeDefined()
      expect(a?.name, code).toBe(r['Area Name'])
      expect(a?.type, code).toBe(TYPES[r['Area Type']])
      // The export leaves regions' parent empty; ours is England.
      if (r['Area Type'] === 'County & UA') expect(a?.parent_code, code).toBe(r['Parent Code'])
      // Every area in a 2015-2017 file was open then.
      expect(
        activeOn('2016-07-01').some((x) => x.code === code),
        `${code} open in 2016`,
      ).toBe(true)
    }
  })
})
