/** Boards and meetings: memberships, meetings, papers, decisions, compliance and the forward plan. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(boards): the routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function boardRoutes(app: FastifyInstance, deps: WebDeps) {}
