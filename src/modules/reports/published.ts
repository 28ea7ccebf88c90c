/**
 * The board packs and progress reports the public may read: signed-off versions of packs for
 * meetings held in public, and of progress reports (the HWB and annual reports), newest first. The archive (/reports), its feed and the dashboard's feed all list these.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { findMeeting, listMeetings } from '../boards/boards.repository.js'
import { packsForMeeting, signedOffPacks, type StoredPack } from './packs.repository.js'
import { readContent } from './packs.service.js'
import { isReportKind, readReport } from './report-records.js'

export interface PublishedReport {
  pack: StoredPack
  title: string
  board: string
  meeting: string
  href: string
  /** When it was signed off: when it was published. */
  publishedAt: Date
  summary: string
}

export async function publishedReports(db: Kysely<Database>): Promise<PublishedReport[]> {
  const [packs, meetings] = await Promise.all([signedOffPacks(db), listMeetings(db)])
  const open = new Map(meetings.filter((x) => x.public).map((x) => [x.id, x]))
  return packs.flatMap((pack) => {
    const signedOff = `signed off${pack.reason ? `: ${pack.reason}` : ''}`
    if (isReportKind(pack.kind)) {
      const report = readReport(pack)
      return [
        {
          pack,
          board: report.board.title,
          meeting: report.title,
          title: `${report.title} (version ${pack.version})`,
          href: `/reports/${pack.id}`,
          publishedAt: pack.signedOffAt!,
          summary: `${report.title}, ${signedOff}.`,
        },
      ]
    }
    const meeting = open.get(pack.meetingId)
    if (!meeting) return []
    const content = readContent(pack)
    const board = content.board.title
    const when = `${content.meeting.title}, ${content.meeting.date}`
    return [
      {
        pack,
        board,
        meeting: when,
        title: `${board}: ${when} (version ${pack.version})`,
        href: `/reports/${pack.id}`,
        publishedAt: pack.signedOffAt!,
        summary: `The ${board}’s performance pack for ${when}, ${signedOff}.`,
      },
    ]
  })
}

/** The newest signed-off version of a meeting's pack, where the archive publishes it (a meeting held in public); else null. */
export async function publishedPackFor(
  db: Kysely<Database>,
  meetingId: string,
): Promise<{ href: string; version: number } | null> {
  const meeting = await findMeeting(db, meetingId)
  if (!meeting?.public) return null
  const pack = (await packsForMeeting(db, meetingId)).find((p) => p.kind === 'board-pack' && p.status === 'signed_off')
  return pack ? { href: `/reports/${pack.id}`, version: pack.version } : null
}
