/** `best-chance users add|reset|disable|list`: accounts, for administrators (src/modules/accounts/users.cli.ts). */
import type { CommandContext } from '../command-context.js'
import { runUsersCommand } from '../../../modules/accounts/users.cli.js'
import { parseFlags, UsageError } from './flags.js'

export async function usersCommand(ctx: CommandContext, [sub, ...args]: string[]): Promise<number> {
  const { positional, flags } = parseFlags(
    args,
    ['email', 'name', 'role', 'organisation'],
    ['password-stdin', 'no-password'],
  )
  const { db } = await ctx.database('reference')
  const code = await runUsersCommand(db, sub, positional, flags, {
    out: ctx.io.out,
    readPassword: ctx.io.readStdin,
    actor: ctx.actor,
  })
  if (code === 2) throw new UsageError(`users ${sub ?? ''}: missing or unknown arguments`)
  return code
}
