/**
 * Following by e-mail: a signed-in partner follows an indicator, an outcome or the dashboard, and
 * stops following; each an audited change (withChange). When figures are published, the change
 * that publishes them calls `notifyFollowers`, which writes one outbox row per follower in that same
 * transaction: the e-mail is sent later (outbox.sender.ts), so a slow or absent mail relay never
 * slows or breaks the publication, and a publication rolled back announces nothing.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange } from '../../db/changes/with-change.js'
import type { ActingUser } from '../../db/changes/actor.js'
import {
  endFollow,
  findOpenFollow,
  followersOf,
  followSnapshot,
  insertFollow,
  insertOutbox,
  type FollowTarget,
} from './follows.repository.js'

type Db = Kysely<Database>

/** Follows a target; an open follow of the same target is kept as it is (returned, unchanged). */
export async function follow(
  db: Db,
  user: ActingUser,
  target: FollowTarget,
): Promise<{ id: string; created: boolean }> {
  return withChange(
    db,
    user,
    {
      entityType: 'follow',
      action: 'follow.start',
      idOf: (r: { id: string; created: boolean }) => r.id,
      snapshot: followSnapshot,
      bumpsDataVersion: false,
    },
    async (tx, change) => {
      const open = await findOpenFollow(tx, user.id, target)
      if (open) {
        change.unchanged()
        return { id: open, created: false }
      }
      return { id: await insertFollow(tx, user.id, target), created: true }
    },
  )
}

/** Stops following; false when the user has no such open follow (someone else's, or ended). */
export async function unfollow(db: Db, user: ActingUser, followId: string): Promise<boolean> {
  return withChange(
    db,
    user,
    {
      entityType: 'follow',
      action: 'follow.end',
      entityId: followId,
      snapshot: followSnapshot,
      bumpsDataVersion: false,
    },
    async (tx, change) => {
      const ended = await endFollow(tx, user.id, followId)
      if (!ended) change.unchanged()
      return ended
    },
  )
}

/**
 * Queues one e-mail per follower of these newly published indicators (directly, through an
 * outcome, or the dashboard), naming the ones they follow. Call it inside the change that
 * publishes the figures (its transaction), so the e-mails are queued exactly when the figures are
 * stored. Returns how many e-mails were queued.
 */
export async function notifyFollowers(db: Db, indicatorIds: readonly string[], publishedAt: Date): Promise<number> {
  if (!db.isTransaction) throw new Error('notifyFollowers runs inside the change that publishes the figures')
  const followers = await followersOf(db, [...new Set(indicatorIds)])
  const ids = await insertOutbox(
    db,
    followers.map((f) => ({ userId: f.userId, indicatorIds: f.indicatorIds, publishedAt })),
  )
  return ids.length
}
