/** `best-chance migrate`: bring the schema up to date (opening the database does; this says so). */
import type { CommandContext } from '../command-context.js'

export async function migrateCommand(ctx: CommandContext): Promise<number> {
  const { engine } = await ctx.database('schema')
  ctx.io.out(`database schema is up to date (${engine})`)
  return 0
}
