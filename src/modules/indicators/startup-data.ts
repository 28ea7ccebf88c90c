/** The reference data and datasets shipped in data/, loaded at start (unchanged data changes nothing). */
import { loadOrganisations } from '../accounts/organisations.js'
import { existsSync, readdirSync, readFileSync, createReadStream } from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { importData, type ImportReport } from './import/import.service.js'
import { loadAreas, loadIndicatorMetadata } from './reference-data.js'
import { formatImportProblem } from './import/import.report.js'
import { indicatorsMissingSummaries, recomputeSummaries } from './summaries/summaries.service.js'

const filesIn = (dir: string, pattern: RegExp) =>
  existsSync(dir) ? readdirSync(dir).filter((n) => pattern.test(n)).sort().map((n) => path.join(dir, n)) : []

export async function loadShippedData(db: Kysely<Database>, dataDir: string, log: (line: string) => void): Promise<ImportReport[]> {
  const areas = await loadAreas(
    db,
    readFileSync(path.join(dataDir, 'areas', 'areas.csv'), 'utf8'),
    readFileSync(path.join(dataDir, 'areas', 'comparator-groups.csv'), 'utf8'),
  )
  const indicators = await loadIndicatorMetadata(db, filesIn(path.join(dataDir, 'indicators'), /\.ya?ml$/))
  const organisations = await loadOrganisations(db, dataDir)
  log(`reference data: ${areas} areas, ${indicators} indicators, ${organisations} organisations`)
  const reports: ImportReport[] = []
  for (const file of filesIn(path.join(dataDir, 'datasets'), /\.csv$/)) {
    const report = await importData(db, createReadStream(file), {
      sourceName: path.relative(path.dirname(dataDir), file),
      format: 'template',
      actor: 'system:start',
    })
    if (!report.stored) {
      throw new Error(`the shipped dataset ${file} was refused:\n${report.errors.map(formatImportProblem).join('\n')}`)
    }
    log(`dataset ${path.basename(file)}: ${report.added} added, ${report.revised} revised, ${report.unchanged} unchanged`)
    reports.push(report)
  }
  const missing = await indicatorsMissingSummaries(db)
  if (missing.length) log(`summaries: ${await recomputeSummaries(db, missing)} computed for ${missing.length} indicators`)
  return reports
}
