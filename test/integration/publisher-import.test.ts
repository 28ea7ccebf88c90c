/**
 * Publishers' own files through the one import service: a DfE Explore Education Statistics tidy
 * CSV and an ONS Explore Local Statistics CSV, detected by header, read through
 * data/sources/mappings.yaml. The real published files import to the very figures the shipped
 * dataset holds; suppression symbols are kept as reasons; an unknown area is refused at its line
 * with nothing stored; a header of no known format is told which formats were tried.
 */
import { createReadStream, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { sharedReference } from '../helpers/shared-reference.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const C1 = 'dfe-csc-outcomes-enablers/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv'
const HLE = 'ons-explore-local-statistics/healthy-life-expectancy.csv'
const c1 = sharedReference(C1, 'realdata')
const hle = sharedReference(HLE, 'realdata')

const EES_HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category,referral_count,rereferral_count,rereferral_percent'
const eesRow = (
  period: string,
  number: string,
  code: string,
  name: string,
  referrals: string,
  rereferrals: string,
  percent: string,
) =>
  `${period},Reporting year,Local authority,E92000001,England,E12000007,London,${number},${code},${name},Referrals and Re-referrals,${referrals},${rereferrals},${percent}`

describe.each(engines)("publishers' files on %s", (engine) => {
  let handle: DatabaseHandle
  const options = { sourceName: 'published.csv', actor: 'cli:analyst' }
  const current = (indicator: string, area: string) =>
    handle.db
      .selectFrom('data_points')
      .selectAll()
      .where('indicator_id', '=', indicator)
      .where('area_code', '=', area)
      .where('replaced_at', 'is', null)
      .orderBy('period_key')
      .execute()

  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    const read = (f: string) => readFileSync(path.join(projectRoot, 'data', f), 'utf8')
    await loadAreas(handle.db, read('areas/areas.csv'), read('areas/comparator-groups.csv'))
    await loadIndicatorMetadata(
      handle.db,
      ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(projectRoot, 'data/indicators', f)),
    )
  })
  afterAll(async () => {
    await handle?.close()
  })

  it('keeps a suppression symbol as the reason, and refuses an unknown area at its line, storing nothing', async () => {
    const bad = [
      EES_HEADER,
      eesRow('2025', '301', 'E09000002', 'Barking and Dagenham', '3000', 'c', 'c'),
      eesRow('2025', '999', 'E09000099', 'Nowhere', '10', '1', '10'),
    ].join('\n')
    const refused = await importData(handle.db, [bad], options)
    expect(refused.format).toBe('ees')
    expect(refused.stored).toBe(false)
    expect(refused.errors).toEqual([
      { line: 3, column: null, reason: 'DfE local authority number 999 is not in data/areas/dfe-la-codes.csv' },
    ])
    expect(await current('repeat-referrals', 'E09000002')).toEqual([])

    const good = [EES_HEADER, eesRow('2025', '301', 'E09000002', 'Barking and Dagenham', '3000', 'c', 'c')].join('\n')
    const report = await importData(handle.db, [good], options)
    expect(report.errors).toEqual([])
    const [row] = await current('repeat-referrals', 'E09000002')
    expect(row).toMatchObject({
      period_label: '2024/25',
      value: null,
      count: null,
      value_note: 'suppressed by the publisher (c)',
    })
    expect(row!.source).toBe(
      'Department for Education, Children in need (Explore Education Statistics), referrals and re-referrals: published.csv, rereferral_percent; Open Government Licence v3.0',
    )
  })

  it('says in one line which formats a header matched none of, and which columns each lacked', async () => {
    const report = await importData(handle.db, ['area,year,figure\nE09000002,2024,3\n'], options)
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0]).toMatchObject({ line: 1, column: null })
    expect(report.errors[0]!.reason).toBe(
      'the header matches no format Best Chance reads: tried Fingertips (no "Indicator ID", "Area Code", "Time period", "Value"); ' +
        'the data template (no "indicator_id", "area_code", "period", "value", "source"); ' +
        'Explore Education Statistics (no "time_period", "time_identifier", "geographic_level"); ' +
        'ONS Explore Local Statistics (no "areacd", "indicator", "period", "observation")',
    )
  })

  it('refuses an Explore Education Statistics file none of whose measures is mapped, naming its columns', async () => {
    const report = await importData(
      handle.db,
      ['time_period,time_identifier,geographic_level,country_code,pupils\n2025,Calendar year,National,E92000001,5\n'],
      options,
    )
    expect(report.errors.map((e) => e.reason)).toEqual([
      'no measure in this Explore Education Statistics file is mapped to an indicator in data/sources/mappings.yaml (its other columns: pupils)',
    ])
  })

  it.skipIf(!c1.present)(
    "imports DfE's published children in need file to the figures the shipped dataset holds",
    { timeout: 300_000 },
    async () => {
      const report = await importData(handle.db, createReadStream(c1.path), {
        ...options,
        sourceName: path.basename(C1),
      })
      expect(report.errors).toEqual([])
      expect(report.format).toBe('ees')
      expect(report.warnings.map((w) => w.reason)).toContain(
        "26 published figures left out: areas outside England's upper-tier authorities, regions and England",
      )
      const bd = await current('repeat-referrals', 'E09000002')
      expect(bd).toHaveLength(13)
      expect(bd.at(-1)).toMatchObject({ period_label: '2024/25', value: 21.8 })
      // The shipped rows of the same file are the same figures: nothing added or revised for them.
      const shipped = readFileSync(path.join(projectRoot, 'data/datasets/real-dfe-children-in-need.csv'), 'utf8')
      const referrals = shipped
        .split('\n')
        .filter((l, i) => i === 0 || l.startsWith('repeat-referrals,'))
        .join('\n')
      const again = await importData(handle.db, [referrals], {
        ...options,
        sourceName: 'real-dfe-children-in-need.csv',
        format: 'template',
        dryRun: true,
      })
      expect(again.errors).toEqual([])
      expect({ added: again.added, revised: again.revised }).toEqual({ added: 0, revised: 0 })
    },
  )

  it.skipIf(!hle.present)(
    "imports ONS's published healthy life expectancy file, with its intervals, leaving districts out",
    { timeout: 300_000 },
    async () => {
      const report = await importData(handle.db, createReadStream(hle.path), {
        ...options,
        sourceName: path.basename(HLE),
      })
      expect(report.errors).toEqual([])
      expect(report.format).toBe('ons')
      expect(report.warnings.map((w) => w.reason)).toContain(
        "1950 published figures left out: areas outside England's upper-tier authorities, regions and England",
      )
      const male = (await current('jlhws-healthy-life-expectancy', 'E09000002')).filter((r) => r.sex === 'Male')
      expect(male.at(-1)).toMatchObject({ period_label: '2022 - 24', value: 59.6, lower_95: 55.2, upper_95: 64.1 })
    },
  )
})
