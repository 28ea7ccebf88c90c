/**
 * Board packs for partners: "Prepare the pack" from a meeting's page (the live data as of a day),
 * saving it as a draft version, signing it off, and each version's page and files. Anyone signed
 * in reads packs (the risk log is open to partners); administrators, and board members whose
 * organisation sits on the board, save and sign off (checked per board in the handler).
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { formatDateTime } from '../../lib/dates.js'
import { CONTENT_TYPES, LIVE_STATUS, packFile, packPdfBytes, storedStatus, type PackFormat } from './pack.outputs.js'
import { preparePack } from './pack.service.js'
import { publicVersion } from './pack.build.js'
import { withPrinter } from './pack.pdf.js'
import { revisionsSince } from './pack.revisions.js'
import { packView } from './pack.view.js'
import { packPdf, packsForMeeting } from './packs.repository.js'
import { PackRefused, reviewHash, saveDraft, signOff } from './packs.service.js'
import { asOfOf, packWebContext, versionView, type PackWebContext } from './reports.web-context.js'

const signedIn = { config: { access: 'signed-in' } } as const
const recorders = { config: { access: ['administrator', 'board_member'] } } as const

/** The files of a stored version, by the name in its address. */
export const PACK_FILES: Record<string, PackFormat> = {
  'pack.pdf': 'pdf',
  'pack.html': 'html',
  'scorecard.xlsx': 'xlsx',
}

export function reportRoutes(app: FastifyInstance, deps: WebDeps) {
  const c = packWebContext(deps)
  livePackRoutes(app, c)
  storedPackRoutes(app, c)
}

/** The live pack, not saved ("Prepare the pack"), and saving it as the meeting's next version. */
function livePackRoutes(app: FastifyInstance, c: PackWebContext) {
  app.get<{ Params: { id: string }; Querystring: { asOf?: string } }>(
    '/meetings/:id/pack',
    signedIn,
    async (req, reply) => {
      const meeting = await c.meetingOf(req.params.id)
      const pd = await c.packDeps()
      const board = c.boardOf(pd.model, meeting)
      const content = await preparePack(pd, board, meeting.id, asOfOf(req.query.asOf))
      const versions = await packsForMeeting(c.db, meeting.id)
      return reply.page('pages/reports/pack.njk', {
        ...packView(content, LIVE_STATUS),
        navActive: 'boards',
        breadcrumbs: c.crumbs(pd.model, board, meeting),
        pageTitle: `Prepare the pack: ${meeting.title}`,
        dataAsOf: content.asOfText,
        live: true,
        mayAct: await c.mayAct(req.user, board),
        contentHash: reviewHash(content),
        versions: versions.map(versionView),
        needsReason: versions.some((p) => p.status === 'signed_off'),
      })
    },
  )

  /** Saves the pack as the meeting's next version, warning when the data changed since it was reviewed. */
  app.post<{ Params: { id: string }; Body: { asOf?: string; contentHash?: string; reason?: string } }>(
    '/meetings/:id/pack',
    recorders,
    async (req, reply) => {
      const meeting = await c.meetingOf(req.params.id)
      const pd = await c.packDeps()
      const board = c.boardOf(pd.model, meeting)
      if (!(await c.mayAct(req.user, board)))
        throw new Forbidden(
          'Only administrators, and board members whose organisation sits on this board, save its packs',
        )
      const body = req.body ?? {}
      const content = await preparePack(pd, board, meeting.id, asOfOf(body.asOf))
      const pack = await saveDraft(c.db, content, typeof body.reason === 'string' ? body.reason : null, req.user!)
      const changed = body.contentHash && body.contentHash !== reviewHash(content) ? '?changed=1' : ''
      return reply.redirect(`/packs/${pack.id}${changed}`, 303)
    },
  )
}

/** A stored version: its page (with revisions since, once signed off), sign-off, and its files. */
function storedPackRoutes(app: FastifyInstance, c: PackWebContext) {
  app.get<{ Params: { id: string }; Querystring: { changed?: string } }>('/packs/:id', signedIn, async (req, reply) => {
    const { pack, m, board, meeting, content } = await c.loadPack(req)
    const revisions =
      pack.status === 'signed_off'
        ? await revisionsSince(c.db, c.threshold, content, pack.asOf)
        : new Map<string, string>()
    return reply.page('pages/reports/pack.njk', {
      ...packView(content, storedStatus(pack, pack.signedOffBy), revisions),
      navActive: 'boards',
      breadcrumbs: c.crumbs(m, board, meeting),
      pageTitle: `${content.meeting.title}: pack version ${pack.version}`,
      dataAsOf: content.asOfText,
      live: false,
      stored: versionView(pack),
      changedSinceReview: req.query.changed === '1',
      mayAct: await c.mayAct(req.user, board),
      versions: (await packsForMeeting(c.db, meeting.id)).map(versionView),
      files: Object.keys(PACK_FILES).map((name) => ({ name, href: `/packs/${pack.id}/${name}` })),
    })
  })

  app.post<{ Params: { id: string } }>('/packs/:id/sign-off', recorders, async (req, reply) => {
    const { pack, board, content } = await c.loadPack(req)
    const allowed = await c.mayAct(req.user, board)
    if (!allowed)
      throw new PackRefused(
        'Only administrators, and board members whose organisation sits on this board, sign off its packs',
        403,
      )
    if (pack.status === 'signed_off')
      throw new PackRefused(
        `Version ${pack.version} of this pack is already signed off: it cannot be signed off again`,
        409,
      )
    const signer = await c.signerLabel(req.user!)
    // The PDFs say who signed it off and when: printed now, from the stored content alone. The
    // public version's is kept too, so the public archive serves a file and never prints one.
    const status = {
      ...storedStatus(pack, signer),
      label: 'Signed off',
      signedOffBy: signer,
      signedOffOn: formatDateTime(new Date()),
    }
    const [pdf, publicPdf] = await withPrinter((printer) =>
      Promise.all([packPdfBytes(content, status, printer), packPdfBytes(publicVersion(content), status, printer)]),
    )
    await signOff(c.db, pack.id, pdf, req.user!, allowed, signer, publicPdf)
    return reply.redirect(`/packs/${pack.id}`, 303)
  })

  app.get<{ Params: { id: string; file: string } }>('/packs/:id/:file', signedIn, async (req, reply) => {
    const format = PACK_FILES[req.params.file]
    if (!format) throw new NotFound()
    const { pack, content } = await c.loadPack(req)
    const stored = format === 'pdf' && pack.status === 'signed_off' ? await packPdf(c.db, pack.id) : null
    const bytes = stored ?? (await packFile(content, storedStatus(pack, pack.signedOffBy), format))
    const name = `${content.board.id}-${content.meeting.meetsOn}-v${pack.version}-${req.params.file}`
    return reply
      .header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`)
      .type(CONTENT_TYPES[format])
      .send(bytes)
  })
}
