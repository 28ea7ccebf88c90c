/** Action plans: actions, milestones and progress updates. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(delivery): the routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function deliveryRoutes(app: FastifyInstance, deps: WebDeps) {}
