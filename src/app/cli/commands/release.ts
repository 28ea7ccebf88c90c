/**
 * `best-chance release list` and `release publish-due`: the release workflow from the command line.
 * Approval stays on the web (/releases/:id), where the approver is a signed-in person, so that the
 * second-person rule knows who approves.
 */
import type { CommandContext } from '../command-context.js'
import { listReleases } from '../../../modules/indicators/releases/releases.repository.js'
import { publishDueReleases } from '../../../modules/indicators/releases/releases.service.js'
import { UsageError } from './flags.js'

export const RELEASE_USAGE = `  release list                 every release, newest first: id, status, file, release time, and
                               how many figures it adds and revises
  release publish-due          publish every approved release whose time has come (a running
                               server does this itself every few seconds)`

export async function releaseListCommand(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length) throw new UsageError('release list takes no arguments')
  const { db } = await ctx.database('schema')
  const releases = await listReleases(db)
  if (!releases.length) ctx.io.out('no releases yet')
  for (const r of releases)
    ctx.io.out(
      `release ${r.id}  ${r.status}  ${r.sourceName}  release time ${r.releaseAt?.toISOString() ?? 'not set'}  added ${r.added}, revised ${r.revised}`,
    )
  return 0
}

export async function releasePublishDueCommand(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length) throw new UsageError('release publish-due takes no arguments')
  const { db } = await ctx.database('schema')
  const published = await publishDueReleases(db)
  ctx.io.out(published.length ? `published release(s) ${published.join(', ')}` : 'no release is due')
  return 0
}
