/** `best-chance comparators set <group-id> <name> <area-code>…`: define or change a comparator group, audited. */
import type { CommandContext } from '../command-context.js'
import { setComparatorGroup } from '../../../modules/indicators/comparator-groups.js'
import { UsageError } from './flags.js'
import { refuse } from './refuse.js'

export async function comparatorsSetCommand(ctx: CommandContext, [id, name, ...codes]: string[]): Promise<number> {
  if (!id || !name || codes.length === 0)
    throw new UsageError('comparators set needs a group id, a name and at least one area code')
  const { db } = await ctx.database('reference')
  const result = await setComparatorGroup(db, { id, name, areaCodes: codes }, ctx.actor)
  if (!result.ok) return refuse(ctx.io, result.problems)
  ctx.io.out(`comparator group ${id} ("${name}"): ${result.members} areas`)
  return 0
}
