/**
 * Where a partner lands after signing in: what their role has to do, most urgent first. A module of
 * its own because it reads delivery, risks, indicators and boards, which themselves use accounts:
 * kept in accounts, it made the modules depend on each other in a circle.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { roleNames } from '../accounts/access.js'
import { findOrganisation } from '../accounts/organisations.js'
import { analystWork, boardMemberWork, ownerWork } from './my-work.service.js'

export function myWorkRoutes(app: FastifyInstance, { db, strategies }: WebDeps) {
  app.get('/my-work', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!
    const organisation = user.organisationId ? await findOrganisation(db, user.organisationId) : undefined
    const isAdmin = user.role === 'administrator'
    const [owner, analyst, board] = await Promise.all([
      organisation && (isAdmin || user.role === 'owner') ? ownerWork(db, organisation.id) : null,
      isAdmin || user.role === 'analyst' ? analystWork(db, user) : null,
      organisation && user.role === 'board_member'
        ? boardMemberWork(db, await strategies.readModel(), organisation.id)
        : null,
    ])
    return reply.header('cache-control', 'no-store').page('pages/my-work.njk', {
      navActive: 'my-work',
      roleName: roleNames[user.role],
      organisation,
      actions: owner?.actions ?? [],
      risks: owner?.risks ?? [],
      overdue: owner?.overdue ?? 0,
      dueUpdate: owner?.dueUpdate ?? 0,
      analyst,
      board,
    })
  })
}
