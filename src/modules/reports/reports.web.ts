/**
 * Board packs for partners: "Prepare the pack" from a meeting's page (the live data as of a day),
 * saving it as a draft version, signing it off, and each version's page and files. Anyone signed
 * in reads packs (the risk log is open to partners); administrators, and board members whose
 * organisation sits on the board, save and sign off (checked per board in the handler).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'
import { Forbidden, NotFound } from '../../web/render.js'
import { roleNames, type SessionUser } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import { findMeeting, listMemberships, type Meeting } from '../boards/boards.repository.js'
import { formatDateTime, londonToday } from '../boards/dates.js'
import { boardHref } from '../boards/boards.view.js'
import { isRealDate } from '../risks/risks.domain.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { CONTENT_TYPES, LIVE_STATUS, packFile, packPdfBytes, storedStatus, type PackFormat } from './pack.outputs.js'
import { preparePack } from './pack.service.js'
import { revisionsSince } from './pack.revisions.js'
import { packView } from './pack.view.js'
import { findPack, packPdf, packsForMeeting, type StoredPack } from './packs.repository.js'
import { maySignOff, PackRefused, readContent, reviewHash, saveDraft, signOff } from './packs.service.js'

type IdRequest = FastifyRequest<{ Params: { id: string } }>

const signedIn = { config: { access: 'signed-in' } } as const
const recorders = { config: { access: ['administrator', 'board_member'] } } as const

/** The files of a stored version, by the name in its address. */
export const PACK_FILES: Record<string, PackFormat> = { 'pack.pdf': 'pdf', 'pack.html': 'html', 'scorecard.xlsx': 'xlsx' }

const versionView = (p: StoredPack) => ({
  id: p.id,
  href: `/packs/${p.id}`,
  version: p.version,
  status: p.status === 'signed_off' ? 'Signed off' : 'Draft',
  tag: p.status === 'signed_off' ? 'govuk-tag--green' : 'govuk-tag--grey',
  asOf: p.asOf,
  reason: p.reason,
})

