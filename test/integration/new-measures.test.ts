/**
 * Issue 13, item 7: a file with a measure the framework does not track yet gets, in its import
 * report, the exact lines to add; added as offered, the same file then imports. Proved with the
 * real Fingertips export in ../shared/reference (an indicator id no indicator of ours has) and a
 * small DfE Explore Education Statistics file with an unmapped column.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { importData, loadImportContext } from '../../src/modules/indicators/import/import.service.js'
import { eesReader } from '../../src/modules/indicators/import/publisher-formats.js'
import { validateRow } from '../../src/modules/indicators/import/validate-row.js'
import { areaSpans } from '../../src/modules/indicators/areas.repository.js'
import { DfeAreaResolver } from '../../src/modules/sources/dfe-areas.js'
import { dfeLaCodes } from '../../src/modules/sources/dfe-la-codes.js'
import { sourceMappings } from '../../src/modules/sources/source-provenance.js'
import { formatImportReport } from '../../src/modules/indicators/import/import.report.js'
import { eesNewMeasures } from '../../src/modules/indicators/import/new-measures.js'
import { IndicatorMetadataFile } from '../../src/modules/indicators/indicator-metadata.schema.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { SourceMappingFile } from '../../src/modules/sources/source-mapping.schema.js'
import { FINGERTIPS_EXPORT, sharedReference } from '../helpers/shared-reference.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const exported = sharedReference(FINGERTIPS_EXPORT)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-new-measures-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const writeYaml = (name: string, text: string) => {
  const file = path.join(scratch, name)
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`)
  return file
}

/** The YAML an offer ends with (after its first line of words). */
const offeredYaml = (reason: string) => reason.slice(reason.indexOf('\n') + 1)

describe.each(engines)('a measure the framework does not track yet, on %s', (engine) => {
  let handle: DatabaseHandle
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

  it.skipIf(!exported.present)(
    'offers the metadata lines of an unknown Fingertips indicator, and with them added the file imports',
    { timeout: 300_000 },
    async () => {
      const options = {
        sourceName: path.basename(exported.path),
        actor: 'cli:analyst',
        defaults: { source: 'OHID Fingertips export' },
      }
      const refused = await importData(handle.db, createReadStream(exported.path), options)
      expect(refused.stored).toBe(false)
      expect(refused.errors[0]!.reason).toBe(
        'Fingertips indicator 93356 is not mapped to an indicator of ours (set fingertips_id in data/indicators)',
      )
      const offers = refused.warnings.filter((w) =>
        w.reason.startsWith('Fingertips indicator 93356 ("Campylobacter incidence rate/100,000") is not tracked yet.'),
      )
      expect(offers).toHaveLength(1)
      expect(formatImportReport(refused, false)).toContain('    fingertips_id: 93356\n')
      const file = IndicatorMetadataFile.parse(parse(offeredYaml(offers[0]!.reason)))
      expect(file.indicators).toEqual([
        expect.objectContaining({
          id: 'campylobacter-incidence-rate-100-000',
          name: 'Campylobacter incidence rate/100,000',
          fingertips_id: 93356,
          in_framework: false,
          unit: 'tbc',
          polarity: 'tbc',
        }),
      ])

      // The analyst adds the lines as offered; at the next start they are loaded; the same file imports.
      await loadIndicatorMetadata(handle.db, [writeYaml(`context-${engine}.yaml`, offeredYaml(offers[0]!.reason))])
      const report = await importData(handle.db, createReadStream(exported.path), options)
      expect(report.errors).toEqual([])
      expect(report.stored).toBe(true)
      expect(report.added).toBeGreaterThan(100)
      expect(report.warnings.filter((w) => /not tracked yet/.test(w.reason))).toEqual([])
    },
  )

  it('offers the source, mapping and indicator lines for an Explore Education Statistics file, and with them its rows read', async () => {
    const csv =
      'time_period,time_identifier,geographic_level,country_code,country_name,new_la_code,old_la_code,la_name,pupils_on_roll\n' +
      '2025,Calendar year,National,E92000001,England,,,,100\n'
    const refused = await importData(handle.db, [csv], { sourceName: 'school_roll.csv', actor: 'cli:analyst' })
    expect(refused.errors.map((e) => e.reason)).toEqual([
      'no measure in this Explore Education Statistics file is mapped to an indicator in data/sources/mappings.yaml (its other columns: pupils_on_roll)',
    ])
    const [offer] = refused.warnings
    expect(offer!.reason).toMatch(/^To import its measures, add these lines/)
    const [mappingPart, indicatorPart] = offeredYaml(offer!.reason).split('# data/indicators/context.yaml\n')
    const mappings = SourceMappingFile.parse({ ...parse(mappingPart!), gaps: [] })
    expect(mappings.sources['school-roll']).toMatchObject({
      format: 'ees',
      in_build: false,
      licence: 'Open Government Licence v3.0',
    })
    expect(mappings.mappings).toEqual([
      expect.objectContaining({ indicator: 'pupils-on-roll', source: 'school-roll', measure: 'pupils_on_roll' }),
    ])
    const indicators = IndicatorMetadataFile.parse(parse(indicatorPart!))
    expect(indicators.indicators.map((i) => i.id)).toEqual(['pupils-on-roll'])
    // The offer is the same however often it is made: nothing in it depends on the moment.
    expect(eesNewMeasures(csv.split('\n')[0]!.split(','), 1, new Set(), 'school_roll.csv')).toEqual(offer)

    // With the lines added to the project's mapping file and the indicator loaded, the file's row reads and passes the import's checks.
    const project = sourceMappings()!
    await loadIndicatorMetadata(handle.db, [writeYaml(`ees-${engine}.yaml`, indicatorPart!)])
    const context = await loadImportContext(handle.db)
    const made = eesReader(
      csv.split('\n')[0]!.split(','),
      1,
      {
        mappings: {
          ...project,
          sources: { ...project.sources, ...mappings.sources },
          mappings: [...project.mappings, ...mappings.mappings],
        },
        resolver: new DfeAreaResolver(dfeLaCodes(), await areaSpans(handle.db)),
        areaCodes: context.areas,
        indicators: context.indicators,
      },
      'school_roll.csv',
    )
    if (!('reader' in made)) throw new Error(JSON.stringify(made))
    const { rows, problems } = made.reader.toRawRows(csv.split('\n')[1]!.split(','), 2)
    expect(problems).toEqual([])
    expect(rows).toEqual([
      expect.objectContaining({ indicator: 'pupils-on-roll', area: 'E92000001', period: '2025', value: '100' }),
    ])
    expect(validateRow(rows[0]!, 2, context, {}).errors).toEqual([])
  })
})
