/**
 * Whom a reminder goes to: the owner accounts of the organisation that owns each action or risk, the
 * analyst accounts, and who last imported each indicator's current figures. Accounts only: roles in
 * organisations, with the e-mail addresses users already gave the service. Disabled accounts never.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

type Db = Kysely<Database>

export interface Recipient {
  userId: string
  email: string
  name: string
}

/** Each item's owner accounts: users with the owner role in the item's organisation. */
export async function ownerAccounts(
  db: Db,
  table: 'actions' | 'risks',
  ids: readonly string[],
): Promise<Map<string, Recipient[]>> {
  const found = new Map<string, Recipient[]>()
  if (!ids.length) return found
  const rows = await db
    .selectFrom(`${table} as x` as 'actions as x')
    .innerJoin('users as u', 'u.organisation_id', 'x.organisation_id')
    .select(['x.id as item', 'u.id', 'u.email', 'u.display_name'])
    .where('x.id', 'in', [...ids])
    .where('u.role', '=', 'owner')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.id')
    .execute()
  for (const r of rows) {
    const list = found.get(String(r.item)) ?? []
    list.push({ userId: String(r.id), email: r.email, name: r.display_name })
    found.set(String(r.item), list)
  }
  return found
}

/** Every analyst account that is not disabled. */
export async function analystAccounts(db: Db): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('role', '=', 'analyst')
    .where('disabled_at', 'is', null)
    .orderBy('display_name')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ userId: String(r.id), email: r.email, name: r.display_name }))
}

/** Who (by audit key) ran the latest import that stored each indicator's current figures, shipped data aside. */
export async function lastImporters(db: Db, indicatorIds: readonly string[]): Promise<Map<string, string>> {
  if (!indicatorIds.length) return new Map()
  const rows = await db
    .selectFrom('data_points as d')
    .innerJoin('import_batches as b', 'b.id', 'd.import_batch_id')
    .select(['d.indicator_id', 'b.actor', 'b.imported_at'])
    .distinctOn('d.indicator_id')
    .where('d.indicator_id', 'in', [...indicatorIds])
    .where('d.replaced_at', 'is', null)
    .where('b.kind', '=', 'import')
    .orderBy('d.indicator_id')
    .orderBy('b.imported_at', 'desc')
    .execute()
  return new Map(rows.map((r) => [r.indicator_id, r.actor]))
}
