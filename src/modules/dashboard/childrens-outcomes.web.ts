/**
 * The children's voice: the seven "My …" outcomes, each with what the numbers linked to it say, in
 * plain words, on one page and each on its own.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { citation } from '../strategy/strategy.links.js'
import { findItem, pageContext, primaryStrategy } from '../strategy/strategy.views.js'
import { areaName, itemIndicatorRows, strategyArea } from './dashboard.service.js'
import { plainWords } from './plain-words.js'
import { sightFor } from '../disclosure/visibility.js'

const publicRoute = { config: { access: 'public' } } as const

/** Each children's outcome with its indicators' figures for the primary strategy's area, in plain words. */
async function childrensOutcomes(deps: WebDeps, m: StrategyReadModel, items: Item[]) {
  const s = primaryStrategy(m)
  const indicators = [
    ...new Map(items.flatMap((c) => m.to(c, 'speaks_to', 'indicator')).map((c) => [c.item.id, c.item])).values(),
  ]
  const [rows, name] = await Promise.all([
    itemIndicatorRows(deps, m, s, indicators),
    areaName(deps.db, strategyArea(s)),
  ])
  const byId = new Map(rows.map((r) => [r.id, r]))
  return items.map((c) => {
    const numbers = m
      .to(c, 'speaks_to', 'indicator')
      .map((i) => byId.get(i.item.id)!)
      .map((r) => ({ ...r, words: plainWords(r, name) }))
    return {
      ...c,
      href: `/childrens-outcomes/${c.id}`,
      citation: citation(m, c),
      numbers,
      withData: numbers.filter((n) => n.valueNumber !== null).length,
    }
  })
}

export function childrensOutcomesRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/childrens-outcomes', publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const outcomes = await childrensOutcomes(deps, m, m.items(primaryStrategy(m).id, 'childrens_outcome'))
    return reply.page('pages/childrens-outcomes.njk', pageContext(m, { outcomes }))
  })

  app.get<{ Params: { id: string }; Querystring: { strategy?: string } }>(
    '/childrens-outcomes/:id',
    publicRoute,
    async (req, reply) => {
      const m = (await sightFor(deps, req.user)).model
      const item = findItem(m, 'childrens_outcome', req.params.id, req.query.strategy)
      const [outcome] = await childrensOutcomes(deps, m, [item])
      return reply.page('pages/dashboard/childrens-outcome.njk', pageContext(m, { outcome }))
    },
  )
}
