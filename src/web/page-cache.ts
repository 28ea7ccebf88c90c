/**
 * Public responses change only when data or content changes, and every write bumps the data
 * version; some also change with the date. So a public GET's response is kept in memory keyed by
 * URL, data version and today's date in London, served
 * again without rendering, and carries an ETag so browsers and proxies revalidate with a 304.
 * Signed-in requests (whose pages show the user) and responses that set cookies are never cached.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { onDataVersionBumped, readDataVersion } from '../db/data-version.js'
import { oneLineError } from '../db/unavailable.js'
import { recentDataVersion } from './recent-data-version.js'
import { todayInLondon } from '../lib/dates.js'
import { startPageWarmer, type PageWarmer } from './page-warmer.js'

interface Entry {
  version: string
  etag: string
  status: number
  contentType: string
  contentDisposition: string | undefined
  body: string | Buffer
}

const MAX_ENTRIES = 2000
/** The pages rendered again after a change: the most recently read, so the busy ones stay warm. */
const WARM_PAGES = 20
/** Static assets carry their own caching headers from @fastify/static. */
const uncachedPrefixes = ['/assets/', '/govuk/', '/static/', '/health', '/sign-in', '/sign-out', '/signed-out']

export function pageCache(app: FastifyInstance, db: Kysely<Database>, options: { warmEveryMs: number | null }) {
  const entries = new Map<string, Entry>()
  const versions = new WeakMap<FastifyRequest, string>()

  const cacheable = (req: FastifyRequest) =>
    (req.method === 'GET' || req.method === 'HEAD') &&
    req.user === null &&
    req.routeOptions.config?.access === 'public' &&
    req.routeOptions.config.pageCache !== false &&
    !uncachedPrefixes.some((p) => req.url.startsWith(p))

  // The version is read at most once a second, and through a database outage the last one read is
  // kept, so cached pages still answer (recent-data-version.ts).
  const { currentVersion, forget } = recentDataVersion(() => readDataVersion(db), {
    onOutage: (error, version) =>
      error
        ? app.log.warn(
            `page cache: cannot read the data version (${oneLineError(error)}); serving cached pages as at version ${version} until the database answers`,
          )
        : app.log.warn(`page cache: the database answers again (data version ${version})`),
  })
  const stop = onDataVersionBumped(forget)
  app.addHook('onClose', async () => stop())
  const cacheKey = async () => `${await currentVersion()}|${todayInLondon()}`
  if (options.warmEveryMs !== null) warmAfterChanges(app, entries, cacheKey, options.warmEveryMs)

  app.addHook('onRequest', async (req, reply) => {
    if (!cacheable(req)) return
    // Today's date is part of the key: pages say "overdue" and "no update for 6 weeks".
    const version = await cacheKey()
    versions.set(req, version)
    const hit = entries.get(req.url)
    if (!hit || hit.version !== version) return
    // Refresh its place in the insertion order, so the map's first key is the least recently used.
    entries.delete(req.url)
    entries.set(req.url, hit)
    setCacheHeaders(reply, hit.etag)
    if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send()
    if (hit.contentDisposition) reply.header('content-disposition', hit.contentDisposition)
    return reply.code(hit.status).type(hit.contentType).send(hit.body)
  })

  app.addHook('onSend', async (req, reply, payload) => {
    const version = versions.get(req)
    if (version === undefined || reply.statusCode !== 200 || reply.getHeader('set-cookie') || reply.getHeader('etag'))
      return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    if (String(reply.getHeader('cache-control') ?? '').includes('no-store')) return payload
    const etag = `W/"${version.replace('|', '-')}-${createHash('sha1').update(payload).digest('base64url').slice(0, 16)}"`
    entries.set(req.url, {
      version,
      etag,
      status: 200,
      contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      contentDisposition: reply.getHeader('content-disposition') as string | undefined,
      body: payload,
    })
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!)
    setCacheHeaders(reply, etag)
    if (req.headers['if-none-match'] === etag) {
      reply.code(304)
      return ''
    }
    return payload
  })
}

function warmAfterChanges(
  app: FastifyInstance,
  entries: Map<string, Entry>,
  cacheKey: () => Promise<string>,
  intervalMs: number,
) {
  const warmer = startPageWarmer({
    readKey: cacheKey,
    staleUrls: (key) =>
      [...entries]
        .filter(([, entry]) => entry.version !== key)
        .slice(-WARM_PAGES)
        .reverse()
        .map(([url]) => url),
    render: async (url) => {
      await app.inject({ method: 'GET', url })
    },
    intervalMs,
    onError: (error) => app.log.warn(`page cache: could not warm pages (${oneLineError(error)})`),
  })
  app.decorate('pageWarmer', warmer)
  app.addHook('onClose', async () => warmer.stop())
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when pages are warmed after changes (config pageWarmMs). */
    pageWarmer?: PageWarmer
  }
  interface FastifyContextConfig {
    /** false: this public route is never kept (it streams, or must always be fresh). */
    pageCache?: false
  }
}

function setCacheHeaders(reply: FastifyReply, etag: string) {
  reply.header('etag', etag)
  // Revalidate every time (cheap: a 304), and never share a response across a signed-in cookie.
  reply.header('cache-control', 'no-cache')
  reply.header('vary', 'Cookie')
}
