/** `best-chance strategy load <file>…`: validate and store strategy files, all or nothing. */
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { loadStrategies } from '../../../modules/strategy/strategy.loader.js'
import { readStrategyFiles } from '../../../modules/strategy/strategy.folder.js'
import { sourceReader } from '../../../modules/strategy/strategy.files.js'
import { formatProblem } from '../../../modules/strategy/strategy.validate.js'
import { UsageError } from './flags.js'
import { refuse } from './refuse.js'

export async function strategyLoadCommand(ctx: CommandContext, files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError('strategy load needs at least one file')
  const { db } = await ctx.database('schema')
  const result = await loadStrategies(db, readStrategyFiles(files.map((f) => path.resolve(ctx.cwd, f))), {
    actor: ctx.actor,
    sourceText: sourceReader(ctx.config.sourcesDir),
  })
  if (!result.ok) return refuse(ctx.io, result.problems.map(formatProblem))
  for (const s of result.summaries) {
    ctx.io.out(
      `${s.file}: ${s.status}: ${s.added} added, ${s.updated} updated, ${s.archived} archived, ${s.unchanged} unchanged, ${s.links} links`,
    )
  }
  return 0
}
