/**
 * The release pages: the list of releases, and a release's page where an analyst records quality
 * checks and an approver (a statistics approver or an administrator) approves it with a release date
 * and time and, when it revises published figures, the public amendment note. An indicator's owner
 * sees a waiting release's figures of the indicators their organisation owns, and only those.
 * Signed-in pages only: never cached.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebDeps } from '../../module-deps.js'
import {
  canApproveReleases,
  canSeeRelease,
  checkPreReleaseRoles,
  decideAccess,
  ownsIndicator,
  releaseApprovers,
} from '../../accounts/access.js'
import { Forbidden, NotFound } from '../../../web/render.js'
import { fieldError, formBody, noErrors, type FormErrors } from '../../../web/forms.js'
import { checkDate, dateInputParts, londonInstant, type DateParts } from '../../../lib/dates.js'
import { isRecordId } from '../../../lib/ids.js'
import { findIndicators } from '../indicators.repository.js'
import { findRelease, listReleases, releaseFigures, type ReleaseRecord } from './releases.repository.js'
import { approveRelease, recordQualityChecks, withdrawRelease, type Refusal } from './releases.service.js'
import { releaseListView, releaseView } from './releases.view.js'

const analysts = { config: { access: ['analyst'] } } as const
const approvers = { config: { access: releaseApprovers } } as const
const readers = { config: { access: ['analyst', ...releaseApprovers] } } as const
const signedIn = { config: { access: 'signed-in' } } as const
const TEMPLATE = 'pages/releases/release.njk'

type ById = FastifyRequest<{ Params: { id: string } }>

/** A release as this viewer may see it: `indicatorIds` narrowed to their own for an indicator's owner. */
type ShownRelease = ReleaseRecord & { narrowed: boolean }

async function loadRelease(deps: WebDeps, req: ById): Promise<ShownRelease> {
  const release = isRecordId(req.params.id) ? await findRelease(deps.db, req.params.id) : null
  if (!release) throw new NotFound()
  const now = new Date()
  const { preReleaseRoles } = deps.config.releases
  if (canSeeRelease(req.user, release, preReleaseRoles, now)) return { ...release, narrowed: false }
  const indicators = await findIndicators(deps.db, release.indicatorIds)
  const ownerOf = (i: (typeof indicators)[number]) => i.metadata.owner_organisation ?? null
  if (!canSeeRelease(req.user, { ...release, ownerOrganisations: indicators.map(ownerOf) }, preReleaseRoles, now))
    throw new Forbidden(
      'Only analysts, statistics approvers and the owners of its indicators see a release before it is published; pre-release access ends at the release time',
    )
  const own = indicators.filter((i) => ownsIndicator(req.user, ownerOf(i))).map((i) => i.id)
  return { ...release, indicatorIds: release.indicatorIds.filter((id) => own.includes(id)), narrowed: true }
}

async function renderRelease(
  deps: WebDeps,
  req: ById,
  release: ShownRelease,
  forms: { values?: Record<string, unknown>; errors?: FormErrors } = {},
) {
  const scope = release.narrowed ? { indicatorIds: release.indicatorIds } : {}
  const figures = await releaseFigures(deps.db, { releaseId: release.id, ...scope })
  const user = req.user
  return releaseView(release, figures, {
    canCheck: release.status === 'draft' && decideAccess(['analyst'], user) === 'allowed',
    canApprove: release.status === 'draft' && canApproveReleases(user),
    canWithdraw:
      (release.status === 'draft' || release.status === 'approved') && decideAccess(['analyst'], user) === 'allowed',
    narrowed: release.narrowed,
    canList: decideAccess(readers.config.access, user) === 'allowed',
    values: forms.values ?? { checklist: release.qualityChecks, notes: release.qualityNotes ?? '' },
    errors: forms.errors ?? noErrors,
  })
}

