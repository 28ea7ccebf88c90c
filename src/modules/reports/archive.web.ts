/**
 * The public archive of board packs: every signed-off version of a pack for a meeting held in
 * public, at a stable address (/reports/<id>), as its public version: board-only items (the risk
 * log, restricted papers, decisions of private meetings) taken out, figures already through
 * disclosure control. An Atom feed announces each one. Drafts, and packs for meetings held in
 * private, are not published.
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
import { findPack } from './packs.repository.js'
import { publishedReports } from './published.js'
import { readContent } from './packs.service.js'

const everyone = { config: { access: 'public' } } as const

export function archiveRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps

  const publishedPack = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const pack = await findPack(db, req.params.id)
    if (!pack || pack.status !== 'signed_off') throw new NotFound()
    const meeting = (await listMeetings(db)).find((x) => x.id === pack.meetingId)
    if (!meeting?.public) throw new NotFound()
    return { pack, content: publicVersion(readContent(pack)) }
  }

  app.get('/reports', everyone, async (_req, reply) => {
    const list = await publishedReports(db)
    return reply.page('pages/reports/archive.njk', {
      pageTitle: 'Board reports',
      reports: list.map((r) => ({
        ...r,
        version: r.pack.version,
        reason: r.pack.reason,
        signedOff: r.pack.signedOffAt ? formatDateTime(r.pack.signedOffAt) : '',
      })),
    })
  })

  app.get('/reports/feed.xml', everyone, async (req, reply) => {
    const base = `${req.protocol}://${req.host}`
    const list = await publishedReports(db)
    const xml = atomFeed({
      id: `${base}/reports`,
      title: `${deps.config.serviceName}: board reports`,
      selfHref: `${base}/reports/feed.xml`,
      alternateHref: `${base}/reports`,
      updated: list[0]?.pack.signedOffAt ?? new Date(0),
      entries: list.map((r) => ({
        id: `${base}${r.href}`,
        title: r.title,
        href: `${base}${r.href}`,
        updated: r.publishedAt,
        summary: r.summary,
      })),
    })
    return reply.type('application/atom+xml; charset=utf-8').send(xml)
  })

  app.get<{ Params: { id: string } }>('/reports/:id', everyone, async (req, reply) => {
    const { pack, content } = await publishedPack(req)
    const revisions = await revisionsSince(db, deps.config.disclosureThreshold, content, pack.asOf)
    return reply.page('pages/reports/public-pack.njk', {
      ...packView(content, storedStatus(pack, pack.signedOffBy), revisions),
      pageTitle: `${content.board.title}: ${content.meeting.title}, ${content.meeting.date}`,
      breadcrumbs: [{ text: 'Board reports', href: '/reports' }],
      dataAsOf: content.asOfText,
      workbookHref: `/reports/${pack.id}/scorecard.xlsx`,
    })
  })

  app.get<{ Params: { id: string } }>('/reports/:id/scorecard.xlsx', everyone, async (req, reply) => {
    const { pack, content } = await publishedPack(req)
    const name = `${content.board.id}-${content.meeting.meetsOn}-v${pack.version}-scorecard.xlsx`
    return reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .type(CONTENT_TYPES.xlsx)
      .send(await packWorkbook(content))
  })
}
