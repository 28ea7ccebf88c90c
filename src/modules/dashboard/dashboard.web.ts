/** The public dashboard's own pages: the search (the scorecard is the home page, in strategy.web.ts). */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(dashboard): the routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function dashboardRoutes(app: FastifyInstance, deps: WebDeps) {}
