/**
 * /coverage, and its CSV and JSON: every indicator's source, exact or proxy, latest period, when it
 * was loaded, when the next figures are due, and why an indicator has no public source. Its "No
 * data yet" count is the overview's: the same figures (figuresFor) for the same indicators. The rows
 * are the sources module's (coverage.ts); the page lives with the dashboard whose figures it counts.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { sendTable } from '../../web/table-download.js'
import { figuresFor } from './figures.js'
import { overviewIndicators } from './overview.js'
import { areaName, strategyArea } from './dashboard.service.js'
import { formatLongDate } from '../../lib/dates.js'
import { linkTo } from '../strategy/strategy.links.js'
import { allIndicators, lastLoaded } from '../sources/sources.repository.js'
import { coverageCounts, coverageDownload, coverageRows } from '../sources/coverage.js'
import { OGL_ATTRIBUTION, sourceMappings } from '../sources/source-provenance.js'
import { sightFor } from '../disclosure/visibility.js'
import type { SessionUser } from '../accounts/access.js'

/** Every indicator's coverage row for the primary strategy's area, and the area's name. */
async function coverage(deps: WebDeps, user: SessionUser | null) {
  const sight = await sightFor(deps, user)
  const m = sight.model
  const s = m.strategies[0]
  if (!s) throw new NotFound('No strategy has been loaded yet')
  const area = strategyArea(s)
  // Restricted indicators the viewer may not see are absent, as from every list (disclosure/visibility.ts).
  const indicators = (await allIndicators(deps.db)).filter((i) => sight.canSee(i.id))
  const [figures, loaded, name] = await Promise.all([
    figuresFor(
      deps.db,
      deps.config.disclosureThreshold,
      indicators.map((i) => i.id),
      area,
      sight,
    ),
    lastLoaded(deps.db, area),
    areaName(deps.db, area),
  ])
  const rows = coverageRows({
    indicators,
    mappings: sourceMappings(),
    latest: new Map(indicators.map((i) => [i.id, figures.get(i.id)?.headline?.periodLabel ?? null])),
    loaded,
    onOverview: new Set(overviewIndicators(m, s).map((i) => i.id)),
    href: (id) => {
      const item = m.find('indicator', id)
      return item ? linkTo(m, item).href : null
    },
    formatDate: formatLongDate,
  })
  return { m, rows, name }
}

function coveragePageRoute(app: FastifyInstance, deps: WebDeps) {
  app.get('/coverage', { config: { access: 'public' } }, async (req, reply) => {
    const { m, rows, name } = await coverage(deps, req.user)
    return reply.page('pages/coverage.njk', {
      strategyName: m.strategies[0]?.detail.shortTitle,
      areaName: name,
      rows,
      counts: coverageCounts(rows),
      attribution: OGL_ATTRIBUTION,
    })
  })
}

function coverageDownloadRoutes(app: FastifyInstance, deps: WebDeps) {
  for (const format of ['csv', 'json'] as const) {
    app.get(`/coverage.${format}`, { config: { access: 'public' } }, async (req, reply) => {
      const { rows, name } = await coverage(deps, req.user)
      return sendTable(reply, format, coverageDownload(rows, name))
    })
  }
}

export function coverageRoutes(app: FastifyInstance, deps: WebDeps) {
  coveragePageRoute(app, deps)
  coverageDownloadRoutes(app, deps)
}
