/** The strategy's public pages: everything from the vision down to each indicator, and the governance. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { NodeKind } from './strategy.graph.js'
import type { Item, StrategyReadModel } from './strategy.read-model.js'
import { citation, linkTo } from './strategy.links.js'
import { governanceDiagram, type DiagramEdge } from './governance-diagram.js'
import { NotFound } from '../../web/render.js'
import type { WebDeps } from '../module-deps.js'
import { sendTable, type DownloadFormat } from '../../web/table-download.js'
import { areaName, indicatorRows, lifeCourse, strategyArea } from '../dashboard/dashboard.service.js'
import { indicatorDownload } from '../dashboard/indicator-table.js'
import { lifeCourseDownload } from '../dashboard/life-course.js'
import { overview, overviewIndicators } from '../dashboard/overview.js'
import { plainWords } from '../dashboard/plain-words.js'

type Query = { strategy?: string }

const publicRoute = { config: { access: 'public' } } as const
const formats: DownloadFormat[] = ['csv', 'json']

export function strategyRoutes(app: FastifyInstance, deps: WebDeps) {
  const model = () => deps.strategies.readModel()
  const primary = (m: StrategyReadModel) => {
    const s = m.strategies[0]
    if (!s) throw new NotFound('No strategy has been loaded yet')
    return s
  }
  /** Finds an item by kind and id (preferring the primary strategy) or answers 404. */
  const lookup = (m: StrategyReadModel, kind: NodeKind, req: FastifyRequest<{ Params: { id: string }; Querystring: Query }>) => {
    const item = m.find(kind, req.params.id, req.query.strategy)
    if (!item) throw new NotFound()
    return item
  }
  const page = (reply: FastifyReply, template: string, m: StrategyReadModel, view: Record<string, unknown>) =>
    reply.page(template, { strategyName: primary(m).detail.shortTitle, ...view })

  /** An item's indicator table and its downloads, from the same rows. */
  const tableRows = async (m: StrategyReadModel, owner: Item, items: Item[]) => indicatorRows(deps, m, items, strategyArea(m.strategyOf(owner)))
  const downloads = (base: string) => ({ csv: `${base}.csv`, json: `${base}.json` })
  const indicatorsOf = {
    outcome: (m: StrategyReadModel, o: Item) => m.to(o, 'in_column', 'indicator').map((c) => c.item),
    priority: (m: StrategyReadModel, p: Item) => m.to(p, 'serves', 'indicator').map((c) => c.item),
  }

  app.get<{ Querystring: Record<string, string> }>('/', publicRoute, async (req, reply) => {
    const m = await model()
    const s = primary(m)
    const rows = await tableRows(m, s, overviewIndicators(m, s))
    return page(reply, 'pages/home.njk', m, {
      strategy: strategyView(m, s),
      vision: m.items(s.id, 'vision')[0],
      outcomes: m.items(s.id, 'outcome').map((o) => ({ ...linkTo(m, o), shortTitle: o.detail.shortTitle, statement: o.text })),
      pledges: m.items(s.id, 'pledge').map((p) => linkTo(m, p)),
      others: m.strategies.slice(1).map((o) => ({ ...linkTo(m, o), subtitle: o.text })),
      overview: overview(m, s, rows, req.query),
    })
  })

  app.get<{ Params: { id: string }; Querystring: Query }>('/outcomes/:id', publicRoute, async (req, reply) => {
    const m = await model()
    const outcome = lookup(m, 'outcome', req)
    const intentions = m.children(outcome, 'intention')
    return page(reply, 'pages/outcome.njk', m, {
      outcome: { ...outcome, shortTitle: outcome.detail.shortTitle, citation: citation(m, outcome) },
      strategy: linkTo(m, m.strategyOf(outcome)),
      intentions: intentions.map((i) => ({ ...linkTo(m, i), number: i.number, priorities: links(m, m.from(i, 'serves')) })),
      successMeasures: m.children(outcome, 'success_measure').map((sm) => ({ id: sm.id, text: sm.title })),
      indicators: await tableRows(m, outcome, indicatorsOf.outcome(m, outcome)),
      downloads: downloads(`/outcomes/${outcome.id}/indicators`),
      themes: links(m, m.to(outcome, 'has_outcome', 'theme')),
    })
  })

  for (const format of formats) {
    app.get<{ Params: { id: string }; Querystring: Query }>(`/outcomes/:id/indicators.${format}`, publicRoute, async (req, reply) => {
      const m = await model()
      const outcome = lookup(m, 'outcome', req)
      const rows = await tableRows(m, outcome, indicatorsOf.outcome(m, outcome))
      return sendTable(reply, format, indicatorDownload(`${outcome.id}-indicators`, `${outcome.detail.shortTitle ?? outcome.title}: indicators`, rows))
    })
    app.get<{ Params: { id: string }; Querystring: Query }>(`/priorities/:id/indicators.${format}`, publicRoute, async (req, reply) => {
      const m = await model()
      const priority = lookup(m, 'priority', req)
      const rows = await tableRows(m, priority, indicatorsOf.priority(m, priority))
      return sendTable(reply, format, indicatorDownload(`${priority.id}-indicators`, `${priority.title}: indicators`, rows))
    })
    app.get<{ Params: { strategyId: string } }>(`/strategies/:strategyId/life-course.${format}`, publicRoute, async (req, reply) => {
      const m = await model()
      const s = m.find('strategy', req.params.strategyId, req.params.strategyId)
      if (!s) throw new NotFound()
      const table = await lifeCourse(deps, m, s)
      if (!table.stages.length) throw new NotFound()
      return sendTable(reply, format, lifeCourseDownload(`${s.id}-life-course`, `${s.detail.shortTitle ?? s.title}: action across the life course`, table.stages, table.areaName))
    })
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/intentions/:id', publicRoute, async (req, reply) => {
    const m = await model()
    const intention = lookup(m, 'intention', req)
    const outcome = m.parent(intention)!
    return page(reply, 'pages/intention.njk', m, {
      intention: { ...intention, citation: citation(m, intention) },
      outcome: { ...linkTo(m, outcome), shortTitle: outcome.detail.shortTitle },
      priorities: links(m, m.from(intention, 'serves')),
      successMeasures: links(m, m.to(intention, 'shows_success_of')),
      indicators: await tableRows(m, intention, m.to(intention, 'evidences', 'indicator').map((c) => c.item)),
    })
  })

  app.get<{ Params: { id: string }; Querystring: Query }>('/priorities/:id', publicRoute, async (req, reply) => {
    const m = await model()
    const priority = lookup(m, 'priority', req)
    const serving = m.to(priority, 'serves', 'intention')
    const outcomes = m.items(priority.strategyId, 'outcome').map((o) => ({
      ...linkTo(m, o),
      shortTitle: o.detail.shortTitle,
      intentions: serving.filter((c) => c.item.parentId === o.id).map((c) => ({ ...linkTo(m, c.item), number: c.item.number })),
    }))
    return page(reply, 'pages/priority.njk', m, {
      priority: { ...priority, citation: citation(m, priority) },
      strategy: linkTo(m, m.strategyOf(priority)),
      outcomes: outcomes.filter((o) => o.intentions.length),
      indicators: await tableRows(m, priority, indicatorsOf.priority(m, priority)),
      downloads: downloads(`/priorities/${priority.id}/indicators`),
      actions: links(m, m.to(priority, 'delivers', 'action')),
    })
  })

  app.get('/pledges', publicRoute, async (_req, reply) => {
    const m = await model()
    return page(reply, 'pages/pledges.njk', m, {
      pledges: m.items(primary(m).id, 'pledge').map((p) => ({ ...p, citation: citation(m, p) })),
    })
  })

  /** The seven "My …" outcomes, each with what the numbers linked to it say, in plain words. */
  const childrensOutcomes = async (m: StrategyReadModel, items: Item[]) => {
    const s = primary(m)
    const indicators = [...new Map(items.flatMap((c) => m.to(c, 'speaks_to', 'indicator')).map((c) => [c.item.id, c.item])).values()]
    const [rows, name] = await Promise.all([tableRows(m, s, indicators), areaName(deps.db, strategyArea(s))])
    const byId = new Map(rows.map((r) => [r.id, r]))
    return items.map((c) => {
      const numbers = m.to(c, 'speaks_to', 'indicator').map((i) => byId.get(i.item.id)!).map((r) => ({ ...r, words: plainWords(r, name) }))
      return { ...c, href: `/childrens-outcomes/${c.id}`, citation: citation(m, c), numbers, withData: numbers.filter((n) => n.valueNumber !== null).length }
    })
  }

  app.get('/childrens-outcomes', publicRoute, async (_req, reply) => {
    const m = await model()
    return page(reply, 'pages/childrens-outcomes.njk', m, { outcomes: await childrensOutcomes(m, m.items(primary(m).id, 'childrens_outcome')) })
  })

  app.get<{ Params: { id: string }; Querystring: Query }>('/childrens-outcomes/:id', publicRoute, async (req, reply) => {
    const m = await model()
    const item = lookup(m, 'childrens_outcome', req)
    const [outcome] = await childrensOutcomes(m, [item])
    return page(reply, 'pages/dashboard/childrens-outcome.njk', m, { outcome })
  })

  app.get('/indicators', publicRoute, async (_req, reply) => {
    const m = await model()
    const groups = m.strategies.flatMap((s) => {
      const indicators = m.items(s.id, 'indicator')
      const columns = [...m.items(s.id, 'outcome'), ...m.items(s.id, 'theme')]
      const grouped = columns
        .map((col) => ({
          ...linkTo(m, col),
          heading: `${s.detail.shortTitle}: ${col.detail.shortTitle ?? col.title}`,
          indicators: indicators.filter((i) => m.from(i).some((c) => (c.relation === 'in_column' || c.relation === 'in_theme') && c.item === col)).map((i) => indicatorRow(m, i)),
        }))
        .filter((g) => g.indicators.length)
      return grouped
    })
    return page(reply, 'pages/indicators.njk', m, { groups, total: m.ofKind('indicator').length })
  })

  app.get('/governance', publicRoute, async (_req, reply) => {
    const m = await model()
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
          { id: `governance-${s.id}`, title, description: `${own.length} bodies. ${described.map((d) => d.sentence).join(' ')}` },
        )
        return { id: s.id, heading: s.title, svg, bodies: described }
      })
      .filter((n) => n.bodies.length)
    return page(reply, 'pages/governance.njk', m, { networks })
  })

  app.get<{ Params: { id: string }; Querystring: Query }>('/governance/:id', publicRoute, async (req, reply) => {
    const m = await model()
    const body = lookup(m, 'body', req)
    return page(reply, 'pages/body.njk', m, {
      body: { ...body, citation: citation(m, body), ...bodySummary(m, body) },
      relationships: [...m.from(body), ...m.to(body)].map((c) => ({ label: c.label, relation: c.relation })),
      documents: links(m, m.to(body, 'key_document_of')),
    })
  })

  app.get('/strategies', publicRoute, async (_req, reply) => {
    const m = await model()
    return page(reply, 'pages/strategies.njk', m, { strategies: m.strategies.map((s) => strategyView(m, s)) })
  })

  app.get<{ Params: { strategyId: string } }>('/strategies/:strategyId', publicRoute, async (req, reply) => {
    const m = await model()
    const s = m.find('strategy', req.params.strategyId, req.params.strategyId)
    if (!s) throw new NotFound()
    const item = (i: Item) => ({ ...i, citation: citation(m, i) })
    const priorities = m.items(s.id, 'priority')
    return page(reply, 'pages/strategy.njk', m, {
      strategy: strategyView(m, s),
      vision: m.items(s.id, 'vision')[0],
      themes: m.items(s.id, 'theme').map((t) => ({ ...linkTo(m, t), id: t.id, outcomes: links(m, m.from(t, 'has_outcome')) })),
      outcomes: m.items(s.id, 'outcome').map((o) => ({ ...linkTo(m, o), shortTitle: o.detail.shortTitle })),
      principles: m.items(s.id, 'principle').map(item),
      priorities: priorities.map((p) => ({ ...linkTo(m, p), actions: m.to(p, 'delivers', 'action').map((c) => c.item) })),
      actionsWithoutPriority: m.items(s.id, 'action').filter((a) => !m.from(a, 'delivers', 'priority').length).map(item),
      lifeCourse: await lifeCourse(deps, m, s),
      lifeCourseDownloads: downloads(`/strategies/${s.id}/life-course`),
      indicators: m.items(s.id, 'indicator').map((i) => indicatorRow(m, i)),
      bodies: m.items(s.id, 'body').map((b) => linkTo(m, b)),
      documents: m.items(s.id, 'document').map(item),
    })
  })

  app.get<{ Params: { strategyId: string; id: string } }>('/strategies/:strategyId/themes/:id', publicRoute, async (req, reply) => {
    const m = await model()
    const theme = m.find('theme', req.params.id, req.params.strategyId)
    if (!theme) throw new NotFound()
    return page(reply, 'pages/theme.njk', m, {
      theme: { ...theme, citation: citation(m, theme) },
      strategy: linkTo(m, m.strategyOf(theme)),
      outcomes: m.from(theme, 'has_outcome').map((c) => ({
        ...linkTo(m, c.item),
        shortTitle: c.item.detail.shortTitle,
        intentions: m.children(c.item, 'intention').length,
      })),
      actions: links(m, m.to(theme, 'delivers', 'action')),
      indicators: await tableRows(m, theme, m.to(theme, 'in_theme', 'indicator').map((c) => c.item)),
    })
  })

  app.get('/case-for-change', publicRoute, async (_req, reply) => {
    const m = await model()
    return page(reply, 'pages/case-for-change.njk', m, {
      strategies: m.strategies
        .map((s) => ({
          ...linkTo(m, s),
          facts: m.items(s.id, 'fact').map((f) => ({ ...f, citation: citation(m, f), topics: links(m, m.from(f, 'about')) })),
        }))
        .filter((s) => s.facts.length),
    })
  })
}

