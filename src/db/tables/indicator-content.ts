/** Tables of the indicator page's written content: the story behind the curve (migration 0008). */
import type { Generated } from 'kysely'
import type { Id, NullableTimestamp } from '../column-types.js'

/** One version of an indicator's commentary; the current one has archived_at null. */
export interface IndicatorCommentaryTable {
  id: Id
  indicator_id: string
  version: number
  story_md: string
  partners_md: string
  what_works_md: string
  /** The actor, as the audit trail writes it ("user:12 analyst@example.org"); never shown publicly. */
  updated_by: string
  updated_at: Generated<Date>
  archived_at: NullableTimestamp
}

export interface IndicatorContentTables {
  indicator_commentary: IndicatorCommentaryTable
}
