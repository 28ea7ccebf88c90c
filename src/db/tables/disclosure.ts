/** Tables of the disclosure module: suppression decided when data changes (migration 0018). */
import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T> = ColumnType<T, string, string>
type Suppressed = 'small-count' | 'secondary'

export interface DisclosureDecisionsTable {
  indicator_id: string
  threshold: number
  decided_at: Timestamp
}

/** Only the suppressed versions of figures: a point with no row here is shown. */
export interface PointSuppressionTable {
  data_point_id: string
  threshold: number
  indicator_id: string
  suppressed: Suppressed
}

/** Only summaries disclosure control changed: suppressed whole, or with fields blanked and the finding rewritten. */
export interface SummaryDisclosureTable {
  indicator_id: string
  area_code: string
  sex: string
  age: string
  category_type: string
  category: string
  threshold: number
  suppressed: Suppressed | null
  summary: Json<unknown> | null
  finding: string | null
}

export interface DisclosureTables {
  disclosure_decisions: DisclosureDecisionsTable
  point_suppression: PointSuppressionTable
  summary_disclosure: SummaryDisclosureTable
}