function listRoute(app: FastifyInstance, deps: WebDeps) {
  app.get('/releases', readers, async (_req, reply) =>
    reply.page('pages/releases/index.njk', releaseListView(await listReleases(deps.db))),
  )
}

function showRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: { id: string } }>('/releases/:id', signedIn, async (req, reply) => {
    const release = await loadRelease(deps, req)
    return reply.page(TEMPLATE, await renderRelease(deps, req, release))
  })
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '')

function checksRoute(app: FastifyInstance, deps: WebDeps) {
  app.post<{ Params: { id: string } }>('/releases/:id/checks', analysts, async (req, reply) => {
    const release = await loadRelease(deps, req)
    const body = formBody(req.body)
    const values = { notes: text(body.notes), checklist: asList(body.checklist) }
    const outcome = await recordQualityChecks(deps.db, req.user!, release.id, values)
    if (!outcome.ok)
      return reply.code(400).page(TEMPLATE, await renderRelease(deps, req, release, refused(outcome, values)))
    return reply.redirect(`/releases/${release.id}`, 303)
  })
}

const refused = (outcome: Refusal, values: Record<string, unknown>) => ({
  values,
  errors: fieldError(outcome.field, outcome.message),
})

/** The release time from the form: a date input and a 24-hour time, in London time. */
function releaseTime(body: Record<string, unknown>): { at: Date } | { field: string; message: string } {
  const parts: Required<DateParts> = dateInputParts(body, 'releaseDate')
  const checked = checkDate(parts, 'the release date')
  if ('error' in checked) return { field: 'releaseDate', message: checked.error }
  if (!checked.date) return { field: 'releaseDate', message: 'Enter the release date' }
  const time = typeof body.releaseTime === 'string' ? body.releaseTime : ''
  const at = londonInstant(checked.date, time || '09:30')
  if (!at) return { field: 'releaseTime', message: 'Enter the release time as hours and minutes, like 09:30' }
  return { at }
}

function approveRoute(app: FastifyInstance, deps: WebDeps) {
  app.post<{ Params: { id: string } }>('/releases/:id/approve', approvers, async (req, reply) => {
    const release = await loadRelease(deps, req)
    const body = formBody(req.body) as Record<string, unknown>
    const values = {
      checklist: release.qualityChecks,
      notes: release.qualityNotes ?? '',
      releaseDate: dateInputParts(body, 'releaseDate'),
      releaseTime: typeof body.releaseTime === 'string' ? body.releaseTime : '',
      amendmentNote: typeof body.amendmentNote === 'string' ? body.amendmentNote : '',
    }
    const time = releaseTime(body)
    const outcome =
      'at' in time
        ? await approveRelease(deps.db, deps.config.releases, req.user!, release.id, {
            releaseAt: time.at,
            amendmentNote: values.amendmentNote,
          })
        : ({ ok: false, ...time } as Refusal)
    if (!outcome.ok)
      return reply.code(400).page(TEMPLATE, await renderRelease(deps, req, release, refused(outcome, values)))
    return reply.redirect(`/releases/${release.id}`, 303)
  })
}

function withdrawRoute(app: FastifyInstance, deps: WebDeps) {
  app.post<{ Params: { id: string } }>('/releases/:id/withdraw', analysts, async (req, reply) => {
    const release = await loadRelease(deps, req)
    const outcome = await withdrawRelease(deps.db, req.user!, release.id)
    if (!outcome.ok)
      return reply.code(400).page(TEMPLATE, await renderRelease(deps, req, release, refused(outcome, {})))
    return reply.redirect(`/releases/${release.id}`, 303)
  })
}

export function releaseRoutes(app: FastifyInstance, deps: WebDeps) {
  checkPreReleaseRoles(deps.config.releases.preReleaseRoles)
  listRoute(app, deps)
  showRoute(app, deps)
  checksRoute(app, deps)
  approveRoute(app, deps)
  withdrawRoute(app, deps)
}
