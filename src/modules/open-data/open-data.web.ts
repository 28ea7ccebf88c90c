/**
 * Open data: the JSON API under /api/v1 and its OpenAPI description, the API docs page, the open
 * data page and the whole dataset as downloads at fixed "latest" addresses. Every figure comes
 * through the visibility read layer (disclosure/visibility.ts): for the public, publicPoints and
 * publicSummaries, so nothing says more than the public pages, and a restricted indicator is absent
 * (404 when asked for); a signed-in request (by its session) sees what its tier allows, and is
 * never kept in the page cache (web/page-cache.ts keeps only requests without a user).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { LICENCE, sendCsvStream, sendTable } from '../../web/table-download.js'
import { NotFound } from '../../web/render.js'
import { BAD_PARAMETER_MESSAGE, isBadValueError } from '../../web/bad-parameters.js'
import { formatLongDate } from '../../lib/dates.js'
import { isServiceUnavailable } from '../../web/service-unavailable.js'
import { readDataVersion } from '../../db/data-version.js'
import { seenPoints, seenSummaries, sightFor, type Sight } from '../disclosure/visibility.js'
import { hrefFor } from '../strategy/strategy.links.js'
import {
  AllDataQuery,
  DataQuery,
  ListQuery,
  NoQuery,
  StrategyQuery,
  SummaryQuery,
  endOfUkDay,
  queryProblems,
} from './api-query.js'
import {
  API_BASE,
  indicatorView,
  outcomeView,
  pointView,
  strategySummaryView,
  strategyView,
  summaryView,
} from './api-views.js'
import { openApiDocument } from './openapi.js'
import { filterPoints, pageFields, pageOf } from './api-paging.js'
import { apiDocsView, type ApiDocument } from './api-docs.js'
import { dataOverview, findAreas, findIndicators, unknownIds } from './open-data.repository.js'
import {
  DATA_COLUMNS,
  FINGERTIPS_COLUMNS,
  dataCsvRows,
  dataTable,
  fingertipsCsvRows,
  type ExportArea,
  type ExportIndicator,
} from './downloads.js'
import { indicatorSourcesFor } from '../sources/figure-labels.service.js'
import { OGL_ATTRIBUTION, needsOglAttribution } from '../sources/source-provenance.js'
import { listAmendments } from '../indicators/releases/releases.repository.js'
import { amendmentRows } from '../indicators/releases/releases.view.js'

const publicRoute = { config: { access: 'public' } } as const

class BadRequest extends Error {
  readonly statusCode = 400
}

function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query ?? {})
  if (!result.success) throw new BadRequest(queryProblems(result.error))
  return result.data
}

function sendError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { status, message } })
}

type Params<K extends string> = { Params: Record<K, string> }

/** What the API's routes share: the database, the disclosure threshold and the strategies. */
function apiContext(deps: WebDeps) {
  const { db } = deps
  const threshold = deps.config.disclosureThreshold
  const envelope = async () => ({ licence: LICENCE, data_version: await readDataVersion(db) })

  /** 404 for any indicator or area asked for that does not exist, or that this viewer may not see. */
  const checkKnown = async (query: { indicatorIds?: string[]; areaCodes?: string[] }, sight: Sight) => {
    const unknown = await unknownIds(db, query)
    const unseen = (query.indicatorIds ?? []).filter((id) => !sight.canSee(id) && !unknown.indicators.includes(id))
    if (unknown.indicators.length || unseen.length)
      throw new NotFound(`There is no indicator with the id ${[...unknown.indicators, ...unseen].join(', ')}`)
    if (unknown.areas.length) throw new NotFound(`There is no area with the code ${unknown.areas.join(', ')}`)
  }

  /** Disclosure control over the whole of each indicator asked for first; then the filters, then the page. */
  const data = async (query: DataRequest, requestUrl: string, sight: Sight) => {
    await checkKnown({ indicatorIds: query.indicator, areaCodes: query.area }, sight)
    const head = await envelope()
    const points = await seenPoints(db, threshold, sight, {
      indicatorIds: query.indicator,
      areaCodes: query.area,
      asOf: query.as_of ? endOfUkDay(query.as_of) : undefined,
    })
    const page = pageOf(filterPoints(points, query), query, requestUrl)
    return {
      ...head,
      query: { indicator: query.indicator ?? null, ...breakdownQuery(query), as_of: query.as_of ?? null },
      ...pageFields(page),
      attribution: needsOglAttribution(page.rows.map((p) => p.source)) ? OGL_ATTRIBUTION : null,
      data: page.rows.map(pointView),
    }
  }
  /** The request's viewer (by its session) and what it may see. */
  const sight = (req: FastifyRequest) => sightFor(deps, req.user)
  return { db, threshold, strategies: deps.strategies, envelope, checkKnown, data, sight }
}
type ApiContext = ReturnType<typeof apiContext>

