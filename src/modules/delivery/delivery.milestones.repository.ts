/**
 * An action's milestones and progress updates in the database, with dates as YYYY-MM-DD text on
 * both engines. Milestones are archived, never deleted; progress updates are append-only.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { IsoDate } from '../../lib/dates.js'
import { isActionId } from './delivery.repository.js'

type Db = Kysely<Database>

export interface MilestoneRecord {
  id: string
  title: string
  dueDate: IsoDate | null
  completedOn: IsoDate | null
}

export async function findMilestones(db: Db, actionId: string): Promise<MilestoneRecord[]> {
  const rows = await db
    .selectFrom('milestones as m')
    .select(['m.id', 'm.title', 'm.due_date', 'm.completed_on'])
    .where('m.action_id', '=', actionId)
    .where('m.archived_at', 'is', null)
    .orderBy(sql`m.due_date asc nulls last`)
    .orderBy('m.id')
    .execute()
  return rows.map((r) => ({ id: String(r.id), title: r.title, dueDate: r.due_date, completedOn: r.completed_on }))
}

/** One current milestone of the action, or undefined. */
export async function findMilestone(
  db: Db,
  actionId: string,
  milestoneId: string,
): Promise<MilestoneRecord | undefined> {
  if (!isActionId(milestoneId)) return undefined
  const row = await db
    .selectFrom('milestones')
    .select(['id', 'title', 'due_date as dueDate', 'completed_on as completedOn'])
    .where('id', '=', milestoneId)
    .where('action_id', '=', actionId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  return row ? { id: String(row.id), title: row.title, dueDate: row.dueDate, completedOn: row.completedOn } : undefined
}

export async function insertMilestone(
  db: Db,
  actionId: string,
  milestone: { title: string; dueDate: IsoDate | null },
): Promise<string> {
  const row = await db
    .insertInto('milestones')
    .values({ action_id: actionId, title: milestone.title, due_date: milestone.dueDate })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

export async function setMilestoneCompleted(db: Db, milestoneId: string, on: IsoDate): Promise<void> {
  await db.updateTable('milestones').set({ completed_on: on }).where('id', '=', milestoneId).execute()
}

export async function archiveMilestoneRow(db: Db, milestoneId: string): Promise<void> {
  await db.updateTable('milestones').set({ archived_at: new Date() }).where('id', '=', milestoneId).execute()
}

export interface ProgressUpdateRecord {
  id: string
  updateDate: IsoDate
  status: string
  commentary: string
  authorName: string | null
  authorOrganisation: string | null
  author: string
}

/** Newest first. */
export async function findProgressUpdates(db: Db, actionId: string): Promise<ProgressUpdateRecord[]> {
  const rows = await db
    .selectFrom('progress_updates as p')
    .leftJoin('users as u', 'u.id', 'p.author_user_id')
    .leftJoin('organisations as o', 'o.id', 'p.author_organisation_id')
    .select([
      'p.id',
      'p.update_date',
      'p.status_at_update',
      'p.commentary',
      'u.display_name',
      'o.name as organisation_name',
      'p.author',
    ])
    .where('p.action_id', '=', actionId)
    .orderBy('p.update_date', 'desc')
    .orderBy('p.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    updateDate: r.update_date!,
    status: r.status_at_update,
    commentary: r.commentary,
    authorName: r.display_name,
    authorOrganisation: r.organisation_name,
    author: r.author,
  }))
}

export interface NewProgressUpdate {
  updateDate: IsoDate
  status: string
  commentary: string
  /** The actor: its key, and the person and organisation when a person gave the update. */
  author: { key: string; userId: string | null; organisationId: string | null }
}

export async function insertProgressUpdate(db: Db, actionId: string, update: NewProgressUpdate): Promise<string> {
  const row = await db
    .insertInto('progress_updates')
    .values({
      action_id: actionId,
      update_date: update.updateDate,
      status_at_update: update.status,
      commentary: update.commentary,
      author_user_id: update.author.userId,
      author_organisation_id: update.author.organisationId,
      author: update.author.key,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}
