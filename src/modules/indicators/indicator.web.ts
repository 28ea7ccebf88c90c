/**
 * The indicator page: the turn-the-curve page for one indicator. Figures are read only through
 * disclosure control (public-data.ts); the charts, their tables and their downloads come from one
 * view model (indicator-page.ts), so they always agree.
 */
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { WebDeps } from '../module-deps.js'
import type { Database } from '../../db/database.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { citation, linkTo } from '../strategy/strategy.links.js'
import { goldenThread } from '../strategy/strategy.thread.js'
import { NotFound } from '../../web/render.js'
import { sendTable } from '../../web/table-download.js'
import { publicPoints, publicSummaries } from '../disclosure/public-data.js'
import { primarySuppression } from '../disclosure/disclosure.js'
import { actionsForIndicator } from '../delivery/delivery.service.js'
import { ENGLAND, LONDON, LONDON_BOROUGHS } from './summaries/summarise.js'
import { indicatorFigures } from './indicator-figures.js'
import { DATA_VIEWS, formatLongDate, indicatorPage, metadataRows, revisionNotes, type DataView, type ReplacedValue } from './indicator-page.js'
import { currentCommentary } from './commentary.service.js'
import { renderMarkdown } from './commentary.markdown.js'
import { canEditCommentary, commentaryRoutes } from './commentary.web.js'
import { OGL_ATTRIBUTION, needsOglAttribution, provenanceFor } from '../sources/source-provenance.js'
import { lastLoadedFor } from '../sources/sources.repository.js'
import { nextPeriod } from '../sources/coverage.js'

/** The partnership's own area when a strategy does not name one. */
const DEFAULT_AREA = 'E09000002'

type Query = { strategy?: string; type?: string }

export function indicatorRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Params: { id: string }; Querystring: Query }>('/indicators/:id', { config: { access: 'public' } }, async (req, reply) => {
    const m = await deps.strategies.readModel()
    const item = findIndicator(m, req.params.id, req.query.strategy)
    const strategy = m.strategyOf(item)
    const data = await loadFigures(deps, m, item)
    const page = data.page
    const [commentary, actions, revisions, loaded] = await Promise.all([
      currentCommentary(deps.db, item.id),
      data.known ? actionsForIndicator(deps.db, item.id) : Promise.resolve([]),
      data.known ? replacedValues(deps.db, item.id, data.primaryArea) : Promise.resolve([]),
      data.known ? lastLoadedFor(deps.db, item.id, data.primaryArea) : Promise.resolve(null),
    ])
    const provenance = provenanceFor(item.id)
    const figures = indicatorFigures(data.summaries, { unit: data.unit, primaryArea: data.primaryArea }).map((r) => ({
      ...r,
      source: data.documentTitle(r.source),
    }))
    // How fresh the primary area's figures are, and when the publisher's next ones are due.
    const latestPeriod = data.summaries.find((s) => s.areaCode === data.primaryArea)?.periodLabel ?? null
    const next = provenance?.yearly && latestPeriod ? nextPeriod(latestPeriod) : null
    const freshness = loaded
      ? `${page.areaName}'s figures were last loaded on ${formatLongDate(loaded)}.` +
        (next ? ` The publisher updates them yearly: the next are for ${next}.` : '')
      : null
    const hasData = data.points.length > 0 || data.summaries.length > 0
    const sections = [
      { id: 'latest', text: 'Latest figures' },
      { id: 'history', text: 'How it is changing' },
      { id: 'boroughs', text: 'Compared with other London boroughs' },
      { id: 'inequalities', text: 'Inequalities' },
      { id: 'story', text: 'The story behind the curve' },
      { id: 'revisions', text: 'Revisions' },
      { id: 'definition', text: 'Definition and source' },
      { id: 'golden-thread', text: 'Where it fits in the strategy' },
    ]
    const pagePath = linkTo(m, item).href
    return reply.page('pages/indicator.njk', {
      strategyName: m.strategies[0]?.detail.shortTitle,
      indicator: { ...item, citation: citation(m, item) },
      strategy: linkTo(m, strategy),
      thread: goldenThread(m, item),
      // The page's own address before the anchor: the contents work without script and from a cached copy.
      contents: sections.map((s) => ({ href: `${pagePath}#${s.id}`, text: s.text })),
      hasData,
      finding: page.finding,
      areaName: page.areaName,
      figures,
      freshness,
      provenance,
      attribution: needsOglAttribution(data.points.map((p) => p.source)) ? OGL_ATTRIBUTION : null,
      history: page.history,
      boroughs: page.boroughs,
      neighbourRanks: page.neighbourRanks,
      breakdowns: page.breakdowns,
      breakdownsReason: page.breakdownsReason,
      gaps: page.gaps,
      gapsReason: page.gapsReason,
      metadata: data.known ? metadataRows(data.meta) : [],
      known: data.known,
      commentary: commentary && {
        story: renderMarkdown(commentary.storyMd),
        partners: renderMarkdown(commentary.partnersMd),
        whatWorks: renderMarkdown(commentary.whatWorksMd),
        updated: formatLongDate(commentary.updatedAt),
      },
      canEditCommentary: data.known && canEditCommentary(req.user),
      commentaryHref: `/indicators/${item.id}/commentary${req.query.strategy ? `?strategy=${encodeURIComponent(req.query.strategy)}` : ''}`,
      actions,
      revisions: revisionNotes(
        revisions,
        data.points.filter((p) => p.areaCode === data.primaryArea),
        { unit: data.unit, suppressed: (c) => primarySuppression(c, deps.config.disclosureThreshold) !== null },
      ),
    })
  })

  app.get<{ Params: { id: string; file: string }; Querystring: Query }>('/indicators/:id/data/:file', { config: { access: 'public' } }, async (req, reply) => {
    const match = /^([a-z]+)\.(csv|json)$/.exec(req.params.file)
    const view = match?.[1] as DataView | undefined
    if (!match || !view || !DATA_VIEWS.includes(view)) throw new NotFound()
    const m = await deps.strategies.readModel()
    const item = findIndicator(m, req.params.id, req.query.strategy)
    const { page } = await loadFigures(deps, m, item)
    const table = page.download(view, req.query.type || undefined)
    if (!table) throw new NotFound()
    return sendTable(reply, match[2] as 'csv' | 'json', table)
  })

  commentaryRoutes(app, deps)
}