/** The area and breakdown filters as the answer repeats them: null where not given. */
function breakdownQuery(query: z.infer<typeof SummaryQuery>) {
  return {
    area: query.area ?? null,
    period: query.period ?? null,
    sex: query.sex ?? null,
    age: query.age ?? null,
    category_type: query.category_type ?? null,
    category: query.category ?? null,
  }
}
type DataRequest = z.infer<typeof AllDataQuery>

export function openDataRoutes(app: FastifyInstance, deps: WebDeps) {
  const api = apiContext(deps)
  // The API lives in its own context, so its errors and unknown routes answer in JSON, not HTML pages.
  void app.register(
    async (scope) => {
      answerInJson(scope)
      scope.get('/openapi.json', publicRoute, async () => openApiDocument)
      strategyApiRoutes(scope, api)
      indicatorApiRoutes(scope, api)
      dataApiRoutes(scope, api)
    },
    { prefix: '/api' },
  )
  openDataPages(app, api)
  downloadRoutes(app, api)
}

/** Errors and unknown routes as JSON; open data, so any site may read it. */
function answerInJson(api: FastifyInstance) {
  api.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, `There is no API route ${req.url.split('?')[0]}: see /api-docs`),
  )
  api.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    // The app answers these for every route alike: 503, Retry-After and, under /api/, JSON.
    if (isServiceUnavailable(error)) throw error
    // The database refusing a value it was given (text that is not a number, one out of range) is a bad request.
    const badValue = error.statusCode === undefined && isBadValueError(error)
    const status = badValue ? 400 : (error.statusCode ?? 500)
    if (status >= 500) req.log.error(error)
    if (badValue) req.log.warn({ err: error }, 'the database refused a value from the request')
    // Only client errors show their message; a server error never leaks internals.
    const message = badValue
      ? BAD_PARAMETER_MESSAGE
      : status < 500
        ? error.message
        : 'Something went wrong on our side. Please try again later.'
    return sendError(reply, status, message)
  })
  api.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', '*')
    return payload
  })
}

function strategyApiRoutes(api: FastifyInstance, { sight, envelope }: ApiContext) {
  api.get('/v1/strategies', publicRoute, async (req) => {
    const paging = parseQuery(ListQuery, req.query)
    const m = (await sight(req)).model
    const page = pageOf(m.strategies, paging, req.url)
    return { ...(await envelope()), ...pageFields(page), strategies: page.rows.map((s) => strategySummaryView(m, s)) }
  })

  api.get<Params<'strategyId'>>('/v1/strategies/:strategyId', publicRoute, async (req) => {
    parseQuery(NoQuery, req.query)
    const m = (await sight(req)).model
    const strategy = m.strategies.find((s) => s.id === req.params.strategyId)
    if (!strategy) throw new NotFound(`There is no strategy with the id ${req.params.strategyId}`)
    return { ...(await envelope()), strategy: strategyView(m, strategy) }
  })

  api.get('/v1/outcomes', publicRoute, async (req) => {
    const paging = parseQuery(ListQuery, req.query)
    const m = (await sight(req)).model
    const page = pageOf(m.ofKind('outcome'), paging, req.url)
    return { ...(await envelope()), ...pageFields(page), outcomes: page.rows.map((o) => outcomeView(m, o)) }
  })

  api.get<Params<'id'>>('/v1/outcomes/:id', publicRoute, async (req) => {
    const { strategy } = parseQuery(StrategyQuery, req.query)
    const m = (await sight(req)).model
    const outcome = m.find('outcome', req.params.id, strategy)
    if (!outcome)
      throw new NotFound(
        `There is no outcome with the id ${req.params.id}${strategy ? ` in the strategy ${strategy}` : ''}`,
      )
    return { ...(await envelope()), outcome: outcomeView(m, outcome) }
  })
}