export function reportRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  const model = () => deps.strategies.readModel()
  const packDeps = async () => ({ db, model: await model(), threshold: deps.config.disclosureThreshold })

  const boardOf = (m: StrategyReadModel, x: { strategyId: string; boardId: string }) => {
    const board = m.find('body', x.boardId, x.strategyId)
    if (!board) throw new NotFound('This board is no longer in the strategy')
    return board
  }
  const meetingOf = async (id: string): Promise<Meeting> => {
    const meeting = await findMeeting(db, id)
    if (!meeting) throw new NotFound()
    return meeting
  }
  const mayAct = async (user: SessionUser | null, board: Item) =>
    maySignOff(user, await listMemberships(db, { strategyId: board.strategyId, boardId: board.id }), londonToday())
  const asOfOf = (value: unknown): string | undefined => {
    if (value === undefined || value === '') return undefined
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)) throw new PackRefused('The date the data is as of must be a real date, written like 2026-03-31', 400)
    return value
  }
  const crumbs = (m: StrategyReadModel, board: Item, meeting: Meeting) => [
    { text: 'Boards', href: '/boards' },
    { text: board.title, href: boardHref(m, board) },
    { text: meeting.title, href: `/meetings/${meeting.id}` },
  ]

  /** The live pack, not saved: what "Prepare the pack" shows. */
  app.get<{ Params: { id: string }; Querystring: { asOf?: string } }>('/meetings/:id/pack', signedIn, async (req, reply) => {
    const meeting = await meetingOf(req.params.id)
    const pd = await packDeps()
    const board = boardOf(pd.model, meeting)
    const content = await preparePack(pd, board, meeting.id, asOfOf(req.query.asOf))
    return reply.page('pages/reports/pack.njk', {
      ...packView(content, LIVE_STATUS),
      navActive: 'boards',
      breadcrumbs: crumbs(pd.model, board, meeting),
      pageTitle: `Prepare the pack: ${meeting.title}`,
      dataAsOf: content.asOfText,
      live: true,
      mayAct: await mayAct(req.user, board),
      contentHash: reviewHash(content),
      versions: (await packsForMeeting(db, meeting.id)).map(versionView),
      needsReason: (await packsForMeeting(db, meeting.id)).some((p) => p.status === 'signed_off'),
    })
  })

  /** Saves the pack as the meeting's next version, if it is still what the person reviewed. */
  app.post<{ Params: { id: string }; Body: { asOf?: string; contentHash?: string; reason?: string } }>('/meetings/:id/pack', recorders, async (req, reply) => {
    const meeting = await meetingOf(req.params.id)
    const pd = await packDeps()
    const board = boardOf(pd.model, meeting)
    if (!(await mayAct(req.user, board))) throw new Forbidden('Only administrators, and board members whose organisation sits on this board, save its packs')
    const body = req.body ?? {}
    const content = await preparePack(pd, board, meeting.id, asOfOf(body.asOf))
    const pack = await saveDraft(db, content, typeof body.reason === 'string' ? body.reason : null, req.user!)
    const changed = body.contentHash && body.contentHash !== reviewHash(content) ? '?changed=1' : ''
    return reply.redirect(`/packs/${pack.id}${changed}`, 303)
  })

  const loadPack = async (req: IdRequest) => {
    const pack = await findPack(db, req.params.id)
    if (!pack) throw new NotFound()
    const m = await model()
    return { pack, m, board: boardOf(m, pack), meeting: await meetingOf(pack.meetingId), content: readContent(pack) }
  }

  app.get<{ Params: { id: string }; Querystring: { changed?: string } }>('/packs/:id', signedIn, async (req, reply) => {
    const { pack, m, board, meeting, content } = await loadPack(req)
    const revisions = pack.status === 'signed_off' ? await revisionsSince(db, deps.config.disclosureThreshold, content, pack.asOf) : new Map<string, string>()
    return reply.page('pages/reports/pack.njk', {
      ...packView(content, storedStatus(pack, pack.signedOffBy), revisions),
      navActive: 'boards',
      breadcrumbs: crumbs(m, board, meeting),
      pageTitle: `${content.meeting.title}: pack version ${pack.version}`,
      dataAsOf: content.asOfText,
      live: false,
      stored: versionView(pack),
      changedSinceReview: req.query.changed === '1',
      mayAct: await mayAct(req.user, board),
      versions: (await packsForMeeting(db, meeting.id)).map(versionView),
      files: Object.keys(PACK_FILES).map((name) => ({ name, href: `/packs/${pack.id}/${name}` })),
    })
  })

  app.post<{ Params: { id: string } }>('/packs/:id/sign-off', recorders, async (req, reply) => {
    const { pack, board, content } = await loadPack(req)
    const allowed = await mayAct(req.user, board)
    if (!allowed) throw new PackRefused('Only administrators, and board members whose organisation sits on this board, sign off its packs', 403)
    if (pack.status === 'signed_off') throw new PackRefused(`Version ${pack.version} of this pack is already signed off: it cannot be signed off again`, 409)
    const signer = await signerLabel(req.user!)
    // The PDF says who signed it off and when: it is printed now, from the stored content alone.
    const pdf = await packPdfBytes(content, { ...storedStatus(pack, signer), label: 'Signed off', signedOffBy: signer, signedOffOn: formatDateTime(new Date()) })
    await signOff(db, pack.id, pdf, req.user!, allowed, signer)
    return reply.redirect(`/packs/${pack.id}`, 303)
  })

  app.get<{ Params: { id: string; file: string } }>('/packs/:id/:file', signedIn, async (req, reply) => sendStored(req, reply))

  const sendStored = async (req: FastifyRequest<{ Params: { id: string; file: string } }>, reply: FastifyReply) => {
    const format = PACK_FILES[req.params.file]
    if (!format) throw new NotFound()
    const { pack, content } = await loadPack(req)
    const stored = format === 'pdf' && pack.status === 'signed_off' ? await packPdf(db, pack.id) : null
    const bytes = stored ?? (await packFile(content, storedStatus(pack, pack.signedOffBy), format))
    const name = `${content.board.id}-${content.meeting.meetsOn}-v${pack.version}-${req.params.file}`
    return reply.header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`).type(CONTENT_TYPES[format]).send(bytes)
  }

  /** "Board member, <organisation>": a role, never a person's name. */
  const signerLabel = async (user: SessionUser) => {
    const organisation = user.organisationId ? (await listOrganisations(db)).find((o) => o.id === user.organisationId)?.name : null
    return organisation ? `${roleNames[user.role]}, ${organisation}` : roleNames[user.role]
  }
}
