/**
 * The indicator page: the turn-the-curve page for one indicator, and the downloads of its charts'
 * tables. Public: figures are read only through disclosure control (indicator.service.ts), and the
 * charts, their tables and their downloads come from one view model, so they always agree.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../module-deps.js'
import type { Item, StrategyReadModel } from '../../strategy/strategy.read-model.js'
import { NotFound } from '../../../web/render.js'
import { sendTable } from '../../../web/table-download.js'
import { canEditCommentary, canSeeIndicatorDrafts } from '../../accounts/access.js'
import { DATA_VIEWS, type DataView } from './indicator-page.js'
import { indicatorPageView, loadFigures } from './indicator.service.js'
import { sightFor } from '../../disclosure/visibility.js'

type Query = { strategy?: string }

export function findIndicator(m: StrategyReadModel, id: string, strategyId?: string): Item {
  const item = m.find('indicator', id, strategyId)
  if (!item) throw new NotFound()
  return item
}

/** /indicators/:id: the page. */
function indicatorPageRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/indicators/:id',
    { config: { access: 'public' } },
    async (req, reply) => {
      const m = (await sightFor(deps, req.user)).model
      const item = findIndicator(m, req.params.id, req.query.strategy)
      const view = await indicatorPageView(deps, m, item, {
        strategyQuery: req.query.strategy,
        canEditCommentary: canEditCommentary(req.user),
        showDrafts: (ownerOrganisation) => canSeeIndicatorDrafts(req.user, ownerOrganisation),
      })
      return reply.page('pages/indicator.njk', view)
    },
  )
}

/** /indicators/:id/data/<view>.csv|json: a chart's table as a file, optionally one breakdown type's. */
function indicatorDataRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: { id: string; file: string }; Querystring: Query & { type?: string } }>(
    '/indicators/:id/data/:file',
    { config: { access: 'public' } },
    async (req, reply) => {
      const match = /^([a-z]+)\.(csv|json)$/.exec(req.params.file)
      const view = match?.[1] as DataView | undefined
      if (!match || !view || !DATA_VIEWS.includes(view)) throw new NotFound()
      const m = (await sightFor(deps, req.user)).model
      const item = findIndicator(m, req.params.id, req.query.strategy)
      const { page } = await loadFigures(deps, m, item)
      const table = page.download(view, req.query.type || undefined)
      if (!table) throw new NotFound()
      return sendTable(reply, match[2] as 'csv' | 'json', table)
    },
  )
}

export function indicatorPageRoutes(app: FastifyInstance, deps: WebDeps) {
  indicatorPageRoute(app, deps)
  indicatorDataRoute(app, deps)
}
