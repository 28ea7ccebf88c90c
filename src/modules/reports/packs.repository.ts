/** Reads and writes of stored board packs. Dates as 'YYYY-MM-DD' text; the PDF is read only when asked for. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isRecordId } from '../../lib/ids.js'

type Db = Kysely<Database>

export interface StoredPack {
  id: string
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
  strategyId: r.strategy_id,
  boardId: r.board_id,
  meetingId: String(r.meeting_id),
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

export async function findPack(db: Db, id: string, options: { lock?: boolean } = {}): Promise<StoredPack | undefined> {
  if (!isRecordId(id)) return undefined
  let q = packQuery(db).where('id', '=', id)
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
    .where('meeting_id', 'in', [...meetingIds])
    .orderBy('meeting_id')
    .orderBy('version', 'desc')
    .execute()
  const newest = new Map<string, PackListing>()
  for (const r of rows)
    if (!newest.has(r.meeting_id))
      newest.set(r.meeting_id, {
        id: r.id,
        meetingId: r.meeting_id,
        version: r.version,
        status: r.status,
        asOf: r.as_of,
      })
  return [...newest.values()]
}

/** Every signed-off pack, most recently signed off first. */
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

/** The stored PDF's bytes, exactly as kept at sign-off. */
export async function packPdf(db: Db, id: string): Promise<Buffer | null> {
  if (!isRecordId(id)) return null
  const row = await db.selectFrom('board_packs').select('pdf').where('id', '=', id).executeTakeFirst()
  return row?.pdf ? Buffer.from(row.pdf) : null
}

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

export async function insertPack(tx: Db, p: NewPack): Promise<string> {
  const row = await tx
    .insertInto('board_packs')
    .values({
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

/** Draft to signed off, with the PDF; false when it was not a draft (someone signed it off first). */
export async function markSignedOff(tx: Db, id: string, pdf: Buffer, pdfSha256: string, by: string): Promise<boolean> {
  const rows = await tx
    .updateTable('board_packs')
    .set({ status: 'signed_off', pdf, pdf_sha256: pdfSha256, signed_off_by: by, signed_off_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returning('id')
    .execute()
  return rows.length === 1
}
