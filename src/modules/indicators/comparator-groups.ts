/**
 * Comparator groups (London boroughs, statistical neighbours …) as data an administrator defines.
 * Setting a group replaces its members; every change is audited with before and after.
 *
 * A group may belong to one area: an authority's statistical neighbours are its group, and ranking
 * a neighbour within them would say nothing. Such a group's id ends with that area's code
 * (statistical-neighbours-2025-e09000002), and only that area is ranked within it.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChanges } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import { areaCodes } from './areas.repository.js'
import { groupSnapshot, replaceGroup } from './comparator-groups.repository.js'

export type SetGroupResult = { ok: true; members: number } | { ok: false; problems: string[] }

/** What is wrong with a group as given, against the areas known; none when it may be stored. */
export function groupProblems(
  group: { id: string; name: string; areaCodes: readonly string[] },
  known: ReadonlySet<string>,
): string[] {
  const problems: string[] = []
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(group.id))
    problems.push(`group id "${group.id}" must be lower-case words joined by hyphens`)
  if (!group.name.trim()) problems.push('the group needs a name')
  if (group.areaCodes.length === 0) problems.push('the group needs at least one area')
  const seen = new Set<string>()
  for (const code of group.areaCodes) {
    if (!known.has(code)) problems.push(`unknown area code "${code}"`)
    if (seen.has(code)) problems.push(`area "${code}" is listed twice`)
    seen.add(code)
  }
  return problems
}

export async function setComparatorGroup(
  db: Kysely<Database>,
  group: { id: string; name: string; areaCodes: string[] },
  actor: Actor | ActingUser | string,
): Promise<SetGroupResult> {
  const problems = groupProblems(group, await areaCodes(db))
  if (problems.length) return { ok: false, problems }
  await withChanges(db, actor, async (tx, change) => {
    const before = await groupSnapshot(tx, group.id)
    await replaceGroup(tx, group)
    await change.record({
      action: before ? 'comparator-group.update' : 'comparator-group.create',
      entityType: 'comparator_group',
      entityId: group.id,
      before,
      after: { name: group.name, areas: [...group.areaCodes].sort() },
    })
  })
  return { ok: true, members: group.areaCodes.length }
}

/** The area a group belongs to, from the code its id ends with; null for a group every member shares. */
export function groupFocus(groupId: string, members: ReadonlySet<string>): string | null {
  const code = /-(e\d{8})$/.exec(groupId)?.[1]?.toUpperCase()
  return code && members.has(code) ? code : null
}
