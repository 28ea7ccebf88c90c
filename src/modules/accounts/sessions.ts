/**
 * Sessions in the database: the cookie holds a random token and the table its SHA-256, so a
 * leaked table cannot be replayed and any app process can serve any request. Each request loads
 * its user (null for the public). A session slides forward with use and ends after
 * SESSION_IDLE_HOURS idle, at sign-out, at the next sign-in on the same browser, or when its user
 * is disabled. Every response to a signed-in request says `Cache-Control: no-store`, so no browser
 * or proxy keeps a page that shows someone's account.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import type { Role, SessionUser } from './access.js'

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
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.token_hash', 'sessions.csrf_token', 'sessions.last_seen_at', 'users.id', 'users.email', 'users.display_name', 'users.role', 'users.organisation_id'])
      .where('sessions.token_hash', '=', hashToken(token))
      .where('sessions.ended_at', 'is', null)
      .where('sessions.expires_at', '>', new Date())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst()
    if (!row) return
    req.user = { id: String(row.id), email: row.email, displayName: row.display_name, role: row.role as Role, organisationId: row.organisation_id }
    req.csrfToken = row.csrf_token
    const now = Date.now()
    if (now - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await db.updateTable('sessions').set({ last_seen_at: new Date(now), expires_at: new Date(now + idleMs) }).where('token_hash', '=', row.token_hash).execute()
    }
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
    await db.insertInto('sessions').values({ token_hash: hashToken(token), user_id: userId, csrf_token: randomToken(), expires_at: new Date(now + idleMs) }).execute()
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
  if (token) await db.updateTable('sessions').set({ ended_at: new Date() }).where('token_hash', '=', hashToken(token)).where('ended_at', 'is', null).execute()
}

/** Ends every session of a user: on disable and on password reset. */
export async function endSessionsOf(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: new Date() }).where('user_id', '=', userId).where('ended_at', 'is', null).execute()
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
