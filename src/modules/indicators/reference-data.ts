/**
 * Reference data for indicator imports, loaded from data/ at start and by the CLI: areas, comparator
 * groups and indicator metadata. Upserts by key; nothing is deleted (an indicator the files no
 * longer have is archived, so its data points keep their meaning). Writes go through the
 * repositories, each load one change by the system at start.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { parse } from 'yaml'
import { WEB_SOURCE } from './context-indicator.repository.js'
import type { Database } from '../../db/database.js'
import { readCsvObjects } from '../../lib/csv-objects.js'
import { formatPath } from '../strategy/strategy.validate.js'
import { withChanges } from '../../db/changes/with-change.js'
import { systemActor } from '../../db/changes/actor.js'
import { IndicatorMetadataFile, type IndicatorMetadata } from './indicator-metadata.schema.js'
import { upsertArea } from './areas.repository.js'
import { upsertGroupMembers } from './comparator-groups.repository.js'
import { archiveIndicatorsNotIn, upsertIndicator } from './indicators.repository.js'

/** The reference files' reader, kept here under its old address for the scripts and tests that use it. */
export { readCsvObjects }

/**
 * Areas and comparator groups: `groupsCsv` is the hand-kept comparator-groups.csv and any more
 * group files (statistical-neighbours.csv, built by `npm run data:build`), all in the same shape.
 * One change, all or nothing; the data version moves only when something differed.
 */
export async function loadAreas(db: Kysely<Database>, areasCsv: string, ...groupsCsv: string[]): Promise<number> {
  const areas = await readCsvObjects(areasCsv)
  const groups = (await Promise.all(groupsCsv.map(readCsvObjects))).flat()
  await withChanges(db, systemActor('start'), async (tx, change) => {
    let changed = 0
    for (const a of areas) {
      const area = {
        code: a.code!,
        name: a.name!,
        type: a.type!,
        parentCode: a.parent_code || null,
        validFrom: a.valid_from || null,
        validTo: a.valid_to || null,
        source: a.source!,
      }
      if (await upsertArea(tx, area)) changed++
    }
    changed += await upsertGroupMembers(
      tx,
      groups.map((g) => ({ groupId: g.group_id!, groupName: g.group_name!, areaCode: g.area_code! })),
    )
    if (!changed) change.unchanged()
  })
  return areas.length
}

/** Reads and checks metadata files; throws one message listing every problem. */
export function readIndicatorMetadata(files: string[]): { file: string; indicator: IndicatorMetadata }[] {
  const problems: string[] = []
  const out: { file: string; indicator: IndicatorMetadata }[] = []
  const seen = new Map<string, string>()
  for (const file of files) {
    const name = path.basename(file)
    const parsed = IndicatorMetadataFile.safeParse(parse(readFileSync(file, 'utf8')))
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${name}: ${formatPath(i.path)}: ${i.message}`))
      continue
    }
    for (const indicator of parsed.data.indicators) {
      const first = seen.get(indicator.id)
      if (first) problems.push(`${name}: indicator "${indicator.id}" is also defined in ${first}`)
      seen.set(indicator.id, name)
      out.push({ file: name, indicator })
    }
  }
  if (problems.length) throw new Error(`indicator metadata refused:\n${problems.join('\n')}`)
  return out
}

/** Stores every entry of the metadata files and archives indicators they no longer have: one change, all or nothing. */
export async function loadIndicatorMetadata(db: Kysely<Database>, files: string[]): Promise<number> {
  const entries = readIndicatorMetadata(files)
  await withChanges(db, systemActor('start'), async (tx, change) => {
    let changed = 0
    for (const { file, indicator } of entries) if (await upsertIndicator(tx, file, indicator)) changed++
    // An indicator an analyst added from the web is in no file: kept (context-indicator.web.ts).
    changed += await archiveIndicatorsNotIn(
      tx,
      entries.map((e) => e.indicator.id),
      WEB_SOURCE,
    )
    if (!changed) change.unchanged()
  })
  return entries.length
}
