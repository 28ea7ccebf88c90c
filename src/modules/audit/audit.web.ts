/** The audit trail, for administrators: every change to a record, who made it and when, before and after. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(audit): the routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function auditRoutes(app: FastifyInstance, deps: WebDeps) {}
