/** Reading data points, now or as they stood at a moment in the past. */
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
    q = q.where('recorded_at', '<=', at).where((eb) => eb.or([eb('replaced_at', 'is', null), eb('replaced_at', '>', at)]))
  } else {
    q = q.where('replaced_at', 'is', null)
  }
  return q.orderBy('area_code').orderBy('period_key').orderBy('sex').orderBy('age').orderBy('category_type').orderBy('category').execute()
}

/** Every value a key has had, oldest first, with when and by which import each was replaced. */
export async function findRevisions(db: Kysely<Database>, key: { indicatorId: string; areaCode: string; periodKey: string }) {
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
