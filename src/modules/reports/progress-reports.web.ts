/**
 * The progress reports for partners: a "Reports" page from which the secretariat and analysts
 * prepare the Health and Wellbeing Board's report on the JLHWS and the annual Best Chance report
 * from the live data, each as a page and as files (PDF, HTML, XLSX) drawn from one content.
 * Anyone signed in reads them, as they read board packs (the risk summary is for partners).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { todayInLondon } from '../../lib/dates.js'
import { CONTENT_TYPES, LIVE_STATUS } from './pack.outputs.js'
import { packWebContext } from './reports.web-context.js'
import { reportVersions } from './packs.repository.js'
import { reportPeriodOf } from './report-records.js'
import { REPORT_FILES, reportHash, reportRequestOf, reportVersionView, type ReportQuery } from './report.request.js'
import { REPORT_TITLES } from './report.build.js'
import { reportFile, reportView } from './report.outputs.js'
import { prepareReport, type ReportRequest } from './report.service.js'

const signedIn = { config: { access: 'signed-in' } } as const

type ReportReq = FastifyRequest<{ Params: { kind: string }; Querystring: ReportQuery }>

const queryString = (r: ReportRequest) => {
  const params = new URLSearchParams()
  if (r.year) params.set('year', String(r.year))
  if (r.asOf) params.set('asOf', r.asOf)
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function progressReportRoutes(app: FastifyInstance, deps: WebDeps) {
  const c = packWebContext(deps)
  const packDeps = async () => ({
    db: deps.db,
    model: await deps.strategies.readModel(),
    threshold: deps.config.disclosureThreshold,
  })
  const prepare = async (req: ReportReq) => {
    const request = reportRequestOf(req.params.kind, req.query, todayInLondon())
    return { request, content: await prepareReport(await packDeps(), request) }
  }

  app.get('/reporting', signedIn, async (_req, reply) => {
    return reply.page('pages/reports/reporting.njk', {
      pageTitle: 'Reports',
      navActive: 'boards',
      year: todayInLondon().slice(0, 4),
      titles: REPORT_TITLES,
    })
  })

  app.get<{ Params: { kind: string }; Querystring: ReportQuery }>('/reporting/:kind', signedIn, async (req, reply) => {
    const { request, content } = await prepare(req)
    const board = c.boardOf(await deps.strategies.readModel(), {
      strategyId: content.board.strategyId,
      boardId: content.board.id,
    })
    const versions = await reportVersions(deps.db, content.kind, reportPeriodOf(content))
    return reply.page('pages/reports/report.njk', {
      ...reportView(content, LIVE_STATUS),
      live: true,
      request,
      mayAct: await c.mayAct(req.user, board),
      contentHash: reportHash(content),
      versions: versions.map(reportVersionView),
      needsReason: versions.some((p) => p.status === 'signed_off'),
      pageTitle: content.title,
      navActive: 'boards',
      breadcrumbs: [{ text: 'Reports', href: '/reporting' }],
      dataAsOf: content.asOfText,
      files: Object.keys(REPORT_FILES).map((name) => ({
        name,
        href: `/reporting/${request.kind}/${name}${queryString(request)}`,
      })),
    })
  })

  app.get<{ Params: { kind: string; file: string }; Querystring: ReportQuery }>(
    '/reporting/:kind/:file',
    signedIn,
    async (req, reply) => {
      const format = REPORT_FILES[req.params.file]
      if (!format) throw new NotFound()
      const { request, content } = await prepare(req)
      const name = `${request.kind}-report-${content.asOf}.${format}`
      return reply
        .header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`)
        .type(CONTENT_TYPES[format])
        .send(await reportFile(content, LIVE_STATUS, format))
    },
  )
}
