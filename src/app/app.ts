/**
 * The web application, built without listening, so tests drive it with inject() and a real browser
 * alike. Read top to bottom for the request pipeline: security headers, form parsing, sessions,
 * the bad-parameter guard, static assets, health, the modules' routes, then not-found and error
 * pages (400 for a value the database refuses, 503 while the database cannot be reached, 500 for
 * anything else).
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import compress from '@fastify/compress'
import { pingDatabase } from '../db/health.js'
import { decideOnDataChange } from '../modules/disclosure/decisions.js'
import { projectRoot } from '../config.js'
import { strategyRoutes } from '../modules/strategy/strategy.web.js'
import { commentaryRoutes } from '../modules/indicators/commentary.web.js'
import { dashboardRoutes } from '../modules/dashboard/dashboard.web.js'
import { openDataRoutes } from '../modules/open-data/open-data.web.js'
import { accountRoutes } from '../modules/accounts/accounts.web.js'
import { myWorkRoutes } from '../modules/my-work/my-work.web.js'
import { sessions } from '../modules/accounts/sessions.js'
import { enforceDeclaredAccess } from '../modules/accounts/authorise.js'
import { deliveryRoutes } from '../modules/delivery/delivery.web.js'
import { riskRoutes } from '../modules/risks/risks.web.js'
import { boardRoutes } from '../modules/boards/boards.web.js'
import { publicMeetingRoutes } from '../modules/boards/boards.public.web.js'
import { publishedPackFor } from '../modules/reports/published.js'
import { contextIndicatorRoutes } from '../modules/indicators/context-indicator.web.js'
import { auditRoutes } from '../modules/audit/audit.web.js'
import { reportRoutes } from '../modules/reports/reports.web.js'
import { archiveRoutes } from '../modules/reports/archive.web.js'
import { feedRoutes } from '../modules/feeds/feeds.web.js'
import { followRoutes } from '../modules/follows/follows.web.js'
import { embedRoutes } from '../modules/embeds/embeds.web.js'
import { meetingRemindersSection, reminderRoutes } from '../modules/reports/reminders.web.js'
import { amendmentRoutes } from '../modules/reports/amendments.web.js'
import { releaseRoutes } from '../modules/indicators/releases/releases.web.js'
import { progressReportRoutes } from '../modules/reports/progress-reports.web.js'
import { reportRecordRoutes } from '../modules/reports/report-records.web.js'
import { formatDate, todayInLondon } from '../lib/dates.js'
import { createNunjucks, govukFrontendDist } from '../web/nunjucks.js'
import type { Render } from '../web/render.js'
import type { WebDeps } from '../modules/module-deps.js'
import { pageCache } from '../web/page-cache.js'
import { allowFramingWhereDeclared } from '../web/frameable.js'
import { answerServiceUnavailable, isServiceUnavailable } from '../web/service-unavailable.js'
import { isDatabaseUnavailable, oneLineError } from '../db/unavailable.js'
import {
  BAD_PARAMETER_MESSAGE,
  isBadValueError,
  refuseBadParameters,
  refuseUnroutableUrl,
} from '../web/bad-parameters.js'

export type AppDeps = WebDeps

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  // Imports and releases through this app decide disclosure control at its threshold as they write.
  decideOnDataChange(deps.config.disclosureThreshold)
  const app = Fastify({
    logger: { level: deps.config.logLevel },
    trustProxy: true,
    frameworkErrors: refuseUnroutableUrl,
  })
  const render = setUpViews(app, deps)
  enforceDeclaredAccess(app)
  await setUpRequestHandling(app, deps, render)
  await setUpAssets(app)
  setUpHealth(app, deps)
  setUpRoutes(app, deps)
  setUpErrorPages(app, deps)
  return app
}

/** `reply.page(template, context)`: our views, with the signed-in user, CSRF token and service name. */
function setUpViews(app: FastifyInstance, { config }: AppDeps): Render {
  const nunjucks = createNunjucks()
  const render: Render = (template, context) =>
    nunjucks.render(template, {
      serviceName: config.serviceName,
      organisationName: config.organisationName,
      assetVersion,
      ...context,
    })
  app.decorateReply('page', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const req = this.request
    return this.type('text/html; charset=utf-8').send(
      render(template, {
        user: req.user,
        csrfToken: req.csrfToken,
        currentPath: req.url,
        siteOrigin: `${req.protocol}://${req.host}`,
        oidcEnabled: config.oidc !== null,
        printedOn: formatDate(todayInLondon()),
        ...context,
      }),
    )
  })
  return render
}

/**
 * Security headers, forms, cookies and sessions, the bad-parameter guard, the page cache, then
 * compression (its hook runs after the cache's, so the cache keeps plain bytes and every answer,
 * cached or not, is compressed for a client that accepts it).
 */
