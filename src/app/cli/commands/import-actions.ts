/** `best-chance import-actions <file.csv|file.xlsx> [--sheet NAME] [--dry-run]`: actions, all or nothing (src/modules/delivery/delivery.cli.ts). */
import type { CommandContext } from '../command-context.js'
import { parseImportArgs, runImportActions } from '../../../modules/delivery/delivery.cli.js'

export async function importActionsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const request = await parseImportArgs(args, ctx.io, ctx.cwd)
  if (typeof request === 'number') return request
  const open = async () => (await ctx.database('strategies')).db
  return runImportActions(open, request, { strategyId: ctx.config.primaryStrategy, io: ctx.io })
}
