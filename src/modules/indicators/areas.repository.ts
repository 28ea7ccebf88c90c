/** Areas with the dates their codes were in use, for placing a publisher's figure by period, and their names. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { AreaSpan } from '../sources/dfe-areas.js'

export interface AreaRecord {
  code: string
  name: string
  type: string
  parentCode: string | null
  /** 'YYYY-MM-DD', or null. */
  validFrom: string | null
  validTo: string | null
  source: string
}

export async function areaSpans(db: Kysely<Database>): Promise<Map<string, AreaSpan>> {
  const rows = await db.selectFrom('areas').select(['code', 'name', 'type', 'valid_from', 'valid_to']).execute()
  return new Map(
    rows.map((r) => [
      r.code,
      { code: r.code, name: r.name, type: r.type, validFrom: r.valid_from, validTo: r.valid_to },
    ]),
  )
}

/** Every area code known. */
export async function areaCodes(db: Kysely<Database>): Promise<Set<string>> {
  return new Set((await db.selectFrom('areas').select('code').execute()).map((a) => a.code))
}

/** Every area's name, by code. */
export async function areaNames(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('areas').select(['code', 'name']).execute()).map((a) => [a.code, a.name]))
}

/** An area's name; its code when it is not known. */
export async function areaName(db: Kysely<Database>, code: string): Promise<string> {
  const row = await db.selectFrom('areas').select('name').where('code', '=', code).executeTakeFirst()
  return row?.name ?? code
}

/** Stores an area by its code; true when it was new or differed. */
export async function upsertArea(db: Kysely<Database>, area: AreaRecord): Promise<boolean> {
  const row = {
    code: area.code,
    name: area.name,
    type: area.type,
    parent_code: area.parentCode,
    valid_from: area.validFrom,
    valid_to: area.validTo,
    source: area.source,
  }
  const changed = await db
    .insertInto('areas')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet(row)
        .where((eb) =>
          eb.or(
            (['name', 'type', 'parent_code', 'valid_from', 'valid_to', 'source'] as const).map((c) =>
              eb(`areas.${c}`, 'is distinct from', eb.ref(`excluded.${c}`)),
            ),
          ),
        ),
    )
    .returning('code')
    .executeTakeFirst()
  return changed !== undefined
}