function indicatorApiRoutes(
  api: FastifyInstance,
  { db, threshold, sight: sightOf, envelope, checkKnown, data }: ApiContext,
) {
  api.get('/v1/indicators', publicRoute, async (req) => {
    const paging = parseQuery(ListQuery, req.query)
    const [sight, all] = await Promise.all([sightOf(req), findIndicators(db)])
    const m = sight.model
    const page = pageOf(
      all.filter((r) => sight.canSee(r.id)),
      paging,
      req.url,
    )
    const sources = await indicatorSourcesFor(
      db,
      page.rows.map((r) => r.id),
      String(m.strategies[0]?.detail.areaCode ?? ''),
    )
    return {
      ...(await envelope()),
      ...pageFields(page),
      indicators: page.rows.map((r) => indicatorView(m, r, sources.get(r.id)!)),
    }
  })

  api.get<Params<'id'>>('/v1/indicators/:id', publicRoute, async (req) => {
    parseQuery(NoQuery, req.query)
    const [sight, found] = await Promise.all([sightOf(req), findIndicators(db, [req.params.id])])
    const m = sight.model
    const rows = found.filter((r) => sight.canSee(r.id))
    if (!rows[0]) throw new NotFound(`There is no indicator with the id ${req.params.id}`)
    const sources = await indicatorSourcesFor(db, [rows[0].id], String(m.strategies[0]?.detail.areaCode ?? ''))
    return { ...(await envelope()), indicator: indicatorView(m, rows[0], sources.get(rows[0].id)!) }
  })

  api.get<Params<'id'>>('/v1/indicators/:id/summaries', publicRoute, async (req) => {
    const query = parseQuery(SummaryQuery, req.query)
    const indicator = [req.params.id]
    const sight = await sightOf(req)
    await checkKnown({ indicatorIds: indicator, areaCodes: query.area }, sight)
    const head = await envelope()
    const summaries = await seenSummaries(db, threshold, sight, { indicatorIds: indicator, areaCodes: query.area })
    const page = pageOf(filterPoints(summaries, query), query, req.url)
    return {
      ...head,
      query: { indicator, ...breakdownQuery(query) },
      ...pageFields(page),
      summaries: page.rows.map(summaryView),
    }
  })

  api.get<Params<'id'>>('/v1/indicators/:id/amendments', publicRoute, async (req) => {
    const paging = parseQuery(ListQuery, req.query)
    await checkKnown({ indicatorIds: [req.params.id] }, await sightOf(req))
    const page = pageOf(amendmentRows(await listAmendments(db, { indicatorId: req.params.id })), paging, req.url)
    return {
      ...(await envelope()),
      indicator: req.params.id,
      ...pageFields(page),
      amendments: page.rows.map((a) => ({
        release_id: a.releaseId,
        published_at: a.publishedAt,
        revised: a.revised,
        note: a.note,
      })),
    }
  })

  api.get<Params<'id'>>('/v1/indicators/:id/data', publicRoute, async (req) => {
    const query = parseQuery(DataQuery, req.query)
    return data({ ...query, indicator: [req.params.id] }, req.url, await sightOf(req))
  })
}

