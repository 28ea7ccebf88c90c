import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { groupFocus, setComparatorGroup } from '../../src/modules/indicators/comparator-groups.js'
import { benchmarkContext, summariseArea, type PointInput } from '../../src/modules/indicators/summaries/summarise.js'
import { loadAreas } from '../../src/modules/indicators/reference-data.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

describe.each(engines)('comparator groups on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    const read = (f: string) => readFileSync(path.join(projectRoot, 'data/areas', f), 'utf8')
    await loadAreas(handle.db, read('areas.csv'), read('comparator-groups.csv'), read('statistical-neighbours.csv'))
  })
  afterAll(async () => {
    await handle?.close()
  })
  const members = async (id: string) =>
    (
      await handle.db
        .selectFrom('comparator_groups')
        .select('area_code')
        .where('group_id', '=', id)
        .orderBy('area_code')
        .execute()
    ).map((r) => r.area_code)

  it('ships the London boroughs group: all 33 London areas', async () => {
    expect(await members('london-boroughs')).toHaveLength(33)
  })

  it("ships every authority's DfE statistical neighbours, 2025 and 2021 models, each the authority and its ten", async () => {
    // Barking and Dagenham (301): the 2025 model, as DfE publishes it (sn_model_2025_wide.csv).
    expect(await members('statistical-neighbours-2025-e09000002')).toEqual([
      'E06000031',
      'E06000032',
      'E08000028',
      'E08000031',
      'E09000002',
      'E09000005',
      'E09000009',
      'E09000010',
      'E09000011',
      'E09000017',
      'E09000018',
    ])
    // The 2021 model: Greenwich, Enfield, Manchester, Luton, Birmingham, Waltham Forest, Slough, Nottingham, Coventry, Newham.
    expect(await members('statistical-neighbours-2021-e09000002')).toEqual([
      'E06000018',
      'E06000032',
      'E06000039',
      'E08000003',
      'E08000025',
      'E08000026',
      'E09000002',
      'E09000010',
      'E09000011',
      'E09000025',
      'E09000031',
    ])
    const groups = await handle.db
      .selectFrom('comparator_groups')
      .select(['group_id', 'area_code'])
      .where('group_id', 'like', 'statistical-neighbours-%')
      .execute()
    const sizes = new Map<string, number>()
    for (const g of groups) sizes.set(g.group_id, (sizes.get(g.group_id) ?? 0) + 1)
    expect([...sizes.keys()].filter((id) => id.includes('-2025-'))).toHaveLength(153)
    expect([...sizes.values()].every((n) => n === 11)).toBe(true)
  })

  it('ranks an authority within its own neighbour group only', () => {
    const members = new Set(['E09000002', 'E09000010', 'E06000032'])
    const group = {
      id: 'statistical-neighbours-2025-e09000002',
      name: 'Barking and Dagenham and its statistical neighbours',
      members,
      focus: groupFocus('statistical-neighbours-2025-e09000002', members),
    }
    expect(group.focus).toBe('E09000002')
    expect(groupFocus('london-boroughs', members)).toBeNull()
    const point = (areaCode: string, value: number): PointInput => ({
      areaCode,
      periodKey: '2024-04-01/2025-03-31',
      periodLabel: '2024/25',
      periodType: 'financial_year',
      sex: 'Persons',
      age: '',
      categoryType: '',
      category: '',
      value,
      count: null,
      denominator: null,
      lower95: null,
      upper95: null,
      source: 'test',
    })
    const points = [point('E09000002', 21.8), point('E09000010', 25), point('E06000032', 19)]
    const context = benchmarkContext(points, [group])
    const indicator = {
      id: 'repeat-referrals',
      name: 'Repeat referrals',
      valueType: 'proportion',
      unit: '%',
      multiplier: 100,
      polarity: 'lower_is_better',
      ciMethod: 'wilson',
      target: null,
    }
    expect(summariseArea(indicator, [points[0]!], context)[0]!.groupRanks).toEqual([
      { groupId: group.id, groupName: group.name, rank: 2, of: 3, quintile: null },
    ])
    expect(summariseArea(indicator, [points[1]!], context)[0]!.groupRanks).toEqual([])
  })

  it('lets an administrator define a group and change it, auditing before and after', async () => {
    // An illustrative group, not the DfE's published statistical neighbours.
    expect(
      await setComparatorGroup(
        handle.db,
        { id: 'test-neighbours', name: 'Test neighbours', areaCodes: ['E09000025', 'E09000011'] },
        'admin',
      ),
    ).toEqual({ ok: true, members: 2 })
    expect(
      await setComparatorGroup(
        handle.db,
        { id: 'test-neighbours', name: 'Test neighbours', areaCodes: ['E09000025', 'E09000026', 'E09000011'] },
        'admin',
      ),
    ).toEqual({ ok: true, members: 3 })
    expect(await members('test-neighbours')).toEqual(['E09000011', 'E09000025', 'E09000026'])
    const audit = await handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', 'test-neighbours')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['comparator-group.create', 'admin'],
      ['comparator-group.update', 'admin'],
    ])
    expect(audit[1]!.before).toEqual({ name: 'Test neighbours', areas: ['E09000011', 'E09000025'] })
    expect(audit[1]!.after).toEqual({ name: 'Test neighbours', areas: ['E09000011', 'E09000025', 'E09000026'] })
  })

  it('refuses unknown or repeated areas, naming each, and changes nothing', async () => {
    const result = await setComparatorGroup(
      handle.db,
      { id: 'test-neighbours', name: 'Test neighbours', areaCodes: ['E09000025', 'E99999999', 'E09000025'] },
      'admin',
    )
    expect(result).toEqual({
      ok: false,
      problems: ['unknown area code "E99999999"', 'area "E09000025" is listed twice'],
    })
    expect(await members('test-neighbours')).toEqual(['E09000011', 'E09000025', 'E09000026'])
  })
})
