/**
 * Reads and writes of stored board packs and progress reports (one table, by kind). Dates as
 * 'YYYY-MM-DD' text; the PDFs are read only when asked for. The pack functions see packs only.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isRecordId } from '../../lib/ids.js'

type Db = Kysely<Database>

export interface StoredPack {
  id: string
  /** 'board-pack', or a progress report's kind ('hwb', 'annual'). */
  kind: string
  /** The annual report's year; null otherwise. */
  period: string | null
  strategyId: string
  boardId: string
  meetingId: string
  version: number
  status: 'draft' | 'signed_off'
  asOf: string
  content: string
  contentSha256: string
  pdfSha256: string | null
  reason: string | null
  createdBy: string
  createdAt: Date
  signedOffBy: string | null
  signedOffAt: Date | null
}

function packQuery(db: Db) {
  return db
    .selectFrom('board_packs')
    .select([
      'id',
      'kind',
      'period',
      'strategy_id',
      'board_id',
      'meeting_id',
      'version',
      'status',
      'content',
      'content_sha256',
      'pdf_sha256',
      'reason',
      'created_by',
      'created_at',
      'signed_off_by',
      'signed_off_at',
    ])
    .select('as_of')
}

type PackRow = Awaited<ReturnType<ReturnType<typeof packQuery>['executeTakeFirstOrThrow']>>

const toPack = (r: PackRow): StoredPack => ({
  id: String(r.id),
  kind: r.kind,
  period: r.period,
  strategyId: r.strategy_id,
  boardId: r.board_id,
  meetingId: r.meeting_id === null ? '' : String(r.meeting_id),
  version: Number(r.version),
  status: r.status,
  asOf: r.as_of,
  content: r.content,
  contentSha256: r.content_sha256,
  pdfSha256: r.pdf_sha256,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  signedOffBy: r.signed_off_by,
  signedOffAt: r.signed_off_at ? new Date(r.signed_off_at) : null,
})

