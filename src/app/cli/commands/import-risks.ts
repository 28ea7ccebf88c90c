/** `best-chance import-risks <file.csv|file.xlsx> [--dry-run]`: a risk and issue log, all or nothing (src/modules/risks/risks.import.ts). */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { readAhead } from '../../../lib/read-ahead.js'
import {
  formatImportRisksReport,
  importRisks,
  recordsOf,
  refusedRisksReport,
  type ImportRisksReport,
} from '../../../modules/risks/risks.import.js'
import { strategyService } from '../../../modules/strategy/strategy.service.js'
import { UsageError } from './flags.js'

export async function importRisksCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const dryRun = args.includes('--dry-run')
  const files = args.filter((a) => a !== '--dry-run')
  if (files.length !== 1 || files[0]!.startsWith('--'))
    throw new UsageError('import-risks needs exactly one file (.csv or .xlsx)')
  const file = path.resolve(ctx.cwd, files[0]!)
  if (!(await stat(file).catch(() => null))?.isFile()) {
    ctx.io.err(`cannot read ${files[0]}: file not found`)
    return 1
  }
  const fileName = path.basename(file)
  // The first row is read before the database is opened: a file that cannot be read is refused at once.
  const opened = await readAhead(recordsOf(file))
  let report: ImportRisksReport
  if (opened.problem) report = refusedRisksReport(fileName, opened.problem)
  else {
    try {
      const { db } = await ctx.database('strategies')
      const model = await strategyService(db, ctx.config.primaryStrategy).readModel()
      report = await importRisks(db, model, opened.records, { fileName, dryRun })
    } finally {
      await opened.close()
    }
  }
  const text = formatImportRisksReport(report, dryRun)
  if (report.errors.length) {
    ctx.io.err(text)
    return 1
  }
  ctx.io.out(text)
  return 0
}
