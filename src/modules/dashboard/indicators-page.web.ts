/**
 * /indicators: the full indicator table with figures, moved off the overview. Filterable and
 * sortable through query parameters (no JavaScript needed); indicators with no data yet are shown
 * only when asked for, so the table leads with what can be read.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { pageContext, primaryStrategy } from '../strategy/strategy.views.js'
import { itemIndicatorRows } from './dashboard.service.js'
import { overview, overviewIndicators } from './overview.js'
import { listRows, parseListOptions, sorts, trends } from './indicator-list.js'
import { sightFor } from '../disclosure/visibility.js'

const options = (entries: Record<string, string>, selected: string | null, any: string | null) => [
  ...(any === null ? [] : [{ value: '', text: any, selected: selected === null }]),
  ...Object.entries(entries).map(([value, text]) => ({ value, text, selected: value === selected })),
]

export function indicatorsPageRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Querystring: Record<string, string> }>(
    '/indicators',
    { config: { access: 'public' } },
    async (req, reply) => {
      const m = (await sightFor(deps, req.user)).model
      const s = primaryStrategy(m)
      const rows = await itemIndicatorRows(deps, m, s, overviewIndicators(m, s))
      const view = overview(m, s, rows, req.query)
      const list = parseListOptions(req.query)
      const shown = listRows(view.rows, list)
      return reply.page(
        'pages/dashboard/indicators.njk',
        pageContext(m, {
          overview: view,
          rows: shown,
          withData: rows.filter((r) => r.status !== 'no-data').length,
          list,
          filtered: view.filtered || list.all || list.trend !== null,
          listForm: {
            data: [{ value: 'all', text: 'Include indicators with no data yet', checked: list.all }],
            trend: options(trends, list.trend, 'Any trend'),
            sort: options(sorts, list.sort, null),
          },
          trendWords: list.trend ? trends[list.trend] : null,
        }),
      )
    },
  )
}
