/**
 * Progress reports kept as records: saving the live report as a draft version, each version's page
 * and files, and sign-off (which prints and keeps the board's PDF and the public version's, then
 * publishes the report in the public archive). Administrators, and board members whose
 * organisation sits on the body the report is for, save and sign off; anyone signed in reads.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { formatDateTime, todayInLondon } from '../../lib/dates.js'
import { CONTENT_TYPES, storedStatus } from './pack.outputs.js'
import { withPrinter } from './pack.pdf.js'
import { findPack, packPdf, reportVersions, type StoredPack } from './packs.repository.js'
import { PackRefused, signOff } from './packs.service.js'
import { publicReport } from './report.build.js'
import { reportFile, reportView } from './report.outputs.js'
import { isReportKind, readReport, saveReportDraft } from './report-records.js'
import { prepareReport } from './report.service.js'
import type { ReportContent } from './report.types.js'
import { packWebContext } from './reports.web-context.js'
import { REPORT_FILES, reportHash, reportRequestOf, reportVersionView } from './report.request.js'

const signedIn = { config: { access: 'signed-in' } } as const
const recorders = { config: { access: ['administrator', 'board_member'] } } as const

export function reportRecordRoutes(app: FastifyInstance, deps: WebDeps) {
  const c = packWebContext(deps)
  const boardOf = async (content: Pick<ReportContent, 'board'>) =>
    c.boardOf(await deps.strategies.readModel(), { strategyId: content.board.strategyId, boardId: content.board.id })
  const loadReport = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const stored = await findPack(c.db, req.params.id, { anyKind: true })
    if (!stored || !isReportKind(stored.kind)) throw new NotFound()
    const content = readReport(stored)
    return { stored, content, board: await boardOf(content) }
  }

  app.post<{ Params: { kind: string }; Body: { year?: string; asOf?: string; reason?: string; contentHash?: string } }>(
    '/reporting/:kind',
    recorders,
    async (req, reply) => {
      const body = req.body ?? {}
      const request = reportRequestOf(req.params.kind, { year: body.year, asOf: body.asOf }, todayInLondon())
      const content = await prepareReport(await c.packDeps(), request)
      if (!(await c.mayAct(req.user, await boardOf(content))))
        throw new Forbidden(
          `Only administrators, and board members whose organisation sits on the ${content.board.title}, save this report`,
        )
      const saved = await saveReportDraft(
        c.db,
        content,
        typeof body.reason === 'string' ? body.reason : null,
        req.user!,
      )
      const changed = body.contentHash && body.contentHash !== reportHash(content) ? '?changed=1' : ''
      return reply.redirect(`/progress-reports/${saved.id}${changed}`, 303)
    },
  )

  app.get<{ Params: { id: string } }>('/progress-reports/:id', signedIn, async (req, reply) => {
    const { stored, content, board } = await loadReport(req)
    return reply.page('pages/reports/report.njk', {
      ...reportView(content, storedStatus(stored, stored.signedOffBy)),
      pageTitle: `${content.title}: version ${stored.version}`,
      navActive: 'boards',
      breadcrumbs: [{ text: 'Reports', href: '/reporting' }],
      dataAsOf: content.asOfText,
      stored: reportVersionView(stored),
      changedSinceReview: (req.query as { changed?: string }).changed === '1',
      mayAct: await c.mayAct(req.user, board),
      versions: (await reportVersions(c.db, stored.kind, stored.period)).map(reportVersionView),
      files: Object.keys(REPORT_FILES).map((name) => ({ name, href: `/progress-reports/${stored.id}/${name}` })),
    })
  })

  app.post<{ Params: { id: string } }>('/progress-reports/:id/sign-off', recorders, async (req, reply) => {
    const { stored, content, board } = await loadReport(req)
    const allowed = await c.mayAct(req.user, board)
    if (!allowed)
      throw new PackRefused(
        `Only administrators, and board members whose organisation sits on the ${board.title}, sign off this report`,
        403,
      )
    if (stored.status === 'signed_off')
      throw new PackRefused(
        `Version ${stored.version} of this report is already signed off: it cannot be signed off again`,
        409,
      )
    const signer = await c.signerLabel(req.user!)
    const status = {
      ...storedStatus(stored, signer),
      label: 'Signed off',
      signedOffBy: signer,
      signedOffOn: formatDateTime(new Date()),
    }
    const [pdf, publicPdf] = await withPrinter((printer) =>
      Promise.all([
        reportFile(content, status, 'pdf', printer),
        reportFile(publicReport(content), status, 'pdf', printer),
      ]),
    )
    await signOff(c.db, stored.id, pdf, req.user!, allowed, signer, publicPdf)
    return reply.redirect(`/progress-reports/${stored.id}`, 303)
  })

  reportFileRoute(app, c.db, loadReport)
}

function reportFileRoute(
  app: FastifyInstance,
  db: WebDeps['db'],
  loadReport: (
    req: FastifyRequest<{ Params: { id: string } }>,
  ) => Promise<{ stored: StoredPack; content: ReportContent }>,
) {
  app.get<{ Params: { id: string; file: string } }>('/progress-reports/:id/:file', signedIn, async (req, reply) => {
    const format = REPORT_FILES[req.params.file]
    if (!format) throw new NotFound()
    const { stored, content } = await loadReport(req)
    const kept = format === 'pdf' && stored.status === 'signed_off' ? await packPdf(db, stored.id) : null
    const bytes = kept ?? (await reportFile(content, storedStatus(stored, stored.signedOffBy), format))
    const name = `${stored.kind}-report-v${stored.version}.${format}`
    return reply
      .header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`)
      .type(CONTENT_TYPES[format])
      .send(bytes)
  })
}
