/**
 * /area-profile: the borough's profile across every indicator with a figure, as a spine chart (wide
 * and narrow, chosen by CSS), its table and a sentence of the position. Figures only through the
 * public read layer, so a suppressed figure stays suppressed here too.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { spineChart } from '../charts/index.js'
import { seenSummaries, sightFor } from '../disclosure/visibility.js'
import { findIndicators } from '../indicators/indicators.repository.js'
import { valueFormatOf } from '../indicators/value-format.js'
import { linkTo } from '../strategy/strategy.links.js'
import { pageContext, primaryStrategy } from '../strategy/strategy.views.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { areaName, strategyArea } from './dashboard.service.js'
import { overviewIndicators } from './overview.js'
import { areaProfileRows, profileSummary, type ProfileIndicator, type ProfileRow } from './area-profile.js'

/** The overview's indicators with what the profile needs of their metadata. */
async function profileIndicators(deps: WebDeps, m: StrategyReadModel): Promise<ProfileIndicator[]> {
  const items = overviewIndicators(m, primaryStrategy(m))
  const records = new Map(
    (
      await findIndicators(
        deps.db,
        items.map((i) => i.id),
      )
    ).map((r) => [r.id, r]),
  )
  return items.flatMap((item) => {
    const record = records.get(item.id)
    if (!record) return []
    const link = linkTo(m, item)
    return [
      {
        id: item.id,
        name: item.title,
        href: link.href,
        polarity: record.metadata.polarity,
        format: valueFormatOf(record.metadata),
      },
    ]
  })
}

/** The table alternative's rows as plain data: the template builds the cells, escaping each. */
const tableRows = (rows: readonly ProfileRow[]) =>
  rows.map((r) => ({
    href: r.indicator.href,
    name: r.indicator.name,
    breakdown: r.breakdown,
    period: r.period,
    ...r.cells,
  }))

export function areaProfileRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/area-profile', { config: { access: 'public' } }, async (req, reply) => {
    const sight = await sightFor(deps, req.user)
    const m = sight.model
    const code = strategyArea(primaryStrategy(m))
    const indicators = await profileIndicators(deps, m)
    const [summaries, name] = await Promise.all([
      seenSummaries(deps.db, deps.config.disclosureThreshold, sight, { indicatorIds: indicators.map((i) => i.id) }),
      areaName(deps.db, code),
    ])
    const rows = areaProfileRows(code, indicators, summaries)
    const summary = profileSummary(name, rows)
    const spec = {
      id: 'chart-area-profile',
      title: `${name} compared with England, indicator by indicator`,
      summary: `${summary} Each row's bar runs from the lowest to the highest value among English local authorities, darker between the 25th and 75th percentiles; England is the centre line and the better end is on the right. The table below gives every figure.`,
      benchmarkName: 'England',
      rows: rows.map((r) => r.chart),
    }
    return reply.page(
      'pages/dashboard/area-profile.njk',
      pageContext(m, {
        areaName: name,
        summary,
        count: rows.length,
        svg: rows.length ? spineChart(spec) : null,
        svgNarrow: rows.length ? spineChart({ ...spec, layout: 'narrow' }) : null,
        tableRows: tableRows(rows),
      }),
    )
  })
}
