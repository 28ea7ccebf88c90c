/** `best-chance import-risks <file.csv|file.xlsx> [--dry-run]`: a risk and issue log, all or nothing (src/modules/risks/risks.import.ts). */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { formatImportRisksReport, importRisks, recordsOf } from '../../modules/risks/risks.import.js'
import { strategyService } from '../../modules/strategy/strategy.service.js'
import { UsageError } from './flags.js'

export async function importRisksCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const dryRun = args.includes('--dry-run')
  const files = args.filter((a) => a !== '--dry-run')
  if (files.length !== 1 || files[0]!.startsWith('--')) throw new UsageError('import-risks needs exactly one file (.csv or .xlsx)')
  const file = path.resolve(ctx.cwd, files[0]!)
  if (!(await stat(file).catch(() => null))?.isFile()) {
    ctx.io.err(`cannot read ${files[0]}: file not found`)
    return 1
  }
  const { db } = await ctx.database('strategies')
  const model = await strategyService(db, ctx.config.primaryStrategy).readModel()
  const report = await importRisks(db, model, recordsOf(file), { fileName: path.basename(file), dryRun })
  const text = formatImportRisksReport(report, dryRun)
  if (report.errors.length) {
    ctx.io.err(text)
    return 1
  }
  ctx.io.out(text)
  return 0
}
