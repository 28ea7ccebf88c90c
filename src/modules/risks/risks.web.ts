/** The risk and issue log, with escalation along the board network. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(risks): the routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function riskRoutes(app: FastifyInstance, deps: WebDeps) {}