async function setUpRequestHandling(app: FastifyInstance, deps: AppDeps, render: Render): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", inlineScriptHash(render)],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  })
  allowFramingWhereDeclared(app)
  await app.register(formbody)
  await app.register(cookie)
  await sessions(app, deps)
  refuseBadParameters(app)
  if (deps.config.pageCache) pageCache(app, deps.db, { warmEveryMs: deps.config.pageWarmMs })
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Quality 5 compresses pages about as well as the default 11 at a small part of its cost.
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  })
}

/**
 * GOV.UK Frontend's assets and ours. Our CSS and JavaScript are linked with `?v=` and their content
 * hash, so they can be kept for a year; GOV.UK Frontend's files (its script is imported by a
 * fixed URL) are kept for a week.
 */
async function setUpAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(govukFrontendDist, 'govuk', 'assets'),
    prefix: '/assets/',
    maxAge: '7d',
  })
  await app.register(fastifyStatic, {
    root: path.join(govukFrontendDist, 'govuk'),
    prefix: '/govuk/',
    allowedPath: (pathname) => /^\/govuk-frontend\.min\.(css|js)$/.test(pathname),
    decorateReply: false,
    maxAge: '7d',
  })
  await app.register(fastifyStatic, {
    root: ourAssets,
    prefix: '/static/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
  })
}

function setUpHealth(app: FastifyInstance, deps: AppDeps): void {
  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    try {
      await pingDatabase(deps.db)
      return { status: 'UP', database: 'UP' }
    } catch (error) {
      if (isDatabaseUnavailable(error)) app.log.warn(`health check: database unreachable (${oneLineError(error)})`)
      else app.log.error(error, 'health check: database unreachable')
      return reply.code(503).send({ status: 'DOWN', database: 'DOWN' })
    }
  })
}

function setUpRoutes(app: FastifyInstance, deps: AppDeps): void {
  strategyRoutes(app, deps)
  commentaryRoutes(app, deps)
  dashboardRoutes(app, deps)
  openDataRoutes(app, deps)
  accountRoutes(app, deps)
  myWorkRoutes(app, deps)
  deliveryRoutes(app, deps)
  riskRoutes(app, deps)
  boardRoutes(app, deps, meetingRemindersSection(deps))
  publicMeetingRoutes(app, deps, (meetingId) => publishedPackFor(deps.db, meetingId))
  auditRoutes(app, deps)
  contextIndicatorRoutes(app, deps)
  reportRoutes(app, deps)
  archiveRoutes(app, deps)
  feedRoutes(app, deps)
  followRoutes(app, deps)
  embedRoutes(app, deps)
  reminderRoutes(app, deps)
  releaseRoutes(app, deps)
  amendmentRoutes(app, deps)
  progressReportRoutes(app, deps)
  reportRecordRoutes(app, deps)
}

/** 404 and error pages: 400 for a value the database refuses, 503 while it cannot be reached, 500 otherwise. */
function setUpErrorPages(app: FastifyInstance, { config }: AppDeps): void {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).page('pages/not-found.njk', { path: req.url })
  })
  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    if (isServiceUnavailable(error)) return answerServiceUnavailable(error, req, reply)
    // The database refusing a value it was given (an id too big for bigint, say) is a bad request.
    const badValue = error.statusCode === undefined && isBadValueError(error)
    const status = badValue ? 400 : (error.statusCode ?? 500)
    if (status === 404) return reply.code(404).page('pages/not-found.njk', { path: req.url })
    if (status >= 500) req.log.error(error)
    if (badValue) req.log.warn({ err: error }, 'the database refused a value from the request')
    // Only client errors show their message; a server error never leaks internals.
    const message = badValue ? BAD_PARAMETER_MESSAGE : status < 500 ? error.message : null
    return reply
      .code(status)
      .page('pages/error.njk', { status, message, stack: config.development && status >= 500 ? error.stack : null })
  })
}

const ourAssets = path.join(projectRoot, 'src', 'web', 'assets')

/** Our assets' content hash: a new release's CSS or JavaScript gets a new URL. */
const assetVersion = createHash('sha256')
  .update(
    readdirSync(ourAssets)
      .sort()
      .map((name) => readFileSync(path.join(ourAssets, name)))
      .reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0)),
  )
  .digest('hex')
  .slice(0, 12)

/** The CSP hash of GOV.UK Frontend's one inline script, read from the template itself. */
function inlineScriptHash(render: Render): string {
  const html = render('layouts/base.njk', {})
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
  if (inline.length !== 1) throw new Error(`expected one inline script in the page template, found ${inline.length}`)
  return `'sha256-${createHash('sha256').update(inline[0]!).digest('base64')}'`
}
