/**
 * A progress report's record, kept as a board pack's is (same table, same rules): saved as a draft
 * version (content frozen and hashed), signed off once by a board member of the body it is for or
 * an administrator, keeping the board's PDF and the public version's byte for byte. Once signed
 * off it is published in the public archive. A new version after sign-off needs a reason.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange } from '../../db/changes/with-change.js'
import { stableStringify } from '../../lib/stable-json.js'
import { insertReport, lockBoard, reportVersions, findPack, type StoredPack } from './packs.repository.js'
import { PackRefused, sha256, type Who } from './packs.service.js'
import { REPORT_KINDS, type ReportContent } from './report.types.js'

export const isReportKind = (kind: string) => (REPORT_KINDS as readonly string[]).includes(kind)

export const reportPeriodOf = (content: ReportContent) => (content.year === null ? null : String(content.year))

export function readReport(stored: StoredPack): ReportContent {
  if (!isReportKind(stored.kind)) throw new Error(`record ${stored.id} is a ${stored.kind}, not a progress report`)
  if (sha256(stored.content) !== stored.contentSha256)
    throw new Error(`report ${stored.id}: its content no longer matches its SHA-256`)
  return JSON.parse(stored.content) as ReportContent
}

/** Stores the report as the next version of its kind (and year), a draft. */
export async function saveReportDraft(
  db: Kysely<Database>,
  content: ReportContent,
  reason: string | null,
  actor: Who,
): Promise<StoredPack> {
  const text = stableStringify(content)
  const hash = sha256(text)
  const why = reason?.trim() || null
  const period = reportPeriodOf(content)
  const saved = await withChange(
    db,
    actor,
    {
      entityType: 'board_pack',
      action: 'report.draft',
      idOf: (r: { id: string; version: number }) => r.id,
      detail: (r) => ({
        before: null,
        after: { kind: content.kind, period, version: r.version, asOf: content.asOf, contentSha256: hash, reason: why },
      }),
    },
    async (tx, change) => {
      await lockBoard(tx, content.board.strategyId, content.board.id)
      const earlier = await reportVersions(tx, content.kind, period)
      if (earlier.some((p) => p.status === 'signed_off') && !why)
        throw new PackRefused('A version of this report has been signed off: say why a new version is needed', 400)
      const version = (earlier[0]?.version ?? 0) + 1
      const id = await insertReport(tx, {
        kind: content.kind,
        period,
        strategyId: content.board.strategyId,
        boardId: content.board.id,
        version,
        asOf: content.asOf,
        content: text,
        contentSha256: hash,
        reason: why,
        createdBy: change.actor.key,
      })
      return { id, version }
    },
  )
  return (await findPack(db, saved.id, { anyKind: true }))!
}
