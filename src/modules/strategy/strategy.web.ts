/**
 * The strategy's own public pages, which show the strategy as written and no figures: the pledges,
 * the list of indicators, the governance and each body, the strategies, and the case for change.
 * (The pages that show figures, from the home page down to each indicator, are the dashboard's.)
 */
import type { FastifyInstance } from 'fastify'
import type { Item, StrategyReadModel } from './strategy.read-model.js'
import { citation, linkTo } from './strategy.links.js'
import { governanceDiagram, type DiagramEdge } from './governance-diagram.js'
import { findItem, indicatorRow, links, pageContext, primaryStrategy, strategyView } from './strategy.views.js'
import type { StrategyService } from './strategy.service.js'

type Query = { strategy?: string }

/** What these pages need: the strategy alone (so strategy/ does not import the routes' shared dependencies type). */
type StrategyDeps = { strategies: StrategyService }

const publicRoute = { config: { access: 'public' } } as const

function pledgesRoute(app: FastifyInstance, deps: StrategyDeps) {
  app.get('/pledges', publicRoute, async (_req, reply) => {
    const m = await deps.strategies.readModel()
    return reply.page(
      'pages/pledges.njk',
      pageContext(m, {
        pledges: m.items(primaryStrategy(m).id, 'pledge').map((p) => ({ ...p, citation: citation(m, p) })),
      }),
    )
  })
}

/** Every indicator of every strategy, by the outcome column or theme it sits in (the table with figures is /indicators). */
function indicatorListRoute(app: FastifyInstance, deps: StrategyDeps) {
  app.get('/indicators/by-outcome', publicRoute, async (_req, reply) => {
    const m = await deps.strategies.readModel()
    const groups = m.strategies.flatMap((s) => {
      const indicators = m.items(s.id, 'indicator')
      const columns = [...m.items(s.id, 'outcome'), ...m.items(s.id, 'theme')]
      return columns
        .map((col) => ({
          ...linkTo(m, col),
          heading: `${s.detail.shortTitle}: ${col.detail.shortTitle ?? col.title}`,
          indicators: indicators
            .filter((i) =>
              m.from(i).some((c) => (c.relation === 'in_column' || c.relation === 'in_theme') && c.item === col),
            )
            .map((i) => indicatorRow(m, i)),
        }))
        .filter((g) => g.indicators.length)
    })
    return reply.page('pages/indicators.njk', pageContext(m, { groups, total: m.ofKind('indicator').length }))
  })
}

/** Each strategy's bodies as a diagram, with the same relationships in words. */
function governanceRoute(app: FastifyInstance, deps: StrategyDeps) {
  app.get('/governance', publicRoute, async (_req, reply) => {
    const m = await deps.strategies.readModel()
    const key = (b: Item) => `${b.strategyId}:${b.id}`
    const networks = m.strategies
      .map((s) => {
        const own = m.items(s.id, 'body')
        const linked = own.flatMap((b) => m.from(b).map((c) => c.item)).filter((b) => b.strategyId !== s.id)
        const bodies = [...own, ...new Set(linked)]
        const edges: DiagramEdge[] = own.flatMap((b) =>
          m.from(b).map((c) => ({ from: key(b), to: key(c.item), kind: c.relation as DiagramEdge['kind'] })),
        )
        const described = own.map((b) => bodySummary(m, b))
        const title = `${s.detail.shortTitle}: how it is governed`
        const svg = governanceDiagram(
          bodies.map((b) => ({ key: key(b), name: b.title, count: b.detail.count as number | undefined })),
          edges,
          {
            id: `governance-${s.id}`,
            title,
            description: `${own.length} bodies. ${described.map((d) => d.sentence).join(' ')}`,
          },
        )
        return { id: s.id, heading: s.title, svg, bodies: described }
      })
      .filter((n) => n.bodies.length)
    return reply.page('pages/governance.njk', pageContext(m, { networks }))
  })
}

function bodyRoute(app: FastifyInstance, deps: StrategyDeps) {
  app.get<{ Params: { id: string }; Querystring: Query }>('/governance/:id', publicRoute, async (req, reply) => {
    const m = await deps.strategies.readModel()
    const body = findItem(m, 'body', req.params.id, req.query.strategy)
    return reply.page(
      'pages/body.njk',
      pageContext(m, {
        body: { ...body, citation: citation(m, body), ...bodySummary(m, body) },
        relationships: [...m.from(body), ...m.to(body)].map((c) => ({ label: c.label, relation: c.relation })),
        documents: links(m, m.to(body, 'key_document_of')),
      }),
    )
  })
}

function strategiesRoute(app: FastifyInstance, deps: StrategyDeps) {
  app.get('/strategies', publicRoute, async (_req, reply) => {
    const m = await deps.strategies.readModel()
    return reply.page(
      'pages/strategies.njk',
      pageContext(m, { strategies: m.strategies.map((s) => strategyView(m, s)) }),
    )
  })
}

/** Each strategy's facts, with what they are about. */
function caseForChangeRoute(app: FastifyInstance, deps: StrategyDeps) {
  app.get('/case-for-change', publicRoute, async (_req, reply) => {
    const m = await deps.strategies.readModel()
    return reply.page(
      'pages/case-for-change.njk',
      pageContext(m, {
        strategies: m.strategies
          .map((s) => ({
            ...linkTo(m, s),
            facts: m
              .items(s.id, 'fact')
              .map((f) => ({ ...f, citation: citation(m, f), topics: links(m, m.from(f, 'about')) })),
          }))
          .filter((s) => s.facts.length),
      }),
    )
  })
}

export function strategyRoutes(app: FastifyInstance, deps: StrategyDeps) {
  pledgesRoute(app, deps)
  indicatorListRoute(app, deps)
  governanceRoute(app, deps)
  bodyRoute(app, deps)
  strategiesRoute(app, deps)
  caseForChangeRoute(app, deps)
}

const relationWords: Record<string, [string, string]> = {
  reports_to: ['reports to', 'is reported to by'],
  subgroup_of: ['is a subgroup of', 'has the subgroup'],
  delivers_for: ['delivers for', 'has delivery by'],
  works_closely_with: ['works closely with', 'works closely with'],
}

/** A body's relationships in words, both directions: the diagram's text equivalent. */
function bodySummary(m: StrategyReadModel, body: Item) {
  const outgoing = m
    .from(body)
    .map((c) => ({ words: relationWords[c.relation]?.[0] ?? c.relation, other: linkTo(m, c.item), label: c.label }))
  const incoming = m
    .to(body)
    .filter((c) => c.item.kind === 'body')
    .map((c) => ({ words: relationWords[c.relation]?.[1] ?? c.relation, other: linkTo(m, c.item), label: c.label }))
  const all = [...outgoing, ...incoming]
  const minMeetings = body.detail.minMeetingsPerYear as number | undefined
  const sentence =
    `${body.title}${body.detail.count ? ` (${body.detail.count})` : ''}` +
    (all.length ? ` ${all.map((r) => `${r.words} ${r.other.text}`).join('; ')}.` : '.') +
    (minMeetings ? ` It meets at least ${minMeetings} times a year.` : '')
  return {
    ...linkTo(m, body),
    bodyKind: body.detail.bodyKind,
    count: body.detail.count,
    minMeetings,
    description: body.text,
    relations: all,
    sentence,
  }
}
