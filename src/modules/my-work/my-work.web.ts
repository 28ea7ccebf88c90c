/**
 * Where a partner lands after signing in: their organisation's actions and risks, and what their
 * role can do. A module of its own because it reads delivery and risks, which themselves use
 * accounts: kept in accounts, it made the modules depend on each other in a circle.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { roleNames } from '../accounts/access.js'
import { findOrganisation } from '../accounts/organisations.js'
import { actionsForOrganisation } from '../delivery/delivery.service.js'
import { risksForOrganisation } from '../risks/risks.service.js'

export function myWorkRoutes(app: FastifyInstance, { db }: WebDeps) {
  app.get('/my-work', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!
    const organisation = user.organisationId ? await findOrganisation(db, user.organisationId) : undefined
    const [actions, risks] = organisation ? await Promise.all([actionsForOrganisation(db, organisation.id), risksForOrganisation(db, organisation.id)]) : [[], []]
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
