/** Open data: downloads, the JSON API under /api/v1 and its OpenAPI description. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(open data): the routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function openDataRoutes(app: FastifyInstance, deps: WebDeps) {}
