/**
 * Action plans on the web. Reading is public (open reporting of progress); owners change their own
 * organisation's actions, administrators any (accounts/access.ts). Forms work without JavaScript:
 * errors re-render with 400 and what was typed, success redirects (303).
 *
 * Pages that say "overdue" or "no update for N weeks" depend on today's date as well as the data;
 * the page cache keys on both. Forms are never kept (signed-in pages are not cached).
 *
 * The routes are small named functions, each registering a few routes: the list and its open data
 * here, the add and edit form in delivery.form.web.ts, the action's page with its milestones and
 * progress updates in delivery.page.web.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { sendTable, type DownloadFormat } from '../../web/table-download.js'
import { canAddOrganisationRecords } from '../accounts/access.js'
import { listOrganisations } from '../accounts/organisations.js'
import { actionStatuses, isOverdue, isStale, STALE_WEEKS, statusInfo } from './delivery.domain.js'
import { findActions, indicatorIdsOf } from './delivery.repository.js'
import { groupByPlan, planName } from './delivery.views.js'
import { actionsTable } from './delivery.download.js'
import { filteredActions, publicRoute, type ListQuery } from './delivery.web-shared.js'
import { actionFormRoutes } from './delivery.form.web.js'
import { actionPageRoutes, milestoneRoutes, progressUpdateRoutes } from './delivery.page.web.js'

export function deliveryRoutes(app: FastifyInstance, deps: WebDeps) {
  actionListRoutes(app, deps)
  actionDownloadRoutes(app, deps)
  actionFormRoutes(app, deps)
  actionPageRoutes(app, deps)
  milestoneRoutes(app, deps)
  progressUpdateRoutes(app, deps)
}

/** The query string of the filters chosen, for the download links. */
const searchOf = (q: ListQuery) =>
  new URLSearchParams(
    Object.entries(q).filter(([, v]) => typeof v === 'string' && v !== '') as [string, string][],
  ).toString()

/** GET /actions: every current action, grouped by delivery plan, with filters. */
export function actionListRoutes(app: FastifyInstance, { db, strategies }: WebDeps) {
  app.get<{ Querystring: ListQuery }>('/actions', publicRoute, async (req, reply) => {
    const m = await strategies.readModel()
    const { today, records } = await filteredActions(db, req.query)
    const allPlans = [
      ...new Set((await findActions(db)).map((r) => r.deliveryPlan).filter((p): p is string => p !== null)),
    ]
    const organisations = await listOrganisations(db)
    const q = req.query
    const search = searchOf(q)
    return reply.page('pages/actions/index.njk', {
      navActive: 'actions',
      groups: groupByPlan(m, records, today),
      total: records.length,
      overdueCount: records.filter((r) => isOverdue(r, today)).length,
      staleCount: records.filter((r) => isStale(r, today)).length,
      staleWeeks: STALE_WEEKS,
      filtered: Boolean(search),
      filters: {
        organisationItems: [
          { value: '', text: 'All organisations' },
          ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === q.organisation })),
        ],
        statusItems: [
          { value: '', text: 'Any status' },
          ...actionStatuses.map((s) => ({ value: s, text: statusInfo[s].label, selected: s === q.status })),
        ],
        planItems: [
          { value: '', text: 'All delivery plans' },
          ...allPlans
            .map((p) => ({ value: p, text: planName(m, p), selected: p === q.plan }))
            .sort((a, b) => a.text.localeCompare(b.text)),
        ],
        overdueItems: [{ value: 'yes', text: 'Only overdue actions', checked: q.overdue === 'yes' }],
      },
      downloads: {
        csv: `/actions.csv${search ? `?${search}` : ''}`,
        json: `/actions.json${search ? `?${search}` : ''}`,
      },
      canAdd: canAddOrganisationRecords(req.user),
    })
  })
}

/** GET /actions.csv and /actions.json: the list's actions as open data, with the same filters. */
export function actionDownloadRoutes(app: FastifyInstance, { db, strategies }: WebDeps) {
  for (const format of ['csv', 'json'] as DownloadFormat[]) {
    app.get<{ Querystring: ListQuery }>(`/actions.${format}`, publicRoute, async (req, reply) => {
      const m = await strategies.readModel()
      const { today, records } = await filteredActions(db, req.query)
      const links = await indicatorIdsOf(
        db,
        records.map((r) => r.id),
      )
      return sendTable(reply, format, actionsTable(m, records, links, today))
    })
  }
}