export async function findPack(
  db: Db,
  id: string,
  options: { lock?: boolean; anyKind?: boolean } = {},
): Promise<StoredPack | undefined> {
  if (!isRecordId(id)) return undefined
  let q = packQuery(db).where('id', '=', id)
  if (!options.anyKind) q = q.where('kind', '=', 'board-pack')
  if (options.lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  return row ? toPack(row) : undefined
}

/** A meeting's versions, newest first. */
export async function packsForMeeting(db: Db, meetingId: string): Promise<StoredPack[]> {
  return (await packQuery(db).where('meeting_id', '=', meetingId).orderBy('version', 'desc').execute()).map(toPack)
}

/** A pack as a reader's list names it: which meeting, which version, signed off or not. */
export interface PackListing {
  id: string
  meetingId: string
  version: number
  status: 'draft' | 'signed_off'
  asOf: string
}

/** The newest version of each of these meetings' packs (a meeting with none is left out). */
export async function newestPacksOf(db: Db, meetingIds: readonly string[]): Promise<PackListing[]> {
  if (!meetingIds.length) return []
  const rows = await db
    .selectFrom('board_packs')
    .select(['id', 'meeting_id', 'version', 'status'])
    .select('as_of')
    .where('kind', '=', 'board-pack')
    .where('meeting_id', 'in', [...meetingIds])
    .orderBy('meeting_id')
    .orderBy('version', 'desc')
    .execute()
  const newest = new Map<string, PackListing>()
  for (const r of rows)
    if (r.meeting_id !== null && !newest.has(r.meeting_id))
      newest.set(r.meeting_id, {
        id: r.id,
        meetingId: r.meeting_id,
        version: r.version,
        status: r.status,
        asOf: r.as_of,
      })
  return [...newest.values()]
}

/** Every signed-off pack and report, most recently signed off first. */
export async function signedOffPacks(db: Db, limit = 500): Promise<StoredPack[]> {
  return (
    await packQuery(db)
      .where('status', '=', 'signed_off')
      .orderBy('signed_off_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  ).map(toPack)
}

/** A stored PDF's bytes, exactly as kept at sign-off: the board's, or the public version's. */
export async function packPdf(db: Db, id: string, which: 'board' | 'public' = 'board'): Promise<Buffer | null> {
  if (!isRecordId(id)) return null
  const row = await db.selectFrom('board_packs').select(['pdf', 'public_pdf']).where('id', '=', id).executeTakeFirst()
  const bytes = which === 'public' ? row?.public_pdf : row?.pdf
  return bytes ? Buffer.from(bytes) : null
}

/** Whether a public PDF was kept at sign-off (records signed off before 0015 have none). */
export async function hasPublicPdf(db: Db, id: string): Promise<boolean> {
  if (!isRecordId(id)) return false
  const row = await db
    .selectFrom('board_packs')
    .select('id')
    .where('id', '=', id)
    .where('public_pdf', 'is not', null)
    .executeTakeFirst()
  return row !== undefined
}

/** A progress report's versions (of one kind and period), newest first. */
export async function reportVersions(db: Db, kind: string, period: string | null): Promise<StoredPack[]> {
  let q = packQuery(db).where('kind', '=', kind)
  q = period === null ? q.where('period', 'is', null) : q.where('period', '=', period)
  return (await q.orderBy('version', 'desc').execute()).map(toPack)
}

/** Holds the report's board row for the transaction, so two versions cannot take the same number. */
export async function lockBoard(tx: Db, strategyId: string, boardId: string): Promise<void> {
  await tx
    .selectFrom('strategy_nodes')
    .select('id')
    .where('strategy_id', '=', strategyId)
    .where('id', '=', boardId)
    .forUpdate()
    .execute()
}

export interface NewReport {
  kind: string
  period: string | null
  strategyId: string
  boardId: string
  version: number
  asOf: string
  content: string
  contentSha256: string
  reason: string | null
  createdBy: string
}

export const insertReport = (tx: Db, p: NewReport) => insertDraft(tx, { ...p, meetingId: null })

/** Holds the meeting's row for the transaction, so two versions cannot take the same number. */
export async function lockMeeting(tx: Db, meetingId: string): Promise<void> {
  await tx.selectFrom('meetings').select('id').where('id', '=', meetingId).forUpdate().execute()
}

export async function nextVersion(tx: Db, meetingId: string): Promise<number> {
  const row = await tx
    .selectFrom('board_packs')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  return Number(row?.v ?? 0) + 1
}

export interface NewPack {
  strategyId: string
  boardId: string
  meetingId: string
  version: number
  asOf: string
  content: string
  contentSha256: string
  reason: string | null
  createdBy: string
}

export const insertPack = (tx: Db, p: NewPack) => insertDraft(tx, { ...p, kind: 'board-pack', period: null })

/** A new draft version: of a meeting's pack, or of a report of a kind and period. */
async function insertDraft(tx: Db, p: NewReport & { meetingId: string | null }): Promise<string> {
  const row = await tx
    .insertInto('board_packs')
    .values({
      kind: p.kind,
      period: p.period,
      strategy_id: p.strategyId,
      board_id: p.boardId,
      meeting_id: p.meetingId,
      version: p.version,
      status: 'draft',
      as_of: p.asOf,
      content: p.content,
      content_sha256: p.contentSha256,
      reason: p.reason,
      created_by: p.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

/** Draft to signed off, with the PDFs; false when it was not a draft (someone signed it off first). */
export async function markSignedOff(
  tx: Db,
  id: string,
  pdfs: { pdf: Buffer; pdfSha256: string; publicPdf: Buffer | null; publicPdfSha256: string | null },
  by: string,
): Promise<boolean> {
  const rows = await tx
    .updateTable('board_packs')
    .set({
      status: 'signed_off',
      pdf: pdfs.pdf,
      pdf_sha256: pdfs.pdfSha256,
      public_pdf: pdfs.publicPdf,
      public_pdf_sha256: pdfs.publicPdfSha256,
      signed_off_by: by,
      signed_off_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returning('id')
    .execute()
  return rows.length === 1
}
