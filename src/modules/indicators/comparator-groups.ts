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
import { recordAudit } from '../audit/audit.repository.js'
import { bumpDataVersion } from '../../db/data-version.js'

export type SetGroupResult = { ok: true; members: number } | { ok: false; problems: string[] }

export async function setComparatorGroup(
  db: Kysely<Database>,
  group: { id: string; name: string; areaCodes: string[] },
  actor: string,
): Promise<SetGroupResult> {
  const problems: string[] = []
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(group.id)) problems.push(`group id "${group.id}" must be lower-case words joined by hyphens`)
  if (!group.name.trim()) problems.push('the group needs a name')
  if (group.areaCodes.length === 0) problems.push('the group needs at least one area')
  const known = new Set((await db.selectFrom('areas').select('code').execute()).map((a) => a.code))
  const seen = new Set<string>()
  for (const code of group.areaCodes) {
    if (!known.has(code)) problems.push(`unknown area code "${code}"`)
    if (seen.has(code)) problems.push(`area "${code}" is listed twice`)
    seen.add(code)
  }
  if (problems.length) return { ok: false, problems }
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('comparator_groups').selectAll().where('group_id', '=', group.id).orderBy('area_code').execute()
    await trx.deleteFrom('comparator_groups').where('group_id', '=', group.id).execute()
    await trx
      .insertInto('comparator_groups')
      .values(group.areaCodes.map((area_code) => ({ group_id: group.id, group_name: group.name, area_code })))
      .execute()
    await recordAudit(trx, {
      actor,
      action: before.length ? 'comparator-group.update' : 'comparator-group.create',
      entityType: 'comparator_group',
      entityId: group.id,
      before: before.length ? { name: before[0]!.group_name, areas: before.map((b) => b.area_code) } : null,
      after: { name: group.name, areas: [...group.areaCodes].sort() },
    })
    await bumpDataVersion(trx)
  })
  return { ok: true, members: group.areaCodes.length }
}

/** The area a group belongs to, from the code its id ends with; null for a group every member shares. */
export function groupFocus(groupId: string, members: ReadonlySet<string>): string | null {
  const code = /-(e\d{8})$/.exec(groupId)?.[1]?.toUpperCase()
  return code && members.has(code) ? code : null
}
