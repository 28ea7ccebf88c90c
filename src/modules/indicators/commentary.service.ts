/**
 * The story behind an indicator's curve: analysts' commentary, kept as versions. A save archives
 * the current version and adds the next, audited with before and after, so nothing is overwritten
 * or deleted. A save names the version it was editing, so two analysts cannot silently overwrite
 * each other's words.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { bumpDataVersion } from '../../db/data-version.js'
import { recordAudit } from '../audit/audit.repository.js'

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

export type SaveResult = { ok: true; version: number; changed: boolean } | { ok: false; reason: 'conflict'; current: Commentary | null }

export async function currentCommentary(db: Kysely<Database>, indicatorId: string): Promise<Commentary | null> {
  const row = await db
    .selectFrom('indicator_commentary')
    .select(['indicator_id', 'version', 'story_md', 'partners_md', 'what_works_md', 'updated_at'])
    .where('indicator_id', '=', indicatorId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  return row ? toCommentary(row) : null
}

/**
 * Saves a new version. `editing` is the version the analyst opened (0 when there was none); if
 * someone has saved since, nothing is written and the caller shows the conflict.
 */
export async function saveCommentary(
  db: Kysely<Database>,
  indicatorId: string,
  text: CommentaryText,
  editing: number,
  actor: string,
): Promise<SaveResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('indicator_commentary')
        .select(['id', 'indicator_id', 'version', 'story_md', 'partners_md', 'what_works_md', 'updated_at'])
        .where('indicator_id', '=', indicatorId)
        .where('archived_at', 'is', null)
        .forUpdate()
        .executeTakeFirst()
      const before = current ? toCommentary(current) : null
      if ((before?.version ?? 0) !== editing) return { ok: false as const, reason: 'conflict' as const, current: before }
      if (before && sameText(before, text)) return { ok: true as const, version: before.version, changed: false }
      const now = new Date()
      const version = (before?.version ?? 0) + 1
      if (current) await trx.updateTable('indicator_commentary').set({ archived_at: now }).where('id', '=', current.id).execute()
      await trx
        .insertInto('indicator_commentary')
        .values({
          indicator_id: indicatorId,
          version,
          story_md: text.storyMd,
          partners_md: text.partnersMd,
          what_works_md: text.whatWorksMd,
          updated_by: actor,
          updated_at: now,
        })
        .execute()
      await recordAudit(trx, {
        actor,
        action: before ? 'indicator-commentary.update' : 'indicator-commentary.create',
        entityType: 'indicator_commentary',
        entityId: indicatorId,
        before: before ? auditFields(before) : null,
        after: auditFields({ ...text, version }),
      })
      await bumpDataVersion(trx)
      return { ok: true as const, version, changed: true }
    })
  } catch (error) {
    // Two first saves at once: the unique current-version index lets one through; the other is a conflict.
    if ((error as { code?: string }).code === '23505') return { ok: false, reason: 'conflict', current: await currentCommentary(db, indicatorId) }
    throw error
  }
}

const sameText = (a: CommentaryText, b: CommentaryText) => a.storyMd === b.storyMd && a.partnersMd === b.partnersMd && a.whatWorksMd === b.whatWorksMd

const auditFields = (c: CommentaryText & { version: number }) => ({
  version: c.version,
  story_md: c.storyMd,
  partners_md: c.partnersMd,
  what_works_md: c.whatWorksMd,
})

interface CommentaryRow {
  indicator_id: string
  version: number
  story_md: string
  partners_md: string
  what_works_md: string
  updated_at: Date
}

function toCommentary(row: CommentaryRow): Commentary {
  return {
    indicatorId: row.indicator_id,
    version: Number(row.version),
    storyMd: row.story_md,
    partnersMd: row.partners_md,
    whatWorksMd: row.what_works_md,
    updatedAt: new Date(row.updated_at),
  }
}
