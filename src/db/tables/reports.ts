/** Tables of this module: board packs and progress reports, version by version (migrations 0011, 0015). */
import type { ColumnType, Generated } from 'kysely'

type DateColumn = ColumnType<string, string, never>
type Frozen<T> = ColumnType<T, T, never>

export interface BoardPacksTable {
  id: Generated<string>
  strategy_id: Frozen<string>
  board_id: Frozen<string>
  /** 'board-pack' (for a meeting), 'hwb' or 'annual' (for no meeting). */
  kind: ColumnType<string, string | undefined, never>
  /** The annual report's year. */
  period: Frozen<string | null>
  meeting_id: Frozen<string | null>
  version: Frozen<number>
  status: 'draft' | 'signed_off'
  as_of: DateColumn
  /** The content as JSON text: the hashed bytes. */
  content: Frozen<string>
  content_sha256: Frozen<string>
  pdf: Buffer | null
  pdf_sha256: string | null
  /** The public version's PDF, printed at sign-off for the public archive. */
  public_pdf: Buffer | null
  public_pdf_sha256: string | null
  reason: Frozen<string | null>
  created_by: Frozen<string>
  created_at: ColumnType<Date, never, never>
  signed_off_by: string | null
  signed_off_at: ColumnType<Date | null, never, Date>
}

export interface ReportTables {
  board_packs: BoardPacksTable
}
