/**
 * The strategy's pages that show figures: the home page's overview scorecard, and each outcome,
 * intention, priority, theme and strategy with its indicator table (figures through disclosure
 * control, by dashboard.service.ts). One small route function a page.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import type { Item } from '../strategy/strategy.read-model.js'
import { citation, linkTo } from '../strategy/strategy.links.js'
import {
  findItem,
  indicatorRow,
  links,
  pageContext,
  primaryStrategy,
  strategyView,
} from '../strategy/strategy.views.js'
import {
  downloads,
  itemIndicatorRows,
  lifeCourse,
  outcomeIndicators,
  overdueActionCount,
  escalatedRisks,
  priorityIndicators,
} from './dashboard.service.js'
import { headline } from './headline.js'
import { overview, overviewIndicators } from './overview.js'
import { sightFor } from '../disclosure/visibility.js'

type ItemRequest = { Params: { id: string }; Querystring: { strategy?: string } }

const publicRoute = { config: { access: 'public' } } as const

/** The primary strategy's headline (counts and exceptions), its outcome scorecards, vision, outcomes and pledges. */
function homeRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Querystring: Record<string, string> }>('/', publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const s = primaryStrategy(m)
    const [rows, overdue, escalated] = await Promise.all([
      itemIndicatorRows(deps, m, s, overviewIndicators(m, s)),
      overdueActionCount(deps),
      escalatedRisks(deps, m, s),
    ])
    return reply.page(
      'pages/home.njk',
      pageContext(m, {
        headline: headline(rows, overdue, escalated),
        escalatedTo: escalated.boardName,
        strategy: strategyView(m, s),
        vision: m.items(s.id, 'vision')[0],
        outcomes: m
          .items(s.id, 'outcome')
          .map((o) => ({ ...linkTo(m, o), shortTitle: o.detail.shortTitle, statement: o.text })),
        pledges: m.items(s.id, 'pledge').map((p) => linkTo(m, p)),
        others: m.strategies.slice(1).map((o) => ({ ...linkTo(m, o), subtitle: o.text })),
        overview: overview(m, s, rows, req.query),
      }),
    )
  })
}

function outcomeRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<ItemRequest>('/outcomes/:id', publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const outcome = findItem(m, 'outcome', req.params.id, req.query.strategy)
    const intentions = m.children(outcome, 'intention')
    return reply.page(
      'pages/outcome.njk',
      pageContext(m, {
        outcome: { ...outcome, shortTitle: outcome.detail.shortTitle, citation: citation(m, outcome) },
        strategy: linkTo(m, m.strategyOf(outcome)),
        intentions: intentions.map((i) => ({
          ...linkTo(m, i),
          number: i.number,
          priorities: links(m, m.from(i, 'serves')),
        })),
        successMeasures: m.children(outcome, 'success_measure').map((sm) => ({ id: sm.id, text: sm.title })),
        indicators: await itemIndicatorRows(deps, m, outcome, outcomeIndicators(m, outcome)),
        downloads: downloads(`/outcomes/${outcome.id}/indicators`),
        themes: links(m, m.to(outcome, 'has_outcome', 'theme')),
      }),
    )
  })
}

function intentionRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<ItemRequest>('/intentions/:id', publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const intention = findItem(m, 'intention', req.params.id, req.query.strategy)
    const outcome = m.parent(intention)!
    return reply.page(
      'pages/intention.njk',
      pageContext(m, {
        intention: { ...intention, citation: citation(m, intention) },
        outcome: { ...linkTo(m, outcome), shortTitle: outcome.detail.shortTitle },
        priorities: links(m, m.from(intention, 'serves')),
        successMeasures: links(m, m.to(intention, 'shows_success_of')),
        indicators: await itemIndicatorRows(
          deps,
          m,
          intention,
          m.to(intention, 'evidences', 'indicator').map((c) => c.item),
        ),
      }),
    )
  })
}

