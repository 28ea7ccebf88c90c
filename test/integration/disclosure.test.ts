/**
 * Disclosure control of public data on both engines, with a planted SYNTHETIC dataset
 * (disclosure-planted.ts) in two versions: 15 small numbers, among them Barking and Dagenham's
 * 2022/23 Male cell, 3 of 40 (Female 37 of 46, Persons 40 of 86). Nothing public may show any of
 * them, or let any be worked out by subtraction, in the current data or as it stood before the
 * revision.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { publicPoints, publicSummaries, type PublicPoint } from '../../src/modules/disclosure/public-data.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import {
  BD,
  CAMDEN,
  ENGLAND,
  FEMALE,
  HACKNEY,
  HARTLEPOOL,
  LATEST_KEY,
  LONDON,
  NEWHAM,
  NORTH_EAST,
  PERSONS,
  PLANTED_CASES,
  PLANTED_INDICATOR,
  PLANTED_INDICATORS,
  SMALL,
  indicatorFiles,
  plantData,
  plantedKey,
  plantedRows,
} from './disclosure-planted.js'
import {
  AS_OF_FIRST_VERSION,
  everythingPublished,
  plantBothVersions,
  plantedDisclosed,
  versionOf,
  type Published,
} from './disclosure-reader.js'
import { endOfUkDay } from '../../src/modules/open-data/api-query.js'

const THRESHOLD = 5
const BOROUGHS = [BD, CAMDEN, HACKNEY, NEWHAM]

/** Public points as a reader has them. */
const published = (points: PublicPoint[]): Published[] =>
  points.map((p) => {
    const key = plantedKey({
      indicator: p.indicatorId,
      area: p.areaCode,
      period: p.periodLabel,
      sex: p.sex as 'Persons',
      age: p.age,
      categoryType: p.categoryType,
      category: p.category,
    })
    return { key, version: versionOf(key, p.recordedAt), count: p.count }
  })

/** The planted small cell's figures, in any form a JSON or text output could hold them. */
function expectNoSmallCell(text: string) {
  expect(text).not.toContain(String(SMALL.lower95))
  expect(text).not.toContain(String(SMALL.upper95))
  expect(text).not.toMatch(/(?<![\d.])7\.5(?![\d])/)
}

