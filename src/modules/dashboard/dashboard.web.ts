/**
 * The public dashboard: every page that shows figures. The home page's scorecard and the strategy's
 * pages with indicator tables, their downloads, the area profile, the children's voice, each
 * indicator's page, data coverage, and the search.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { search } from './search.js'
import { indicatorPageRoutes } from './indicator-page/indicator.web.js'
import { strategyPageRoutes } from './strategy-pages.web.js'
import { indicatorTableRoutes } from './indicator-tables.web.js'
import { childrensOutcomesRoutes } from './childrens-outcomes.web.js'
import { coverageRoutes } from './coverage.web.js'
import { indicatorsPageRoutes } from './indicators-page.web.js'
import { areaProfileRoutes } from './area-profile.web.js'
import { sightFor } from '../disclosure/visibility.js'

/** Long enough for any real query; a longer one is cut rather than refused. */
const MAX_QUERY = 200

export function dashboardRoutes(app: FastifyInstance, deps: WebDeps) {
  strategyPageRoutes(app, deps)
  indicatorsPageRoutes(app, deps)
  areaProfileRoutes(app, deps)
  indicatorTableRoutes(app, deps)
  childrensOutcomesRoutes(app, deps)
  indicatorPageRoutes(app, deps)
  coverageRoutes(app, deps)
  searchRoute(app, deps)
}

function searchRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Querystring: { q?: unknown } }>('/search', { config: { access: 'public' } }, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const query = (typeof req.query.q === 'string' ? req.query.q : '').trim().slice(0, MAX_QUERY)
    const found = query ? search(m, query) : null
    return reply.page('pages/dashboard/search.njk', {
      strategyName: m.strategies[0]?.detail.shortTitle,
      query,
      searched: query !== '',
      results: found,
    })
  })
}