function dataApiRoutes(api: FastifyInstance, { db, envelope, data, sight }: ApiContext) {
  api.get('/v1/data', publicRoute, async (req) => data(parseQuery(AllDataQuery, req.query), req.url, await sight(req)))

  api.get('/v1/areas', publicRoute, async (req) => {
    const paging = parseQuery(ListQuery, req.query)
    const page = pageOf(await findAreas(db), paging, req.url)
    return { ...(await envelope()), ...pageFields(page), areas: page.rows }
  })
}

function openDataPages(app: FastifyInstance, { db, threshold, sight: sightOf }: ApiContext) {
  app.get('/api-docs', publicRoute, async (_req, reply) => {
    return reply.page('pages/open-data/api-docs.njk', { docs: apiDocsView(openApiDocument as unknown as ApiDocument) })
  })

  app.get('/open-data', publicRoute, async (req, reply) => {
    const [sight, overview, all] = await Promise.all([sightOf(req), dataOverview(db), findIndicators(db)])
    const m = sight.model
    const indicators = all.filter((i) => sight.canSee(i.id))
    const shown = overview.byIndicator.filter((i) => sight.canSee(i.indicator_id))
    const pages = new Map(m.ofKind('indicator').map((i) => [i.id, hrefFor(m, i)]))
    return reply.page('pages/open-data/index.njk', {
      threshold,
      licence: LICENCE,
      apiBase: API_BASE,
      totals: { ...overview.totals, indicators: shown.length, described: indicators.length },
      version: overview.version,
      changedAt: formatLongDate(overview.changedAt),
      indicators: shown.map((i) => ({
        id: i.indicator_id,
        name: i.name,
        figures: i.figures,
        areas: i.areas,
        href: pages.get(i.indicator_id) ?? null,
        dataUrl: `${API_BASE}/indicators/${i.indicator_id}/data`,
      })),
    })
  })
}

/** Fixed addresses that always give the current data, so scripts can fetch "latest" without a date. */
function downloadRoutes(app: FastifyInstance, { db, threshold, sight }: ApiContext) {
  /** Indicator names and Fingertips ids, and areas with their parents, for the download tables. */
  const exportReference = async () => {
    const [indicators, areas] = await Promise.all([findIndicators(db), findAreas(db)])
    return {
      indicators: new Map<string, ExportIndicator>(
        indicators.map((i) => [i.id, { id: i.id, name: i.name, fingertipsId: i.fingertipsId }]),
      ),
      areas: new Map<string, ExportArea>(
        areas.map((a) => [a.code, { code: a.code, name: a.name, type: a.type, parentCode: a.parent_code }]),
      ),
    }
  }

  // The CSV files are written as they are sent (a national one is hundreds of megabytes); the JSON is one document.
  app.get('/downloads/latest/data.csv', publicRoute, async (req, reply) => {
    const [points, { indicators }] = await Promise.all([
      seenPoints(db, threshold, await sight(req), {}),
      exportReference(),
    ])
    return sendCsvStream(reply, 'data', DATA_COLUMNS, dataCsvRows(points, indicators))
  })

  app.get('/downloads/latest/data.json', publicRoute, async (req, reply) => {
    const [version, points, { indicators }] = await Promise.all([
      readDataVersion(db),
      seenPoints(db, threshold, await sight(req), {}),
      exportReference(),
    ])
    return sendTable(reply, 'json', dataTable(points, indicators, version))
  })

  app.get('/downloads/latest/fingertips.csv', publicRoute, async (req, reply) => {
    const viewer = await sight(req)
    const [points, summaries, { indicators, areas }] = await Promise.all([
      seenPoints(db, threshold, viewer, {}),
      seenSummaries(db, threshold, viewer, {}),
      exportReference(),
    ])
    return sendCsvStream(
      reply,
      'fingertips',
      FINGERTIPS_COLUMNS,
      fingertipsCsvRows(points, summaries, indicators, areas),
    )
  })
}
