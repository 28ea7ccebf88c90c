/** The commentary versions of an indicator: the current one read (and locked to save the next), archived, added. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface CommentaryText {
  storyMd: string
  partnersMd: string
  whatWorksMd: string
}

export interface Commentary extends CommentaryText {
  indicatorId: string
  version: number
  updatedAt: Date
}

/** The current version with its row id, to archive it. */
export interface StoredCommentary extends Commentary {
  rowId: string
}

/** The current version; `lock` holds its row until the transaction ends (to save the next). */
export async function findCurrentCommentary(
  db: Kysely<Database>,
  indicatorId: string,
  lock = false,
): Promise<StoredCommentary | null> {
  const row = await db
    .selectFrom('indicator_commentary')
    .select(['id', 'indicator_id', 'version', 'story_md', 'partners_md', 'what_works_md', 'updated_at'])
    .where('indicator_id', '=', indicatorId)
    .where('archived_at', 'is', null)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst()
  if (!row) return null
  return {
    rowId: row.id,
    indicatorId: row.indicator_id,
    version: Number(row.version),
    storyMd: row.story_md,
    partnersMd: row.partners_md,
    whatWorksMd: row.what_works_md,
    updatedAt: new Date(row.updated_at),
  }
}

export async function archiveCommentary(db: Kysely<Database>, rowId: string, at: Date): Promise<void> {
  await db.updateTable('indicator_commentary').set({ archived_at: at }).where('id', '=', rowId).execute()
}

/** Adds a version; `updatedBy` is the actor's key, as the audit trail writes it. */
export async function insertCommentary(
  db: Kysely<Database>,
  entry: CommentaryText & { indicatorId: string; version: number; updatedBy: string; updatedAt: Date },
): Promise<void> {
  await db
    .insertInto('indicator_commentary')
    .values({
      indicator_id: entry.indicatorId,
      version: entry.version,
      story_md: entry.storyMd,
      partners_md: entry.partnersMd,
      what_works_md: entry.whatWorksMd,
      updated_by: entry.updatedBy,
      updated_at: entry.updatedAt,
    })
    .execute()
}
