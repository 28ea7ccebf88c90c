/**
 * Sessions in the database: the cookie holds a random token and the table its SHA-256, so a
 * leaked table cannot be replayed and any app process can serve any request. Each request loads
 * its user (null for the public). A session slides forward with use and ends after
 * SESSION_IDLE_HOURS idle, at sign-out, at the next sign-in on the same browser, or when its user
 * is disabled. Every response to a signed-in request says `Cache-Control: no-store`, so no browser
 * or proxy keeps a page that shows someone's account. A session is not a record the audit trail
 * keeps (sign-ins go to the application log), so its writes go straight to the repository.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import type { SessionUser } from './access.js'
import { endSessionByToken, findLiveSession, insertSession, touchSession } from './sessions.repository.js'

export const SESSION_COOKIE = 'bc_session'
/** Before sign-in, forms are protected by a token in a cookie of its own (double submit). */
const ANONYMOUS_CSRF_COOKIE = 'bc_csrf'
/** Touch a session's last use at most this often, so reads do not write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000
/** Static files are the same for everyone, so they stay cacheable when a signed-in browser asks. */
const STATIC_PREFIXES = ['/assets/', '/govuk/', '/static/']

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const randomToken = () => randomBytes(32).toString('base64url')

export async function sessions(app: FastifyInstance, deps: WebDeps) {
  const { db, config } = deps
  const idleMs = config.sessionIdleHours * 3_600_000
  app.decorateRequest('user', null)
  app.decorateRequest('csrfToken', '')

  app.addHook('onRequest', async (req) => {
    req.csrfToken = req.cookies[ANONYMOUS_CSRF_COOKIE] ?? ''
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return
    const session = await findLiveSession(db, hashToken(token), new Date())
    if (!session) return
    req.user = session.user
    req.csrfToken = session.csrfToken
    const now = Date.now()
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await touchSession(db, session.tokenHash, new Date(now), new Date(now + idleMs))
  })

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.user && !STATIC_PREFIXES.some((p) => req.url.startsWith(p))) reply.header('cache-control', 'no-store')
    return payload
  })

  app.decorateReply('startSession', async function (this: FastifyReply, userId: string) {
    // Rotate: whatever session this browser had (another user's, or this user's) ends here.
    await endCookieSession(db, this.request)
    const token = randomToken()
    const now = Date.now()
    await insertSession(db, {
      tokenHash: hashToken(token),
      userId,
      csrfToken: randomToken(),
      expiresAt: new Date(now + idleMs),
    })
    this.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies })
  })
}

/** Ends the request's session, if any, and clears its cookie. */
export async function endSession(db: Kysely<Database>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  await endCookieSession(db, req)
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
}

async function endCookieSession(db: Kysely<Database>, req: FastifyRequest): Promise<void> {
  const token = req.cookies[SESSION_COOKIE]
  if (token) await endSessionByToken(db, hashToken(token))
}

/** Gives a signed-out visitor a form token (in its own cookie) for the sign-in form. */
export function ensureAnonymousCsrf(req: FastifyRequest, reply: FastifyReply, secure: boolean): void {
  if (req.user || req.csrfToken) return
  req.csrfToken = randomToken()
  reply.setCookie(ANONYMOUS_CSRF_COOKIE, req.csrfToken, { path: '/', httpOnly: true, sameSite: 'strict', secure })
}

declare module 'fastify' {
  interface FastifyReply {
    /** Signs the user in: ends the browser's earlier session, if any, and starts a new one with its cookie. */
    startSession(userId: string): Promise<void>
  }
}
export type { SessionUser }