/** A priority, with the intentions it serves under each outcome, its indicators and its actions. */
function priorityRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<ItemRequest>('/priorities/:id', publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const priority = findItem(m, 'priority', req.params.id, req.query.strategy)
    const serving = m.to(priority, 'serves', 'intention')
    const outcomes = m.items(priority.strategyId, 'outcome').map((o) => ({
      ...linkTo(m, o),
      shortTitle: o.detail.shortTitle,
      intentions: serving
        .filter((c) => c.item.parentId === o.id)
        .map((c) => ({ ...linkTo(m, c.item), number: c.item.number })),
    }))
    return reply.page(
      'pages/priority.njk',
      pageContext(m, {
        priority: { ...priority, citation: citation(m, priority) },
        strategy: linkTo(m, m.strategyOf(priority)),
        outcomes: outcomes.filter((o) => o.intentions.length),
        indicators: await itemIndicatorRows(deps, m, priority, priorityIndicators(m, priority)),
        downloads: downloads(`/priorities/${priority.id}/indicators`),
        actions: links(m, m.to(priority, 'delivers', 'action')),
      }),
    )
  })
}

/** A strategy's overview: every level, its life-course table and its indicators. */
function strategyOverviewRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: { strategyId: string } }>('/strategies/:strategyId', publicRoute, async (req, reply) => {
    const m = (await sightFor(deps, req.user)).model
    const s = findItem(m, 'strategy', req.params.strategyId, req.params.strategyId)
    const item = (i: Item) => ({ ...i, citation: citation(m, i) })
    return reply.page(
      'pages/strategy.njk',
      pageContext(m, {
        strategy: strategyView(m, s),
        vision: m.items(s.id, 'vision')[0],
        themes: m
          .items(s.id, 'theme')
          .map((t) => ({ ...linkTo(m, t), id: t.id, outcomes: links(m, m.from(t, 'has_outcome')) })),
        outcomes: m.items(s.id, 'outcome').map((o) => ({ ...linkTo(m, o), shortTitle: o.detail.shortTitle })),
        principles: m.items(s.id, 'principle').map(item),
        priorities: m
          .items(s.id, 'priority')
          .map((p) => ({ ...linkTo(m, p), actions: m.to(p, 'delivers', 'action').map((c) => c.item) })),
        actionsWithoutPriority: m
          .items(s.id, 'action')
          .filter((a) => !m.from(a, 'delivers', 'priority').length)
          .map(item),
        lifeCourse: await lifeCourse(deps, m, s),
        lifeCourseDownloads: downloads(`/strategies/${s.id}/life-course`),
        indicators: m.items(s.id, 'indicator').map((i) => indicatorRow(m, i)),
        bodies: m.items(s.id, 'body').map((b) => linkTo(m, b)),
        documents: m.items(s.id, 'document').map(item),
      }),
    )
  })
}

function themeRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: { strategyId: string; id: string } }>(
    '/strategies/:strategyId/themes/:id',
    publicRoute,
    async (req, reply) => {
      const m = (await sightFor(deps, req.user)).model
      const theme = findItem(m, 'theme', req.params.id, req.params.strategyId)
      return reply.page(
        'pages/theme.njk',
        pageContext(m, {
          theme: { ...theme, citation: citation(m, theme) },
          strategy: linkTo(m, m.strategyOf(theme)),
          outcomes: m.from(theme, 'has_outcome').map((c) => ({
            ...linkTo(m, c.item),
            shortTitle: c.item.detail.shortTitle,
            intentions: m.children(c.item, 'intention').length,
          })),
          actions: links(m, m.to(theme, 'delivers', 'action')),
          indicators: await itemIndicatorRows(
            deps,
            m,
            theme,
            m.to(theme, 'in_theme', 'indicator').map((c) => c.item),
          ),
        }),
      )
    },
  )
}

export function strategyPageRoutes(app: FastifyInstance, deps: WebDeps) {
  homeRoute(app, deps)
  outcomeRoute(app, deps)
  intentionRoute(app, deps)
  priorityRoute(app, deps)
  strategyOverviewRoute(app, deps)
  themeRoute(app, deps)
}
