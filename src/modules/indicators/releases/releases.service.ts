/**
 * The release workflow: an analyst records quality checks on a draft, an approver approves it with
 * a release time (refused in the past, refused to whoever imported it when a second person is
 * required, and refused without a public note when it revises published figures), and at that time
 * the scheduler publishes it: its figures applied to data_points as an import's are (revisions kept,
 * recorded at the moment of publication, so `as_of` before it never shows them), the summaries
 * recomputed and the data version bumped, all in one transaction.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../../db/database.js'
import { takeBulkWriteLock } from '../../../db/bulk-write-lock.js'
import { withChange, withChanges, type ChangeScope } from '../../../db/changes/with-change.js'
import { systemActor, webActor, type ActingUser } from '../../../db/changes/actor.js'
import { applyStaged, compareStagedWithStored } from '../import/import.repository.js'
import { writeSummaries } from '../summaries/summaries.service.js'
import { indicatorDataChanged } from '../data-change-hooks.js'
import { notifyFollowers } from '../../follows/follows.service.js'
import {
  anyReleaseDue,
  claimDueReleases,
  countRevisionsOfPublished,
  findRelease,
  markApproved,
  markWithdrawn,
  recordReleaseIndicators,
  stageRelease,
  updateQualityChecks,
  type ReleaseRecord,
} from './releases.repository.js'

type Db = Kysely<Database>

/** The checks an analyst ticks on a release page (free text beside them). */
export const QUALITY_CHECKLIST = [
  'Figures match the source publication',
  'Areas, periods and breakdowns are the ones expected',
  'Changes to published figures are explained',
  'Small numbers and disclosure control reviewed',
] as const

export type Refusal = { ok: false; field: string; message: string }
export type Outcome = { ok: true } | Refusal

const refuse = (field: string, message: string): Refusal => ({ ok: false, field, message })

const releaseTarget = (id: string, action: string) => ({
  entityType: 'release',
  action,
  entityId: id,
  snapshot: async (tx: Db, releaseId: string) => snapshotOf(await findRelease(tx, releaseId)),
})

const snapshotOf = (r: ReleaseRecord | null) =>
  r && {
    status: r.status,
    qualityNotes: r.qualityNotes,
    qualityChecks: r.qualityChecks,
    approvedBy: r.approvedBy,
    releaseAt: r.releaseAt?.toISOString() ?? null,
    amendmentNote: r.amendmentNote,
    publishedAt: r.publishedAt?.toISOString() ?? null,
  }

export async function recordQualityChecks(
  db: Db,
  user: ActingUser,
  id: string,
  checks: { notes: string; checklist: string[] },
): Promise<Outcome> {
  const release = await findRelease(db, id)
  if (!release) return refuse('form', 'There is no such release')
  if (release.status !== 'draft') return refuse('notes', 'Quality checks are recorded on a draft, before approval')
  if (!checks.notes.trim()) return refuse('notes', 'Enter what you checked')
  const checklist = checks.checklist.filter((c) => (QUALITY_CHECKLIST as readonly string[]).includes(c))
  await withChange(db, webActor(user), releaseTarget(id, 'release.quality-checks'), async (tx, change) => {
    await updateQualityChecks(tx, id, { notes: checks.notes.trim(), checklist, by: change.actor.key })
  })
  return { ok: true }
}

export interface Approval {
  releaseAt: Date
  amendmentNote: string
}

export async function approveRelease(
  db: Db,
  settings: { secondApprover: boolean },
  user: ActingUser,
  id: string,
  approval: Approval,
  now: Date = new Date(),
): Promise<Outcome> {
  const release = await findRelease(db, id)
  if (!release) return refuse('form', 'There is no such release')
  if (release.status !== 'draft') return refuse('form', `This release is ${release.status}: only a draft is approved`)
  const actor = webActor(user)
  if (settings.secondApprover && (release.createdByUserId === user.id || release.createdBy === actor.key))
    return refuse(
      'form',
      'You imported this release, and a second person must approve it: ask another approver (RELEASE_SECOND_APPROVER)',
    )
  if (approval.releaseAt.getTime() <= now.getTime())
    return refuse('releaseAt', 'The release date and time must be in the future')
  const note = approval.amendmentNote.trim()
  if (!note && (await countRevisionsOfPublished(db, id)) > 0)
    return refuse(
      'amendmentNote',
      'This release changes published figures: enter a public note of what changed and why (the amendment note)',
    )
  const done = await withChange(db, actor, releaseTarget(id, 'release.approve'), async (tx, change) => {
    const approved = await markApproved(tx, id, {
      by: change.actor.key,
      userId: user.id,
      releaseAt: approval.releaseAt,
      amendmentNote: note || null,
    })
    if (!approved) change.unchanged()
    return approved
  })
  return done ? { ok: true } : refuse('form', 'This release was changed meanwhile: look at it again')
}

/** Withdraws a draft or approved release (a wrong file, a figure that failed its checks); never a published one. */
export async function withdrawRelease(db: Db, user: ActingUser, id: string): Promise<Outcome> {
  const done = await withChange(db, webActor(user), releaseTarget(id, 'release.withdraw'), async (tx, change) => {
    const withdrawn = await markWithdrawn(tx, id)
    if (!withdrawn) change.unchanged()
    return withdrawn
  })
  return done ? { ok: true } : refuse('form', 'Only a release not yet published can be withdrawn')
}

/**
 * Publishes every approved release whose time has come; the ids published. Safe to call from any
 * number of processes at once (the claim is a conditional update) and after any restart (the state
 * is the releases table). A look without a transaction first keeps the poll cheap.
 */
export async function publishDueReleases(db: Db): Promise<string[]> {
  if (!(await anyReleaseDue(db))) return []
  return withChanges(db, systemActor('release-scheduler'), async (tx, change) => {
    await takeBulkWriteLock(tx as Transaction<Database>)
    const due = await claimDueReleases(tx)
    if (!due.length) {
      change.unchanged()
      return []
    }
    for (const release of due) await publishOne(tx, change, release)
    return due.map((r) => r.id)
  })
}

async function publishOne(tx: Db, change: ChangeScope, release: { id: string; batchId: string; publishedAt: Date }) {
  await stageRelease(tx, release.id)
  // Compared again now: another release may have changed the published figures since the import.
  const counts = await compareStagedWithStored(tx, false)
  const { revised } = await recordReleaseIndicators(tx, release.id)
  const changed = await applyStaged(tx, { id: release.batchId, importedAt: release.publishedAt })
  await change.record({
    action: 'release.publish',
    entityType: 'release',
    entityId: release.id,
    before: { status: 'approved' },
    after: {
      status: 'published',
      publishedAt: release.publishedAt.toISOString(),
      added: counts.added,
      revised,
      unchanged: counts.unchanged,
    },
  })
  if (changed.length) {
    await writeSummaries(tx, changed, { batchId: release.batchId })
    await indicatorDataChanged(tx, changed)
    await notifyFollowers(tx, changed, release.publishedAt)
  }
}
