/** Reading data points: now, as they stood at a moment in the past, and the values imports replaced. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface DataPointQuery {
  indicatorId: string
  areaCode?: string
  /** The data as it stood at this moment: values recorded by then and not yet replaced. */
  asOf?: Date
}

export async function findDataPoints(db: Kysely<Database>, query: DataPointQuery) {
  let q = db.selectFrom('data_points').selectAll().where('indicator_id', '=', query.indicatorId)
  if (query.areaCode) q = q.where('area_code', '=', query.areaCode)
  if (query.asOf) {
    const at = query.asOf
    q = q
      .where('recorded_at', '<=', at)
      .where((eb) => eb.or([eb('replaced_at', 'is', null), eb('replaced_at', '>', at)]))
  } else {
    q = q.where('replaced_at', 'is', null)
  }
  return q
    .orderBy('area_code')
    .orderBy('period_key')
    .orderBy('sex')
    .orderBy('age')
    .orderBy('category_type')
    .orderBy('category')
    .execute()
}

/** Every value a key has had, oldest first, with when and by which import each was replaced. */
export async function findRevisions(
  db: Kysely<Database>,
  key: { indicatorId: string; areaCode: string; periodKey: string },
) {
  return db
    .selectFrom('data_points')
    .selectAll()
    .where('indicator_id', '=', key.indicatorId)
    .where('area_code', '=', key.areaCode)
    .where('period_key', '=', key.periodKey)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute()
}

/** A value an import replaced, with the value that replaced it (the same key, the replacing batch's row). */
export interface ReplacedValue {
  periodKey: string
  periodLabel: string
  sex: string
  age: string
  categoryType: string
  category: string
  oldValue: number | null
  oldCount: number | null
  oldDenominator: number | null
  newValue: number | null
  newCount: number | null
  newDenominator: number | null
  replacedAt: Date
  /** The file that replaced it: its name, its format and whether it was a shipped dataset. */
  source: { name: string; format: string; kind: 'import' | 'shipped' }
}

/** An area's replaced values of an indicator, each with the value that replaced it. */
export async function findReplacedValues(
  db: Kysely<Database>,
  indicatorId: string,
  areaCode: string,
): Promise<ReplacedValue[]> {
  const rows = await db
    .selectFrom('data_points as earlier')
    .innerJoin('data_points as later', (j) =>
      j
        .onRef('later.indicator_id', '=', 'earlier.indicator_id')
        .onRef('later.area_code', '=', 'earlier.area_code')
        .onRef('later.period_key', '=', 'earlier.period_key')
        .onRef('later.sex', '=', 'earlier.sex')
        .onRef('later.age', '=', 'earlier.age')
        .onRef('later.category_type', '=', 'earlier.category_type')
        .onRef('later.category', '=', 'earlier.category')
        .onRef('later.import_batch_id', '=', 'earlier.replaced_by_batch_id'),
    )
    .innerJoin('import_batches as batch', 'batch.id', 'later.import_batch_id')
    .select([
      'batch.source_name',
      'batch.format',
      'batch.kind',
      'earlier.period_key',
      'earlier.period_label',
      'earlier.sex',
      'earlier.age',
      'earlier.category_type',
      'earlier.category',
      'earlier.value as old_value',
      'earlier.count as old_count',
      'earlier.denominator as old_denominator',
      'earlier.replaced_at',
      'later.value as new_value',
      'later.count as new_count',
      'later.denominator as new_denominator',
    ])
    .where('earlier.indicator_id', '=', indicatorId)
    .where('earlier.area_code', '=', areaCode)
    .where('earlier.replaced_at', 'is not', null)
    .execute()
  return rows.map((r) => ({
    periodKey: r.period_key,
    periodLabel: r.period_label,
    sex: r.sex,
    age: r.age,
    categoryType: r.category_type,
    category: r.category,
    oldValue: r.old_value,
    oldCount: r.old_count,
    oldDenominator: r.old_denominator,
    newValue: r.new_value,
    newCount: r.new_count,
    newDenominator: r.new_denominator,
    replacedAt: new Date(r.replaced_at!),
    source: { name: r.source_name, format: r.format, kind: r.kind },
  }))
}
