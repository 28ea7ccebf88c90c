/**
 * Partner organisations, loaded from `data/organisations/organisations.csv` at start (upserted by id,
 * never deleted). Reference data shipped with the code, loaded as areas are: not an audited change.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { readCsvObjects } from '../../lib/csv-objects.js'
import { upsertOrganisation } from './organisations.repository.js'

export {
  findOrganisation,
  isActiveOrganisation,
  listOrganisations,
  type Organisation,
} from './organisations.repository.js'

export async function loadOrganisations(db: Kysely<Database>, dataDir: string): Promise<number> {
  const rows = await readCsvObjects(readFileSync(path.join(dataDir, 'organisations', 'organisations.csv'), 'utf8'))
  for (const r of rows)
    await upsertOrganisation(db, {
      id: r.id!,
      name: r.name!,
      kind: r.kind!,
      source: `${r.source}: "${r.source_quote}"`,
    })
  return rows.length
}
