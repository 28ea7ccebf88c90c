/**
 * The downloads of the pages' indicator tables, built from the same rows as the tables: an
 * outcome's and a priority's indicators, and a strategy's life-course table, each as CSV and JSON.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { sendTable, type DownloadFormat } from '../../web/table-download.js'
import { findItem } from '../strategy/strategy.views.js'
import { itemIndicatorRows, lifeCourse, outcomeIndicators, priorityIndicators } from './dashboard.service.js'
import { indicatorDownload } from './indicator-table.js'
import { lifeCourseDownload } from './life-course.js'
import { sightFor } from '../disclosure/visibility.js'

type ItemRequest = { Params: { id: string }; Querystring: { strategy?: string } }

const publicRoute = { config: { access: 'public' } } as const
const formats: DownloadFormat[] = ['csv', 'json']

function outcomeIndicatorsDownload(app: FastifyInstance, deps: WebDeps, format: DownloadFormat) {
  app.get<ItemRequest>(`/outcomes/:id/indicators.${format}`, publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const outcome = findItem(m, 'outcome', req.params.id, req.query.strategy)
    const rows = await itemIndicatorRows(deps, m, outcome, outcomeIndicators(m, outcome))
    return sendTable(
      reply,
      format,
      indicatorDownload(`${outcome.id}-indicators`, `${outcome.detail.shortTitle ?? outcome.title}: indicators`, rows),
    )
  })
}

function priorityIndicatorsDownload(app: FastifyInstance, deps: WebDeps, format: DownloadFormat) {
  app.get<ItemRequest>(`/priorities/:id/indicators.${format}`, publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const priority = findItem(m, 'priority', req.params.id, req.query.strategy)
    const rows = await itemIndicatorRows(deps, m, priority, priorityIndicators(m, priority))
    return sendTable(
      reply,
      format,
      indicatorDownload(`${priority.id}-indicators`, `${priority.title}: indicators`, rows),
    )
  })
}

function lifeCourseDownloadRoute(app: FastifyInstance, deps: WebDeps, format: DownloadFormat) {
  app.get<{ Params: { strategyId: string } }>(
    `/strategies/:strategyId/life-course.${format}`,
    publicRoute,
    async (req, reply) => {
      const m = (await sightFor(deps, req.user)).model
      const s = findItem(m, 'strategy', req.params.strategyId, req.params.strategyId)
      const table = await lifeCourse(deps, m, s)
      if (!table.stages.length) throw new NotFound()
      return sendTable(
        reply,
        format,
        lifeCourseDownload(
          `${s.id}-life-course`,
          `${s.detail.shortTitle ?? s.title}: action across the life course`,
          table.stages,
          table.areaName,
        ),
      )
    },
  )
}

export function indicatorTableRoutes(app: FastifyInstance, deps: WebDeps) {
  for (const format of formats) {
    outcomeIndicatorsDownload(app, deps, format)
    priorityIndicatorsDownload(app, deps, format)
    lifeCourseDownloadRoute(app, deps, format)
  }
}