describe.each(engines)('disclosure control of public data on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    await loadAreas(
      handle.db,
      readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8'),
      readFileSync(path.join(projectRoot, 'data/areas/comparator-groups.csv'), 'utf8'),
    )
    await loadIndicatorMetadata(handle.db, indicatorFiles())
    await plantBothVersions(handle.db)
  })
  afterAll(async () => {
    await handle?.close()
  })

  const bdLatest = (points: PublicPoint[], sex: string) =>
    points.find((p) => p.areaCode === BD && p.periodKey === LATEST_KEY && p.sex === sex)!

  it('stores the planted small cell, so the tests below test something', async () => {
    const stored = await handle.db
      .selectFrom('data_points')
      .selectAll()
      .where('area_code', '=', BD)
      .where('sex', '=', 'Male')
      .where('period_key', '=', LATEST_KEY)
      .execute()
    expect(stored.map((r) => [r.count, r.value, r.lower_95, r.upper_95, r.source])).toEqual([
      [3, 7.5, 2.61, 20.39, 'synthetic test data'],
    ])
    const summary = await handle.db
      .selectFrom('indicator_summaries')
      .select('finding')
      .where('area_code', '=', BD)
      .where('sex', '=', 'Male')
      .executeTakeFirstOrThrow()
    expect(summary.finding).toContain('7.5%')
    expect(plantedRows().filter((r) => r.count < THRESHOLD || r.denominator - r.count < THRESHOLD)).toHaveLength(
      PLANTED_CASES.length,
    )
  })

  it('hides the small count with its value and intervals, and names why', async () => {
    const points = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
    expect(points).toHaveLength(plantedRows().filter((r) => r.indicator === PLANTED_INDICATOR).length)
    const male = bdLatest(points, 'Male')
    expect(male).toMatchObject({
      suppressed: 'small-count',
      value: null,
      count: null,
      lower95: null,
      upper95: null,
      lower998: null,
      upper998: null,
    })
    expect(male).toMatchObject({
      areaName: 'Barking and Dagenham',
      periodLabel: '2022/23',
      source: 'synthetic test data',
      denominator: SMALL.denominator,
    })
    expect(points.some((p) => p.count === SMALL.count)).toBe(false)
    expectNoSmallCell(JSON.stringify(points))
  })

  it('hides a second cell so 40 - 37 cannot be done, and leaves no partition with one hidden cell', async () => {
    const points = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
    const female = bdLatest(points, 'Female')
    const persons = bdLatest(points, 'Persons')
    expect([female.suppressed, persons.suppressed]).toContain('secondary')
    expect(female.count === FEMALE.count && persons.count === PERSONS.count).toBe(false)
    // The smallest other member goes: Female (37), and Persons stays.
    expect(female).toMatchObject({ suppressed: 'secondary', value: null, count: null })
    expect(persons).toMatchObject({ suppressed: null, value: PERSONS.value, count: PERSONS.count })
    // London's males would give B&D's away too (London minus the other boroughs): one more borough goes.
    const londonMales = points.filter(
      (p) => p.periodKey === LATEST_KEY && p.sex === 'Male' && BOROUGHS.includes(p.areaCode),
    )
    expect(londonMales.filter((p) => p.suppressed === 'secondary').length).toBeGreaterThanOrEqual(1)
    // Hackney's small free-school-meals cell takes the other category with it.
    const fsm = points.filter((p) => p.areaCode === HACKNEY && p.categoryType === 'Free school meals')
    expect(fsm.map((p) => [p.category, p.suppressed])).toEqual([
      ['Eligible', 'small-count'],
      ['Not eligible', 'secondary'],
    ])
  })

  it('shows a figure in no group with a hidden one as it is', async () => {
    const points = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
    const source = plantedRows(2).find((r) => r.area === ENGLAND && r.period === '2022/23' && r.sex === 'Persons')!
    expect(
      points.find((p) => p.areaCode === ENGLAND && p.periodKey === LATEST_KEY && p.sex === 'Persons'),
    ).toMatchObject({
      suppressed: null,
      count: source.count,
      denominator: source.denominator,
      value: source.value,
    })
    // Most figures are shown: what is hidden is the small cells and what protects them.
    expect(points.filter((p) => p.suppressed === null).length).toBeGreaterThan(points.length / 2)
  })

  it('lets none of the 15 planted numbers be seen or worked out: now, as it stood before the revision, or from both', async () => {
    const now = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [...PLANTED_INDICATORS] })
    const then = await publicPoints(handle.db, THRESHOLD, {
      indicatorIds: [...PLANTED_INDICATORS],
      asOf: endOfUkDay(AS_OF_FIRST_VERSION),
    })
    expect(then.length).toBeGreaterThan(100)
    expect(plantedDisclosed(published(now))).toEqual([])
    expect(plantedDisclosed(published(then))).toEqual([])
    expect(plantedDisclosed([...published(now), ...published(then)])).toEqual([])
    // The check sees them when they are there: all 15 with everything shown, and, with only the
    // small cells hidden, every one that has a route by subtraction.
    expect(plantedDisclosed(everythingPublished()).map((d) => d.n)).toEqual(PLANTED_CASES.map((c) => c.n))
    const small = new Set(PLANTED_CASES.map((c) => `${c.key}@1`))
    const onlySmallHidden = everythingPublished().map((p) =>
      small.has(`${p.key}@${p.version}`) ? { ...p, count: null } : p,
    )
    expect(plantedDisclosed(onlySmallHidden).map((d) => `${d.n} ${d.how}`)).toEqual(
      PLANTED_CASES.map((c) => `${c.n} worked out`),
    )
  })

  it('takes the threshold into account the same way in every version: a figure hidden in one is hidden in the others', async () => {
    const now = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR], areaCodes: [NEWHAM] })
    const then = await publicPoints(handle.db, THRESHOLD, {
      indicatorIds: [PLANTED_INDICATOR],
      areaCodes: [NEWHAM],
      asOf: endOfUkDay(AS_OF_FIRST_VERSION),
    })
    const newham = (points: PublicPoint[], sex: string) =>
      points.find((p) => p.periodKey === LATEST_KEY && p.sex === sex)!
    // Before the revision: Female 2 (small), Male 40 hidden with it, Persons shown.
    expect(newham(then, 'Female')).toMatchObject({ suppressed: 'small-count', count: null })
    expect(newham(then, 'Male')).toMatchObject({ suppressed: 'secondary', count: null })
    expect(newham(then, 'Persons').count).not.toBeNull()
    // The revision leaves Male as it was: shown now, it would give the first version's Female as Persons minus Male.
    expect(newham(now, 'Male')).toMatchObject({
      suppressed: 'secondary',
      count: null,
      recordedAt: newham(then, 'Male').recordedAt,
    })
    expect(newham(now, 'Female')).toMatchObject({ suppressed: 'secondary', count: null })
    // Before anything was recorded, nothing.
    expect(
      await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR], asOf: endOfUkDay('2024-02-01') }),
    ).toEqual([])
  })

  it('hides the same cells whichever areas are asked for', async () => {
    const all = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
    const key = (p: PublicPoint) => [p.areaCode, p.periodKey, p.sex, p.categoryType, p.category].join('|')
    const byKey = new Map(all.map((p) => [key(p), p]))
    for (const areaCodes of [[BD], [CAMDEN], [HACKNEY, HARTLEPOOL], [LONDON], [ENGLAND, NORTH_EAST]]) {
      const some = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR], areaCodes })
      expect(new Set(some.map((p) => p.areaCode))).toEqual(new Set(areaCodes))
      for (const p of some) expect(p).toEqual(byKey.get(key(p)))
    }
    // Nothing asked for, nothing read.
    expect(await publicPoints(handle.db, THRESHOLD, { indicatorIds: [] })).toEqual([])
    expect(await publicPoints(handle.db, THRESHOLD, { areaCodes: [] })).toEqual([])
    // No indicator named: every indicator, the same answer for this one.
    const everything = await publicPoints(handle.db, THRESHOLD, { areaCodes: [BD] })
    expect(everything.filter((p) => p.indicatorId === PLANTED_INDICATOR)).toEqual(all.filter((p) => p.areaCode === BD))
  })

  it('takes the threshold from the caller', async () => {
    const one = await publicPoints(handle.db, 1, { indicatorIds: [PLANTED_INDICATOR] })
    expect(one.every((p) => p.suppressed === null)).toBe(true)
    expect(bdLatest(one, 'Male')).toMatchObject({ count: SMALL.count, value: SMALL.value })
    const fifty = await publicPoints(handle.db, 50, { indicatorIds: [PLANTED_INDICATOR], areaCodes: [BD] })
    expect(bdLatest(fifty, 'Female').suppressed).toBe('small-count')
    await expect(publicPoints(handle.db, 0, {})).rejects.toThrow(/threshold/)
  })

  it('treats a value and denominator published without a count as the count they imply', async () => {
    // year-r-obesity is a proportion: 6.25% of 48 is 3 children, though no count is given.
    const csv = [
      'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote',
      'year-r-obesity,E06000001,2022/23,,,,,6.25,,48,,,,,,synthetic test data,',
      'year-r-obesity,E06000002,2022/23,,,,,12.5,,480,,,,,,synthetic test data,',
    ].join('\n')
    await plantData(handle.db, csv)
    const points = await publicPoints(handle.db, THRESHOLD, { indicatorIds: ['year-r-obesity'] })
    expect(points.map((p) => [p.areaCode, p.suppressed, p.value])).toEqual([
      ['E06000001', 'small-count', null],
      ['E06000002', null, 12.5],
    ])
  })

  describe('summaries', () => {
    it('nulls the summaries of suppressed cells, and no summary carries the small cell', async () => {
      const rows = await publicSummaries(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
      const bd = (sex: string) => rows.find((r) => r.areaCode === BD && r.sex === sex && !r.categoryType)!
      expect(bd('Male')).toMatchObject({
        areaName: 'Barking and Dagenham',
        periodLabel: '2022/23',
        summary: null,
        finding: null,
        suppressed: 'small-count',
      })
      expect(bd('Female')).toMatchObject({ summary: null, finding: null, suppressed: 'secondary' })
      expect(bd('Persons')).toMatchObject({
        suppressed: null,
        summary: { latest: { count: PERSONS.count, value: PERSONS.value } },
      })
      expect(bd('Persons').finding).toContain('46.5%')
      const text = JSON.stringify(rows)
      expectNoSmallCell(text)
      for (const r of rows) {
        if (r.summary) expect(r.summary.latest.count).not.toBe(SMALL.count)
        if (r.summary && r.sex === 'Female' && r.areaCode === BD) expect(r.summary.latest.count).not.toBe(FEMALE.count)
      }
      // Every summary's latest point is shown exactly when its summary is.
      const points = await publicPoints(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
      for (const r of rows) {
        const point = points.find(
          (p) =>
            p.areaCode === r.areaCode &&
            p.sex === r.sex &&
            p.categoryType === r.categoryType &&
            p.category === r.category &&
            p.periodLabel === r.periodLabel,
        )!
        expect(r.suppressed, `${r.areaCode} ${r.sex} ${r.category}`).toBe(point.suppressed)
      }
    })

    it('drops a projection fitted through a suppressed point, and keeps the others', async () => {
      const rows = await publicSummaries(handle.db, THRESHOLD, {
        indicatorIds: [PLANTED_INDICATOR],
        areaCodes: [HACKNEY, ENGLAND],
      })
      const male = (area: string) => rows.find((r) => r.areaCode === area && r.sex === 'Male')!
      // Hackney's 2021/22 Male count was 4: the fitted line and the other points would give it back.
      expect(male(HACKNEY).suppressed).toBeNull()
      expect(male(HACKNEY).summary!.projection).toBeNull()
      expect(male(ENGLAND).summary!.projection).not.toBeNull()
      const stored = await handle.db
        .selectFrom('indicator_summaries')
        .select('summary')
        .where('area_code', '=', HACKNEY)
        .where('sex', '=', 'Male')
        .executeTakeFirstOrThrow()
      const summary = typeof stored.summary === 'string' ? JSON.parse(stored.summary) : stored.summary
      expect((summary as { projection: unknown }).projection).not.toBeNull()
    })

    it('gives the same summaries whichever areas are asked for', async () => {
      const all = await publicSummaries(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR] })
      for (const areaCodes of [[BD], [CAMDEN, HACKNEY], [LONDON]]) {
        const some = await publicSummaries(handle.db, THRESHOLD, { indicatorIds: [PLANTED_INDICATOR], areaCodes })
        expect(some.length).toBeGreaterThan(0)
        expect(some).toEqual(all.filter((r) => areaCodes.includes(r.areaCode)))
      }
    })
  })
})
