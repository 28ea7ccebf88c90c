/** Sign-in through the organisation's identity provider (OpenID Connect, e.g. Microsoft Entra ID). */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'

// TODO(accounts): the OpenID Connect routes.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function oidcRoutes(app: FastifyInstance, deps: WebDeps) {}
