/**
 * The web application, built without listening, so tests drive it with inject() and a real browser
 * alike. Read top to bottom for the request pipeline: security headers, form parsing, static
 * assets, health, the modules' routes, then not-found and error pages.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { projectRoot } from '../config.js'
import { strategyRoutes } from '../modules/strategy/strategy.web.js'
import type { StrategyService } from '../modules/strategy/strategy.service.js'
import { createNunjucks, govukFrontendDist } from './nunjucks.js'
import { findSummaries } from '../modules/indicators/summaries/summaries.service.js'
import { indicatorFigures } from '../modules/indicators/indicator-figures.js'
import type { Render } from './render.js'

export interface AppDeps {
  db: Kysely<Database>
  strategies: StrategyService
  serviceName: string
  organisationName: string
  logLevel: string
  /** Show a server error's stack on its page: only for a developer's own machine. */
  showErrorDetails: boolean
}

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: deps.logLevel } })
  const nunjucks = createNunjucks()
  const render: Render = (template, context) => nunjucks.render(template, { serviceName: deps.serviceName, organisationName: deps.organisationName, ...context })

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
  await app.register(formbody)
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
    root: path.join(projectRoot, 'src', 'web', 'assets'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  })

  app.get('/health', async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db)
      return { status: 'UP', database: 'UP' }
    } catch (error) {
      app.log.error(error, 'health check: database unreachable')
      return reply.code(503).send({ status: 'DOWN', database: 'DOWN' })
    }
  })

  strategyRoutes(app, {
    strategies: deps.strategies,
    figures: async (indicatorId, primaryArea) => {
      const indicator = await deps.db.selectFrom('indicators').select('metadata').where('id', '=', indicatorId).executeTakeFirst()
      if (!indicator) return { lead: null, rows: [] }
      const meta = (typeof indicator.metadata === 'string' ? JSON.parse(indicator.metadata) : indicator.metadata) as { unit?: string }
      return indicatorFigures(await findSummaries(deps.db, indicatorId, primaryArea), { unit: meta.unit ?? '', primaryArea })
    },
    render,
  })

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).type('text/html; charset=utf-8').send(render('pages/not-found.njk', { path: req.url }))
  })
  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const status = error.statusCode ?? 500
    if (status === 404) {
      return reply.code(404).type('text/html; charset=utf-8').send(render('pages/not-found.njk', { path: req.url }))
    }
    if (status >= 500) req.log.error(error)
    // Only client errors show their message; a server error never leaks internals.
    const message = status < 500 ? error.message : null
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(render('pages/error.njk', { status, message, stack: deps.showErrorDetails && status >= 500 ? error.stack : null }))
  })
  return app
}

/** The CSP hash of GOV.UK Frontend's one inline script, read from the template itself. */
function inlineScriptHash(render: Render): string {
  const html = render('layouts/base.njk', {})
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
  if (inline.length !== 1) throw new Error(`expected one inline script in the page template, found ${inline.length}`)
  return `'sha256-${createHash('sha256').update(inline[0]!).digest('base64')}'`
}
