/**
 * The story behind an indicator's curve: analysts' commentary, kept as versions. A save archives
 * the current version and adds the next, audited with before and after, so nothing is overwritten
 * or deleted. A save names the version it was editing, so two analysts cannot silently overwrite
 * each other's words.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChanges } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import {
  archiveCommentary,
  findCurrentCommentary,
  insertCommentary,
  type Commentary,
  type CommentaryText,
} from './commentary.repository.js'

export type { Commentary, CommentaryText } from './commentary.repository.js'

export type SaveResult =
  { ok: true; version: number; changed: boolean } | { ok: false; reason: 'conflict'; current: Commentary | null }

export async function currentCommentary(db: Kysely<Database>, indicatorId: string): Promise<Commentary | null> {
  const found = await findCurrentCommentary(db, indicatorId)
  if (!found) return null
  const { rowId: _rowId, ...commentary } = found
  return commentary
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
  actor: Actor | ActingUser | string,
): Promise<SaveResult> {
  try {
    return await withChanges(db, actor, async (tx, change): Promise<SaveResult> => {
      const stored = await findCurrentCommentary(tx, indicatorId, true)
      const before = stored && (({ rowId: _rowId, ...c }) => c)(stored)
      if ((before?.version ?? 0) !== editing) {
        change.unchanged()
        return { ok: false, reason: 'conflict', current: before }
      }
      if (before && sameText(before, text)) {
        change.unchanged()
        return { ok: true, version: before.version, changed: false }
      }
      const now = new Date()
      const version = (before?.version ?? 0) + 1
      if (stored) await archiveCommentary(tx, stored.rowId, now)
      await insertCommentary(tx, { indicatorId, version, ...text, updatedBy: change.actor.key, updatedAt: now })
      await change.record({
        action: before ? 'indicator-commentary.update' : 'indicator-commentary.create',
        entityType: 'indicator_commentary',
        entityId: indicatorId,
        before: before ? auditFields(before) : null,
        after: auditFields({ ...text, version }),
      })
      return { ok: true, version, changed: true }
    })
  } catch (error) {
    // Two first saves at once: the unique current-version index lets one through; the other is a conflict.
    if ((error as { code?: string }).code === '23505')
      return { ok: false, reason: 'conflict', current: await currentCommentary(db, indicatorId) }
    throw error
  }
}

const sameText = (a: CommentaryText, b: CommentaryText) =>
  a.storyMd === b.storyMd && a.partnersMd === b.partnersMd && a.whatWorksMd === b.whatWorksMd

const auditFields = (c: CommentaryText & { version: number }) => ({
  version: c.version,
  story_md: c.storyMd,
  partners_md: c.partnersMd,
  what_works_md: c.whatWorksMd,
})
