/**
 * What a reader of the public outputs knows about the planted SYNTHETIC data (disclosure-planted.ts),
 * and which of the 15 planted small numbers that lets them work out: shown outright, or by adding
 * and subtracting published figures within the planted data's additive groups, in either version
 * (the first as it stood on AS_OF_FIRST_VERSION, the revision now) and across the two.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import { determined, recoverable } from '../helpers/subtraction.js'
import { PLANTED_CASES, plantData, plantedCsv, plantedGroups, plantedKey, plantedRows } from './disclosure-planted.js'

/** When the first version is taken to have been recorded, and a date on which it was the one served. */
export const FIRST_VERSION_RECORDED = new Date('2024-03-01T12:00:00Z')
export const AS_OF_FIRST_VERSION = '2024-03-15'

/**
 * Plants both versions: the first, recorded (as if) on 1 March 2024, then the revision, recorded now.
 * Every figure the revision changes is then in the database twice.
 */
export async function plantBothVersions(db: Kysely<Database>): Promise<void> {
  await plantData(db)
  await sql`update data_points set recorded_at = ${FIRST_VERSION_RECORDED} where source = 'synthetic test data'`.execute(
    db,
  )
  await plantData(db, plantedCsv(plantedRows(2)))
}

/** A published figure: its planted key, the version it is of, and its count (null: not shown). */
export interface Published {
  key: string
  version: 1 | 2
  count: number | null
}

let revisedKeys: Set<string> | null = null
/** The keys of the figures the revision changes. */
const revised = () => (revisedKeys ??= new Set(plantedRows(2).map(plantedKey)))

/** The version a figure of this key recorded at this time is (no time: the current one). */
export function versionOf(key: string, recordedAt: string | null): 1 | 2 {
  if (!revised().has(key)) return 1
  return recordedAt !== null && new Date(recordedAt).getTime() <= FIRST_VERSION_RECORDED.getTime() ? 1 : 2
}

const row = (key: string, version: 1 | 2, changed: Set<string>) => `${key}@${version === 2 && changed.has(key) ? 2 : 1}`

export interface Disclosed {
  n: number
  route: string
  how: 'shown' | 'worked out'
}

/** The planted small numbers a reader who has seen all of `published` can tell. */
export function plantedDisclosed(published: readonly Published[]): Disclosed[] {
  const changed = revised()
  const known = new Set<string>()
  for (const p of published) if (p.count !== null) known.add(row(p.key, p.version, changed))
  // Each group in each version, as rows: a figure the revision did not change is one row in both.
  const groups = [
    ...new Map(
      plantedGroups()
        .flatMap((g) => [g.map((k) => row(k, 1, changed)), g.map((k) => row(k, 2, changed))])
        .map((g) => [g.join(' '), g]),
    ).values(),
  ]
  const ids = new Map<string, number>()
  const id = (r: string) => ids.get(r) ?? (ids.set(r, ids.size), ids.size - 1)
  const numbered = groups.map((g) => g.map(id))
  const knownIds = new Set([...known].map(id))
  const worked = new Set([...determined(numbered, knownIds), ...recoverable(numbered, knownIds)])
  const out: Disclosed[] = []
  for (const c of PLANTED_CASES) {
    const small = `${c.key}@1`
    if (known.has(small)) out.push({ n: c.n, route: c.route, how: 'shown' })
    else if (worked.has(id(small))) out.push({ n: c.n, route: c.route, how: 'worked out' })
  }
  return out
}

/** Every planted figure, as a reader with everything shown would have it: for checking the checker. */
export function everythingPublished(): Published[] {
  const first = plantedRows(1).map((r) => ({ key: plantedKey(r), version: 1 as const, count: r.count }))
  const second = plantedRows(2).map((r) => ({ key: plantedKey(r), version: 2 as const, count: r.count }))
  return [...first, ...second]
}
