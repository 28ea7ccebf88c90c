/** Comparator groups' members: read for ranks and the indicator page, replaced whole when a group is set. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface ComparatorGroupRecord {
  id: string
  name: string
  members: Set<string>
}

export interface GroupMember {
  groupId: string
  groupName: string
  areaCode: string
}

/** Every group with its members. */
export async function allComparatorGroups(db: Kysely<Database>): Promise<ComparatorGroupRecord[]> {
  const rows = await db.selectFrom('comparator_groups').select(['group_id', 'group_name', 'area_code']).execute()
  const groups = new Map<string, ComparatorGroupRecord>()
  for (const r of rows) {
    const group =
      groups.get(r.group_id) ??
      groups.set(r.group_id, { id: r.group_id, name: r.group_name, members: new Set() }).get(r.group_id)!
    group.members.add(r.area_code)
  }
  return [...groups.values()]
}

/** One group's member codes (none when there is no such group). */
export async function groupMembers(db: Kysely<Database>, groupId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('comparator_groups').select('area_code').where('group_id', '=', groupId).execute()
  return new Set(rows.map((r) => r.area_code))
}

/** A group as the audit trail keeps it: its name and members in code order; null when there is none. */
export async function groupSnapshot(
  db: Kysely<Database>,
  groupId: string,
): Promise<{ name: string; areas: string[] } | null> {
  const rows = await db
    .selectFrom('comparator_groups')
    .select(['group_name', 'area_code'])
    .where('group_id', '=', groupId)
    .orderBy('area_code')
    .execute()
  return rows.length ? { name: rows[0]!.group_name, areas: rows.map((r) => r.area_code) } : null
}

/** Sets a group's members to exactly these. */
export async function replaceGroup(
  db: Kysely<Database>,
  group: { id: string; name: string; areaCodes: readonly string[] },
): Promise<void> {
  await db.deleteFrom('comparator_groups').where('group_id', '=', group.id).execute()
  await db
    .insertInto('comparator_groups')
    .values(group.areaCodes.map((area_code) => ({ group_id: group.id, group_name: group.name, area_code })))
    .execute()
}

/** Comparator group members per INSERT statement: statistical neighbours run to thousands. */
const GROUP_CHUNK = 500

/** Adds members (a member already there takes the group's name given); how many rows were new or renamed. */
export async function upsertGroupMembers(db: Kysely<Database>, members: readonly GroupMember[]): Promise<number> {
  let changed = 0
  for (let i = 0; i < members.length; i += GROUP_CHUNK) {
    const rows = await db
      .insertInto('comparator_groups')
      .values(
        members
          .slice(i, i + GROUP_CHUNK)
          .map((g) => ({ group_id: g.groupId, group_name: g.groupName, area_code: g.areaCode })),
      )
      .onConflict((oc) =>
        oc
          .columns(['group_id', 'area_code'])
          .doUpdateSet((eb) => ({ group_name: eb.ref('excluded.group_name') }))
          .where((eb) => eb('comparator_groups.group_name', 'is distinct from', eb.ref('excluded.group_name'))),
      )
      .returning('group_id')
      .execute()
    changed += rows.length
  }
  return changed
}
