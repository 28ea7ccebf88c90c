/**
 * What an analyst has to do, read for "My work": indicators whose newest figures have no story
 * yet, or a story written before them, and the imports a person ran. Rows leave as camelCase.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface StoryState {
  indicatorId: string
  name: string
  /** When the indicator's newest current figures were recorded. */
  latestDataAt: Date
  /** When its story was last saved; null when it has none. */
  storyUpdatedAt: Date | null
}

/** Current indicators with data, their newest figures' time and their story's, newest data first. */
export async function storyStates(db: Kysely<Database>): Promise<StoryState[]> {
  const rows = await db
    .selectFrom('indicators as i')
    .innerJoin('data_points as d', (j) => j.onRef('d.indicator_id', '=', 'i.id').on('d.replaced_at', 'is', null))
    .leftJoin('indicator_commentary as c', (j) =>
      j.onRef('c.indicator_id', '=', 'i.id').on('c.archived_at', 'is', null).on('c.story_md', '<>', ''),
    )
    .select((eb) => ['i.id', 'i.name', eb.fn.max('d.recorded_at').as('latest'), 'c.updated_at as story_at'])
    .where('i.archived_at', 'is', null)
    .groupBy(['i.id', 'i.name', 'c.updated_at'])
    .orderBy('latest', 'desc')
    .orderBy('i.name')
    .execute()
  return rows.map((r) => ({
    indicatorId: r.id,
    name: r.name,
    latestDataAt: new Date(r.latest as Date),
    storyUpdatedAt: r.story_at ? new Date(r.story_at) : null,
  }))
}

export interface ImportRun {
  id: string
  sourceName: string
  importedAt: Date
  added: number
  revised: number
  unchanged: number
  rejected: number
}

/** The imports an actor (by audit key) ran, newest first. */
export async function importsBy(db: Kysely<Database>, actorKey: string, limit = 10): Promise<ImportRun[]> {
  const rows = await db
    .selectFrom('import_batches')
    .select(['id', 'source_name', 'imported_at', 'added', 'revised', 'unchanged', 'rejected'])
    .where('actor', '=', actorKey)
    .where('kind', '=', 'import')
    .orderBy('imported_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: String(r.id),
    sourceName: r.source_name,
    importedAt: new Date(r.imported_at),
    added: r.added,
    revised: r.revised,
    unchanged: r.unchanged,
    rejected: r.rejected,
  }))
}
