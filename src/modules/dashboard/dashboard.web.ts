/** The public dashboard's own pages: the search (the scorecard is the home page, in strategy.web.ts). */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { search } from './search.js'

/** Long enough for any real query; a longer one is cut rather than refused. */
const MAX_QUERY = 200

export function dashboardRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Querystring: { q?: unknown } }>('/search', { config: { access: 'public' } }, async (req, reply) => {
    const m = await deps.strategies.readModel()
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
