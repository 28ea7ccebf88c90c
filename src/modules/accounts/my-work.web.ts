/** Where a partner lands after signing in: their organisation's actions and risks, and what their role can do. */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { actionsForOrganisation } from '../delivery/delivery.service.js'
import { risksForOrganisation } from '../risks/risks.service.js'
import { roleNames } from './access.js'

export function myWorkRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/my-work', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!
    const organisation = user.organisationId
      ? await deps.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', user.organisationId).executeTakeFirst()
      : undefined
    const [actions, risks] = organisation ? await Promise.all([actionsForOrganisation(deps.db, organisation.id), risksForOrganisation(deps.db, organisation.id)]) : [[], []]
    return reply.header('cache-control', 'no-store').page('pages/my-work.njk', {
      navActive: 'my-work',
      roleName: roleNames[user.role],
      organisation,
      actions,
      risks,
      overdue: actions.filter((a) => a.overdue).length,
    })
  })
}