export function findIndicator(m: StrategyReadModel, id: string, strategyId?: string): Item {
  const item = m.find('indicator', id, strategyId)
  if (!item) throw new NotFound()
  return item
}

/** Everything the figures need, read through disclosure control, and the view model built from it. */
async function loadFigures(deps: WebDeps, m: StrategyReadModel, item: Item) {
  const { db } = deps
  const threshold = deps.config.disclosureThreshold
  const strategy = m.strategyOf(item)
  const primaryArea = String(strategy.detail.areaCode ?? DEFAULT_AREA)
  const [row, groupRows] = await Promise.all([
    db.selectFrom('indicators').select(['id', 'name', 'metadata']).where('id', '=', item.id).executeTakeFirst(),
    db.selectFrom('comparator_groups').select('area_code').where('group_id', '=', LONDON_BOROUGHS).execute(),
  ])
  const meta = (row ? (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) : {}) as Record<string, unknown>
  const boroughs = new Set(groupRows.map((g) => g.area_code))
  const areaCodes = [...new Set([primaryArea, LONDON, ENGLAND, ...boroughs])]
  const [points, summaries] = row
    ? await Promise.all([
        publicPoints(db, threshold, { indicatorIds: [item.id], areaCodes }),
        publicSummaries(db, threshold, { indicatorIds: [item.id], areaCodes }),
      ])
    : [[], []]

  // A figure quoted from a strategy's source document names the document, not its file.
  const titles = new Map(
    m.strategies.flatMap((s) => ((s.detail.sources ?? []) as { file: string; title: string }[]).map((d) => [d.file, d.title] as const)),
  )
  const documentTitle = (source: string) => titles.get(source) ?? source
  const sources = [...new Set(points.map((p) => documentTitle(p.source)))]
  const dataSource = typeof meta.data_source === 'string' && meta.data_source !== 'tbc' ? meta.data_source : null
  const unit = typeof meta.unit === 'string' && meta.unit !== 'tbc' ? meta.unit : ''

  const base = `/indicators/${encodeURIComponent(item.id)}/data`
  const ambiguous = m.ambiguous(item)
  const page = indicatorPage({
    indicator: {
      id: item.id,
      name: row?.name ?? item.title,
      unit,
      valueType: String(meta.value_type ?? 'tbc'),
      ciMethod: String(meta.ci_method ?? 'tbc'),
      multiplier: typeof meta.multiplier === 'number' ? meta.multiplier : null,
      source: [dataSource, ...sources.filter((s) => s !== dataSource)].filter(Boolean).join('; '),
    },
    primaryArea,
    boroughs,
    points,
    summaries,
    dataHref: (view, format, type) => {
      const query = new URLSearchParams()
      if (ambiguous) query.set('strategy', item.strategyId)
      if (type) query.set('type', type)
      const q = query.toString()
      return `${base}/${view}.${format}${q ? `?${q}` : ''}`
    },
  })
  return { known: row !== undefined, meta, unit, primaryArea, points, summaries, page, documentTitle }
}

/** The primary area's replaced values, each with the value that replaced it. */
async function replacedValues(db: Kysely<Database>, indicatorId: string, areaCode: string): Promise<ReplacedValue[]> {
  const rows = await db
    .selectFrom('data_points as earlier')
    .innerJoin('data_points as later', (j) =>
      j
        .onRef('later.indicator_id', '=', 'earlier.indicator_id')
        .onRef('later.area_code', '=', 'earlier.area_code')
        .onRef('later.period_key', '=', 'earlier.period_key')
        .onRef('later.sex', '=', 'earlier.sex')
        .onRef('later.age', '=', 'earlier.age')
        .onRef('later.category_type', '=', 'earlier.category_type')
        .onRef('later.category', '=', 'earlier.category')
        .onRef('later.import_batch_id', '=', 'earlier.replaced_by_batch_id'),
    )
    .select([
      'earlier.period_key',
      'earlier.period_label',
      'earlier.sex',
      'earlier.age',
      'earlier.category_type',
      'earlier.category',
      'earlier.value as old_value',
      'earlier.count as old_count',
      'earlier.denominator as old_denominator',
      'earlier.replaced_at',
      'later.value as new_value',
      'later.count as new_count',
      'later.denominator as new_denominator',
    ])
    .where('earlier.indicator_id', '=', indicatorId)
    .where('earlier.area_code', '=', areaCode)
    .where('earlier.replaced_at', 'is not', null)
    .execute()
  return rows.map((r) => ({
    periodKey: r.period_key,
    periodLabel: r.period_label,
    sex: r.sex,
    age: r.age,
    categoryType: r.category_type,
    category: r.category,
    oldValue: r.old_value,
    oldCount: r.old_count,
    oldDenominator: r.old_denominator,
    newValue: r.new_value,
    newCount: r.new_count,
    newDenominator: r.new_denominator,
    replacedAt: new Date(r.replaced_at!),
  }))
}
