import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { setComparatorGroup } from '../../src/modules/indicators/comparator-groups.js'
import { loadAreas } from '../../src/modules/indicators/reference-data.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

describe.each(engines)('comparator groups on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    const read = (f: string) => readFileSync(path.join(projectRoot, 'data/areas', f), 'utf8')
    await loadAreas(handle.db, read('areas.csv'), read('comparator-groups.csv'))
  })
  afterAll(async () => {
    await handle?.close()
  })
  const members = async (id: string) =>
    (await handle.db.selectFrom('comparator_groups').select('area_code').where('group_id', '=', id).orderBy('area_code').execute()).map((r) => r.area_code)

  it('ships the London boroughs group: all 33 London areas', async () => {
    expect(await members('london-boroughs')).toHaveLength(33)
  })

  it('lets an administrator define a group and change it, auditing before and after', async () => {
    // An illustrative group, not the DfE's published statistical neighbours.
    expect(await setComparatorGroup(handle.db, { id: 'test-neighbours', name: 'Test neighbours', areaCodes: ['E09000025', 'E09000011'] }, 'admin')).toEqual({ ok: true, members: 2 })
    expect(await setComparatorGroup(handle.db, { id: 'test-neighbours', name: 'Test neighbours', areaCodes: ['E09000025', 'E09000026', 'E09000011'] }, 'admin')).toEqual({ ok: true, members: 3 })
    expect(await members('test-neighbours')).toEqual(['E09000011', 'E09000025', 'E09000026'])
    const audit = await handle.db.selectFrom('audit_events').selectAll().where('entity_id', '=', 'test-neighbours').orderBy('id').execute()
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['comparator-group.create', 'admin'], ['comparator-group.update', 'admin']])
    expect(audit[1]!.before).toEqual({ name: 'Test neighbours', areas: ['E09000011', 'E09000025'] })
    expect(audit[1]!.after).toEqual({ name: 'Test neighbours', areas: ['E09000011', 'E09000025', 'E09000026'] })
  })

  it('refuses unknown or repeated areas, naming each, and changes nothing', async () => {
    const result = await setComparatorGroup(handle.db, { id: 'test-neighbours', name: 'Test neighbours', areaCodes: ['E09000025', 'E99999999', 'E09000025'] }, 'admin')
    expect(result).toEqual({ ok: false, problems: ['unknown area code "E99999999"', 'area "E09000025" is listed twice'] })
    expect(await members('test-neighbours')).toEqual(['E09000011', 'E09000025', 'E09000026'])
  })
})
