/**
 * The public archive of board packs and progress reports: every signed-off version of a pack for a
 * meeting held in public, and of a progress report, at a stable address (/reports/<id>), as its
 * public version: board-only items (the risk log and its summary, restricted papers, decisions of
 * private meetings) taken out, figures already through disclosure control. Its PDF is the public
 * version's, printed and kept at sign-off, so no request starts Chromium. An Atom feed announces
 * each one. Drafts, and packs for meetings held in private, are not published.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { listMeetings } from '../boards/boards.repository.js'
import { formatDateTime } from '../../lib/dates.js'
import { atomFeed } from '../../web/atom.js'
import { publicVersion } from './pack.build.js'
import { CONTENT_TYPES, storedStatus } from './pack.outputs.js'
import { revisionsSince } from './pack.revisions.js'
import { packView } from './pack.view.js'
import { packWorkbook } from './pack.xlsx.js'
import { findPack, hasPublicPdf, packPdf, type StoredPack } from './packs.repository.js'
import { publishedReports } from './published.js'
import { publicReport } from './report.build.js'
import { reportView, reportWorkbook } from './report.outputs.js'
import { isReportKind, readReport } from './report-records.js'
import type { ReportContent } from './report.types.js'
import type { PackContent } from './pack.types.js'
import { readContent } from './packs.service.js'

const everyone = { config: { access: 'public' } } as const

/** A published pack or report by its address, as its public version; 404 for anything not published. */
async function findPublished(db: WebDeps['db'], req: FastifyRequest<{ Params: { id: string } }>) {
  const pack = await findPack(db, req.params.id, { anyKind: true })
  if (!pack || pack.status !== 'signed_off') throw new NotFound()
  if (isReportKind(pack.kind)) return { pack, report: publicReport(readReport(pack)), content: null }
  const meeting = (await listMeetings(db)).find((x) => x.id === pack.meetingId)
  if (!meeting?.public) throw new NotFound()
  return { pack, report: null, content: publicVersion(readContent(pack)) }
}

export function archiveRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps

  const published = () => publishedReports(db)
  const publishedRecord: PublishedRecord = (req) => findPublished(db, req)

  app.get('/reports', everyone, async (_req, reply) => {
    const list = await published()
    return reply.page('pages/reports/archive.njk', {
      pageTitle: 'Board reports',
      reports: list.map((r) => ({
        ...r,
        href: `/reports/${r.pack.id}`,
        version: r.pack.version,
        reason: r.pack.reason,
        signedOff: r.pack.signedOffAt ? formatDateTime(r.pack.signedOffAt) : '',
      })),
    })
  })

  app.get('/reports/feed.xml', everyone, async (req, reply) => {
    const base = `${req.protocol}://${req.host}`
    const list = await published()
    const xml = atomFeed({
      id: `${base}/reports`,
      title: `${deps.config.serviceName}: board reports`,
      selfHref: `${base}/reports/feed.xml`,
      alternateHref: `${base}/reports`,
      updated: list[0]?.pack.signedOffAt ?? new Date(0),
      entries: list.map((r) => ({
        id: `${base}/reports/${r.pack.id}`,
        title: r.title,
        href: `${base}${r.href}`,
        updated: r.publishedAt,
        summary: r.summary,
      })),
    })
    return reply.type('application/atom+xml; charset=utf-8').send(xml)
  })

  app.get<{ Params: { id: string } }>('/reports/:id', everyone, async (req, reply) => {
    const { pack, report, content } = await publishedRecord(req)
    const files = {
      breadcrumbs: [{ text: 'Board reports', href: '/reports' }],
      workbookHref: `/reports/${pack.id}/scorecard.xlsx`,
      pdfHref: (await hasPublicPdf(db, pack.id)) ? `/reports/${pack.id}/report.pdf` : null,
    }
    if (report)
      return reply.page('pages/reports/public-report.njk', {
        ...reportView(report, storedStatus(pack, pack.signedOffBy)),
        ...files,
        pageTitle: report.title,
        dataAsOf: report.asOfText,
      })
    const revisions = await revisionsSince(db, deps.config.disclosureThreshold, content!, pack.asOf)
    return reply.page('pages/reports/public-pack.njk', {
      ...packView(content!, storedStatus(pack, pack.signedOffBy), revisions),
      ...files,
      pageTitle: `${content!.board.title}: ${content!.meeting.title}, ${content!.meeting.date}`,
      dataAsOf: content!.asOfText,
    })
  })

  archiveFileRoutes(app, db, publishedRecord)
}

type PublishedRecord = (req: FastifyRequest<{ Params: { id: string } }>) => Promise<{
  pack: StoredPack
  report: ReportContent | null
  content: PackContent | null
}>

/** A published record's files: the public PDF kept at sign-off, and the workbook. */
function archiveFileRoutes(app: FastifyInstance, db: WebDeps['db'], publishedRecord: PublishedRecord) {
  /** The public version's PDF exactly as printed at sign-off: nothing is printed on request. */
  app.get<{ Params: { id: string } }>('/reports/:id/report.pdf', everyone, async (req, reply) => {
    const { pack } = await publishedRecord(req)
    const pdf = await packPdf(db, pack.id, 'public')
    if (!pdf) throw new NotFound('This report was signed off before public PDFs were kept: read it on its page')
    return reply
      .header('content-disposition', `attachment; filename="${pack.kind}-${pack.asOf}-v${pack.version}-public.pdf"`)
      .type(CONTENT_TYPES.pdf)
      .send(pdf)
  })

  app.get<{ Params: { id: string } }>('/reports/:id/scorecard.xlsx', everyone, async (req, reply) => {
    const { pack, report, content } = await publishedRecord(req)
    const name = report
      ? `${report.kind}-report-${report.asOf}-v${pack.version}.xlsx`
      : `${content!.board.id}-${content!.meeting.meetsOn}-v${pack.version}-scorecard.xlsx`
    return reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .type(CONTENT_TYPES.xlsx)
      .send(report ? await reportWorkbook(report) : await packWorkbook(content!))
  })
}
