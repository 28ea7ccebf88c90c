/**
 * The reference data and datasets shipped in data/, loaded at start (unchanged data changes
 * nothing). Each dataset loads once per version, by its content hash, as its own audited batch
 * with the lowest precedence: a figure an analyst's import has set since is never replaced.
 */
import { listOrganisations, loadOrganisations } from '../accounts/organisations.js'
import { currentIndicators } from './indicators.repository.js'
import { systemActor } from '../../db/changes/actor.js'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { importData, type ImportReport } from './import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from './reference-data.js'
import { formatImportProblem } from './import/import.report.js'
import { loadedShippedHash, recordShippedDataset } from './shipped-datasets.repository.js'
import { recomputeSummaries } from './summaries/summaries.service.js'
import { indicatorsMissingSummaries } from './summaries/summaries.repository.js'

const filesIn = (dir: string, pattern: RegExp) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => pattern.test(n))
        .sort()
        .map((n) => path.join(dir, n))
    : []

export interface ShippedDataOptions {
  /** Which datasets in data/datasets to load, by file name (all by default; see config SHIPPED_DATASETS). */
  datasets?: readonly string[] | null
  /**
   * false: leave the check for indicators missing summaries to the caller (the server runs it in
   * the background after it listens: on a national database the check alone takes seconds).
   */
  checkSummaries?: boolean
}

export async function loadShippedData(
  db: Kysely<Database>,
  dataDir: string,
  log: (line: string) => void,
  options: ShippedDataOptions = {},
): Promise<ImportReport[]> {
  const areaFile = (name: string) => path.join(dataDir, 'areas', name)
  const groupFiles = ['comparator-groups.csv', 'statistical-neighbours.csv'].map(areaFile).filter((f) => existsSync(f))
  const areas = await loadAreas(
    db,
    readFileSync(areaFile('areas.csv'), 'utf8'),
    ...groupFiles.map((f) => readFileSync(f, 'utf8')),
  )
  const indicators = await loadIndicatorMetadata(db, filesIn(path.join(dataDir, 'indicators'), /\.ya?ml$/))
  const organisations = await loadOrganisations(db, dataDir)
  await checkIndicatorOwners(db)
  log(`reference data: ${areas} areas, ${indicators} indicators, ${organisations} organisations`)
  const reports: ImportReport[] = []
  for (const file of filesIn(path.join(dataDir, 'datasets'), /\.csv$/).filter(
    (f) => !options.datasets || options.datasets.includes(path.basename(f)),
  )) {
    const report = await loadShippedDataset(db, dataDir, file)
    if (!report) {
      log(`dataset ${path.basename(file)}: unchanged since it was last loaded`)
      continue
    }
    const kept = report.keptImported ? `, ${report.keptImported} kept as an analyst's import set them` : ''
    log(
      `dataset ${path.basename(file)}: ${report.added} added, ${report.revised} revised, ${report.unchanged} unchanged${kept}`,
    )
    reports.push(report)
  }
  if (options.checkSummaries !== false) await completeMissingSummaries(db, log)
  return reports
}

/** Every indicator's owning organisation (owner_organisation) must be a partner organisation: refused at start if not. */
async function checkIndicatorOwners(db: Kysely<Database>): Promise<void> {
  const known = new Set((await listOrganisations(db)).map((o) => o.id))
  const unknown = (await currentIndicators(db))
    .filter((i) => i.metadata.owner_organisation !== undefined && !known.has(i.metadata.owner_organisation))
    .map((i) => `${i.id}: owner_organisation "${i.metadata.owner_organisation}" is not in data/organisations`)
  if (unknown.length) throw new Error(`indicator metadata refused:\n${unknown.join('\n')}`)
}

/** Computes summaries for indicators that have data but none (a database from before summaries existed). */
export async function completeMissingSummaries(db: Kysely<Database>, log: (line: string) => void): Promise<number> {
  const missing = await indicatorsMissingSummaries(db)
  if (missing.length)
    log(
      `summaries: ${await recomputeSummaries(db, missing, systemActor('start'))} computed for ${missing.length} indicators`,
    )
  return missing.length
}

/** Loads one shipped dataset if its content is new or changed; null when it is as last loaded. */
async function loadShippedDataset(db: Kysely<Database>, dataDir: string, file: string): Promise<ImportReport | null> {
  const name = path.relative(path.dirname(dataDir), file)
  const content = readFileSync(file)
  const hash = createHash('sha256').update(content).digest('hex')
  if ((await loadedShippedHash(db, name)) === hash) return null
  // The dataset's hash is recorded in the import's own transaction: stored together, or not at all.
  const report = await importData(db, [content], {
    sourceName: name,
    format: 'template',
    actor: systemActor('start'),
    shipped: true,
    onStored: (tx, stored) => recordShippedDataset(tx, name, hash, stored.batchId),
  })
  if (!report.stored) {
    throw new Error(`the shipped dataset ${file} was refused:\n${report.errors.map(formatImportProblem).join('\n')}`)
  }
  return report
}
