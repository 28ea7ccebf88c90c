/** The indicator page: the turn-the-curve page for one indicator. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../web/web-deps.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { citation, linkTo } from '../strategy/strategy.links.js'
import { goldenThread } from '../strategy/strategy.thread.js'
import { NotFound } from '../../web/render.js'
import { findSummaries } from './summaries/summaries.service.js'
import { indicatorFigures, type FigureRow } from './indicator-figures.js'

type FiguresFor = (indicatorId: string, primaryArea: string) => Promise<{ lead: string | null; rows: FigureRow[] }>

export function indicatorRoutes(app: FastifyInstance, deps: WebDeps) {
  const figures: FiguresFor = async (indicatorId, primaryArea) => {
    const indicator = await deps.db.selectFrom('indicators').select('metadata').where('id', '=', indicatorId).executeTakeFirst()
    if (!indicator) return { lead: null, rows: [] }
    const meta = (typeof indicator.metadata === 'string' ? JSON.parse(indicator.metadata) : indicator.metadata) as { unit?: string }
    return indicatorFigures(await findSummaries(deps.db, indicatorId, primaryArea), { unit: meta.unit ?? '', primaryArea })
  }

  app.get<{ Params: { id: string }; Querystring: { strategy?: string } }>('/indicators/:id', { config: { access: 'public' } }, async (req, reply) => {
    const m = await deps.strategies.readModel()
    const indicator = m.find('indicator', req.params.id, req.query.strategy)
    if (!indicator) throw new NotFound()
    const strategy = m.strategyOf(indicator)
    return reply.page('pages/indicator.njk', {
      strategyName: m.strategies[0]?.detail.shortTitle,
      indicator: { ...indicator, citation: citation(m, indicator) },
      strategy: linkTo(m, strategy),
      thread: goldenThread(m, indicator),
      figures: await figuresWithDocumentTitles(m, figures(indicator.id, String(strategy.detail.areaCode))),
    })
  })

}

/** A figure quoted from a strategy's source document names the document, not its file. */
async function figuresWithDocumentTitles(m: StrategyReadModel, figures: ReturnType<FiguresFor>) {
  const titles = new Map(
    m.strategies.flatMap((s) => ((s.detail.sources ?? []) as { file: string; title: string }[]).map((d) => [d.file, d.title] as const)),
  )
  const { lead, rows } = await figures
  return { lead, rows: rows.map((r) => ({ ...r, source: titles.get(r.source) ?? r.source })) }
}

