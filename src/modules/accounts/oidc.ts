/**
 * Sign-in through the organisation's identity provider (OpenID Connect: councils use Microsoft
 * Entra ID), when OIDC_ISSUER and friends are set. Authorisation code flow with PKCE, state and
 * nonce. The provider proves who someone is; Best Chance decides what they may do: the email it
 * vouches for must belong to an active account an administrator has added, or sign-in is refused.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import * as client from 'openid-client'
import type { OidcConfig } from '../../config.js'
import type { WebDeps } from '../module-deps.js'
import { findActiveUserByEmail } from './users.service.js'
import { safeNext } from './next-path.js'

const FLOW_COOKIE = 'bc_oidc'
const CALLBACK_PATH = '/sign-in/oidc/callback'

interface Flow {
  verifier: string
  state: string
  nonce: string
  next: string
}

/** What both halves of the flow share: the settings and the provider, found once. */
interface OidcContext {
  settings: OidcConfig
  provider: () => Promise<client.Configuration>
  secureCookies: boolean
}

export function oidcRoutes(app: FastifyInstance, deps: WebDeps) {
  const settings = deps.config.oidc
  if (!settings) return
  const context: OidcContext = { settings, provider: lazyDiscovery(settings), secureCookies: deps.config.secureCookies }
  startRoute(app, context)
  callbackRoute(app, deps, context)
}

/** Sends the browser to the provider, with the flow's secrets in a short-lived cookie for the way back. */
function startRoute(app: FastifyInstance, { settings, provider, secureCookies }: OidcContext) {
  const cookieOptions = {
    path: CALLBACK_PATH,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secureCookies,
    maxAge: 600,
    signed: false,
  }
  app.get<{ Querystring: { next?: unknown } }>(
    '/sign-in/oidc',
    { config: { access: 'public' } },
    async (req, reply) => {
      const configuration = await provider()
      const flow: Flow = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        next: safeNext(req.query.next),
      }
      reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), cookieOptions)
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: settings.baseUrl + CALLBACK_PATH,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      })
      return reply.redirect(url.href, 303)
    },
  )
}

/** The way back: the code exchanged and checked, then an active account by the email it vouches for. */
function callbackRoute(app: FastifyInstance, deps: WebDeps, { settings, provider }: OidcContext) {
  app.get('/sign-in/oidc/callback', { config: { access: 'public' } }, async (req, reply) => {
    const flow = readFlow(req.cookies[FLOW_COOKIE])
    reply.clearCookie(FLOW_COOKIE, { path: CALLBACK_PATH })
    if (!flow) return refuse(reply, 'Your sign-in took too long or was started elsewhere. Try again.')
    const configuration = await provider()
    let email: string | undefined
    try {
      const tokens = await client.authorizationCodeGrant(configuration, new URL(req.url, settings.baseUrl), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      })
      const claims = tokens.claims()
      // Entra ID puts the sign-in address in preferred_username when email is absent.
      email = [claims?.email, claims?.preferred_username].find(
        (v): v is string => typeof v === 'string' && v.includes('@'),
      )
    } catch (error) {
      req.log.warn({ err: error }, 'identity provider sign-in failed')
      return refuse(reply, 'We could not sign you in with your organisation’s account. Try again.')
    }
    const user = email ? await findActiveUserByEmail(deps.db, email) : null
    if (!user) {
      req.log.warn({ email }, 'identity provider sign-in for an unknown or disabled account')
      return refuse(
        reply,
        'Your organisation’s account is not registered with this service. Ask your partnership’s administrator to add you.',
      )
    }
    await reply.startSession(user.id)
    req.log.info({ userId: user.id }, 'signed in through the identity provider')
    return reply.redirect(flow.next, 303)
  })
}

function refuse(reply: FastifyReply, message: string) {
  return reply.code(403).page('pages/error.njk', { status: 403, message })
}

function readFlow(cookie: string | undefined): Flow | null {
  if (!cookie) return null
  try {
    const flow = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Partial<Flow>
    return flow.verifier && flow.state && flow.nonce && flow.next ? (flow as Flow) : null
  } catch {
    return null
  }
}

/** Discovers the provider on first use (not at start, so a provider outage does not stop the public site). */
function lazyDiscovery(settings: OidcConfig): () => Promise<client.Configuration> {
  let found: Promise<client.Configuration> | null = null
  return () => {
    found ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        found = null // try again next time
        throw error
      })
    return found
  }
}
