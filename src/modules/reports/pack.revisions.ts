/**
 * A frozen pack against the figures held now: for each scorecard figure an import has since
 * revised, "Reported 60% on 1 May 2026; revised to 62% on 2 June 2026". The frozen content and the
 * stored PDF never change; the page shows the note beside the figure as it was reported.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { publicPoints } from '../disclosure/public-data.js'
import { revisionOf } from './pack.since.js'
import type { PackContent } from './pack.types.js'

export async function revisionsSince(
  db: Kysely<Database>,
  threshold: number,
  content: PackContent,
  reportedOn: string,
): Promise<Map<string, string>> {
  const rows = content.scorecards.flatMap((s) => s.rows).filter((r) => r.periodKey !== null)
  const ids = [...new Set(rows.map((r) => r.indicatorId))]
  if (!ids.length) return new Map()
  const current = await publicPoints(db, threshold, { indicatorIds: ids, areaCodes: [content.area.code] })
  const notes = new Map<string, string>()
  for (const row of rows) {
    const note = revisionOf(row, current, content.area.code, reportedOn)
    if (note) notes.set(row.indicatorId, note)
  }
  return notes
}
