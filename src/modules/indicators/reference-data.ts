/**
 * Reference data for indicator imports, loaded from data/ at start and by the CLI: areas, comparator
 * groups and indicator metadata. Upserts by key; nothing is deleted (an indicator the files no
 * longer have is archived, so its data points keep their meaning).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { parse } from 'yaml'
import { WEB_SOURCE } from './context-indicator.repository.js'
import type { Database } from '../../db/database.js'
import { readCsvRecords } from '../../lib/csv-stream.js'
import { formatPath } from '../strategy/strategy.validate.js'
import { IndicatorMetadataFile, type IndicatorMetadata } from './indicator-metadata.schema.js'

export async function readCsvObjects(text: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = []
  let header: string[] | null = null
  for await (const { fields } of readCsvRecords([text])) {
    if (!header) header = fields.map((f) => f.trim())
    else out.push(Object.fromEntries(header.map((h, i) => [h, (fields[i] ?? '').trim()])))
  }
  return out
}

/** Comparator group members per INSERT statement: statistical neighbours run to thousands. */
const GROUP_CHUNK = 500

/**
 * Areas and comparator groups: `groupsCsv` is the hand-kept comparator-groups.csv and any more
 * group files (statistical-neighbours.csv, built by `npm run data:build`), all in the same shape.
 */
export async function loadAreas(db: Kysely<Database>, areasCsv: string, ...groupsCsv: string[]): Promise<number> {
  const areas = await readCsvObjects(areasCsv)
  const groups = (await Promise.all(groupsCsv.map(readCsvObjects))).flat()
  await db.transaction().execute(async (trx) => {
    for (const a of areas) {
      const row = {
        code: a.code!,
        name: a.name!,
        type: a.type!,
        parent_code: a.parent_code || null,
        valid_from: a.valid_from || null,
        valid_to: a.valid_to || null,
        source: a.source!,
      }
      await trx.insertInto('areas').values(row).onConflict((oc) => oc.column('code').doUpdateSet(row)).execute()
    }
    for (let i = 0; i < groups.length; i += GROUP_CHUNK) {
      await trx
        .insertInto('comparator_groups')
        .values(groups.slice(i, i + GROUP_CHUNK).map((g) => ({ group_id: g.group_id!, group_name: g.group_name!, area_code: g.area_code! })))
        .onConflict((oc) => oc.columns(['group_id', 'area_code']).doUpdateSet((eb) => ({ group_name: eb.ref('excluded.group_name') })))
        .execute()
    }
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

export async function loadIndicatorMetadata(db: Kysely<Database>, files: string[]): Promise<number> {
  const entries = readIndicatorMetadata(files)
  await db.transaction().execute(async (trx) => {
    for (const { file, indicator } of entries) {
      const row = {
        id: indicator.id,
        name: indicator.name,
        fingertips_id: typeof indicator.fingertips_id === 'number' ? indicator.fingertips_id : null,
        in_framework: indicator.in_framework,
        metadata: JSON.stringify(indicator),
        source_file: file,
      }
      await trx
        .insertInto('indicators')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, updated_at: new Date(), archived_at: null }))
        .execute()
    }
    const ids = entries.map((e) => e.indicator.id)
    if (ids.length) {
      await trx
        .updateTable('indicators')
        .set({ archived_at: new Date() })
        .where('id', 'not in', ids)
        .where('archived_at', 'is', null)
        // An indicator an analyst added from the web is in no file: kept (context-indicator.web.ts).
        .where('source_file', '<>', WEB_SOURCE)
        .execute()
    }
  })
  return entries.length
}