function links(m: StrategyReadModel, connections: { item: Item }[]) {
  return connections.map((c) => linkTo(m, c.item))
}

function strategyView(m: StrategyReadModel, s: Item) {
  const period = s.detail.period as { start: string; end: string }
  return { ...linkTo(m, s), overviewHref: `/strategies/${s.id}`, subtitle: s.text, shortTitle: s.detail.shortTitle, partnership: s.detail.partnership, period, citation: citation(m, s) }
}

function indicatorRow(m: StrategyReadModel, indicator: Item) {
  const column = m.from(indicator, 'in_column')[0] ?? m.from(indicator, 'in_theme')[0]
  return {
    ...linkTo(m, indicator),
    column: column ? String(column.item.detail.shortTitle ?? column.item.title) : null,
    priorities: links(m, m.from(indicator, 'serves')),
  }
}

const relationWords: Record<string, [string, string]> = {
  reports_to: ['reports to', 'is reported to by'],
  subgroup_of: ['is a subgroup of', 'has the subgroup'],
  delivers_for: ['delivers for', 'has delivery by'],
  works_closely_with: ['works closely with', 'works closely with'],
}

/** A body's relationships in words, both directions: the diagram's text equivalent. */
function bodySummary(m: StrategyReadModel, body: Item) {
  const outgoing = m.from(body).map((c) => ({ words: relationWords[c.relation]?.[0] ?? c.relation, other: linkTo(m, c.item), label: c.label }))
  const incoming = m.to(body).filter((c) => c.item.kind === 'body').map((c) => ({ words: relationWords[c.relation]?.[1] ?? c.relation, other: linkTo(m, c.item), label: c.label }))
  const all = [...outgoing, ...incoming]
  const minMeetings = body.detail.minMeetingsPerYear as number | undefined
  const sentence =
    `${body.title}${body.detail.count ? ` (${body.detail.count})` : ''}` +
    (all.length ? ` ${all.map((r) => `${r.words} ${r.other.text}`).join('; ')}.` : '.') +
    (minMeetings ? ` It meets at least ${minMeetings} times a year.` : '')
  return { ...linkTo(m, body), bodyKind: body.detail.bodyKind, count: body.detail.count, minMeetings, description: body.text, relations: all, sentence }
}

