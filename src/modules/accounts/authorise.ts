/**
 * Server-side authorisation and CSRF, for every route. A route must declare `config.access`; one
 * registered without it is a programming error and stops the app at start, so no route is ever
 * open by omission. Static assets are public by their prefix.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { decideAccess, roleRefusal, type Access } from './access.js'

const publicPrefixes = ['/assets/', '/govuk/', '/static/']
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Every registered route with its declared access, for the route × role matrix and the docs. */
export interface RegisteredRoute {
  method: string
  url: string
  access: Access
  /** The source file that registered it, relative to src/ (for the route index in docs/routes.md). */
  file: string | null
}

/** The first of our source files on the stack that is not this one or the app's plumbing. */
function registeringFile(stack = new Error().stack ?? ''): string | null {
  for (const match of stack.matchAll(/\/src\/((?:modules|app|web)\/[^:)\s]+)\.(?:ts|js)/g)) {
    if (!match[1]!.endsWith('accounts/authorise')) return `${match[1]}.ts`
  }
  return null
}

export function enforceDeclaredAccess(app: FastifyInstance): RegisteredRoute[] {
  const registered: RegisteredRoute[] = []
  app.decorate('registeredRoutes', registered)
  app.addHook('onRoute', (route) => {
    route.config ??= {}
    if (route.config.access === undefined && publicPrefixes.some((p) => route.url.startsWith(p)))
      route.config.access = 'public'
    const access = route.config.access
    if (access === undefined)
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`)
    const file = registeringFile()
    for (const method of [route.method].flat()) registered.push({ method, url: route.url, access, file })
  })
  app.addHook('preValidation', async (req, reply) => {
    const access = req.routeOptions.config?.access
    if (access === undefined) return // the not-found handler
    const decision = decideAccess(access, req.user)
    if (decision === 'sign-in') {
      if (req.method === 'GET' || req.method === 'HEAD')
        return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 302)
      return reply.code(401).page('pages/error.njk', { status: 401, message: 'Sign in to do this.' })
    }
    if (decision === 'forbidden') {
      const message =
        Array.isArray(access) && req.user
          ? roleRefusal(req.user, access)
          : 'You do not have permission to see or do this.'
      return reply.code(403).page('pages/error.njk', { status: 403, message })
    }
    if (unsafeMethods.has(req.method) && !csrfTokenMatches(req)) {
      return reply.code(403).page('pages/error.njk', {
        status: 403,
        message: 'This form has expired. Go back, reload the page and try again.',
      })
    }
  })
  return registered
}

function csrfTokenMatches(req: FastifyRequest): boolean {
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf
  if (typeof sent !== 'string' || !req.csrfToken) return false
  const a = Buffer.from(sent)
  const b = Buffer.from(req.csrfToken)
  return a.length === b.length && timingSafeEqual(a, b)
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[]
  }
}
