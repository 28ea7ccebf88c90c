/** Sign in and sign out. Local accounts always; the organisation's identity provider when configured. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { checkPassword, LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS } from './users.service.js'
import { endSession, ensureAnonymousCsrf } from './sessions.js'
import { safeNext, sameSitePath } from './next-path.js'
import { oidcRoutes } from './oidc.js'
import { adminRoutes } from './admin.web.js'

const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password'),
  next: z.string().optional(),
})

/**
 * One answer to every refused sign-in: a wrong password, an unknown or disabled email, and a
 * locked account. Saying "locked" only where an account exists would tell anyone which emails have
 * accounts; saying it for unknown emails too would mean keeping lockout counts for any address
 * anyone types (a table an attacker could fill). So the lock is never announced, and this message
 * tells everyone what a locked-out partner needs to know.
 */
export const SIGN_IN_REFUSED =
  `Enter a correct email address and password. After ${MAX_FAILED_SIGN_INS} wrong passwords an account is locked for ` +
  `${LOCKOUT_MINUTES} minutes; an administrator can unlock it sooner`

type SignInValues = { email?: string; next?: string }

function signInPage({ config }: WebDeps, errors: FormErrors, values: SignInValues) {
  return { errors, values, oidc: config.oidc?.displayName ?? null }
}

function signInFormRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Querystring: { next?: unknown } }>('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    if (req.user) return reply.redirect(safeNext(req.query.next), 303)
    ensureAnonymousCsrf(req, reply, deps.config.secureCookies)
    reply.header('cache-control', 'no-store')
    return reply.page(
      'pages/sign-in.njk',
      signInPage(deps, noErrors, { next: sameSitePath(req.query.next) ?? undefined }),
    )
  })
}

function signInRoute(app: FastifyInstance, deps: WebDeps) {
  app.post('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    const parsed = signInForm.safeParse(req.body)
    if (!parsed.success) {
      const body = req.body as SignInValues | undefined
      return reply.code(400).page(
        'pages/sign-in.njk',
        signInPage(deps, formErrors(parsed.error), {
          email: body?.email,
          next: sameSitePath(body?.next) ?? undefined,
        }),
      )
    }
    const { email, password, next } = parsed.data
    const result = await checkPassword(deps.db, email, password)
    if (!result.ok) {
      req.log.warn({ email, reason: result.reason }, 'sign-in refused')
      return reply
        .code(400)
        .page(
          'pages/sign-in.njk',
          signInPage(deps, fieldError('email', SIGN_IN_REFUSED), { email, next: sameSitePath(next) ?? undefined }),
        )
    }
    await reply.startSession(result.user.id)
    req.log.info({ userId: result.user.id }, 'signed in')
    return reply.redirect(safeNext(next), 303)
  })
}

function signOutRoutes(app: FastifyInstance, deps: WebDeps) {
  app.post('/sign-out', { config: { access: 'signed-in' } }, async (req, reply) => {
    await endSession(deps.db, req, reply)
    return reply.redirect('/signed-out', 303)
  })

  app.get('/signed-out', { config: { access: 'public' } }, async (_req, reply) => reply.page('pages/signed-out.njk'))
}

export function accountRoutes(app: FastifyInstance, deps: WebDeps) {
  signInFormRoute(app, deps)
  signInRoute(app, deps)
  signOutRoutes(app, deps)
  oidcRoutes(app, deps)
  adminRoutes(app, deps)
}
