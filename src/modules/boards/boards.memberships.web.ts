/**
 * A board's memberships, administrators only: who sits on it (a role and an organisation, never a
 * person), added with their dates, and ended on a date rather than deleted.
 */
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import { fieldError, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { webActor } from '../../db/changes/actor.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { formatDate, partsOf, todayInLondon } from '../../lib/dates.js'
import { isCurrentMembership, memberKindNames, memberKinds } from './boards.domain.js'
import { errorsWithDates, membershipForm, withDates } from './boards.forms.js'
import { findMembership, listMemberships } from './boards.repository.js'
import { addMembership, endMembership } from './boards.service.js'
import { boardHref, boardView, membershipView } from './boards.view.js'
import {
  administrators,
  boardCrumbs,
  findBoard,
  organisationExists,
  organisationItems,
  refOf,
  type BoardRoute,
} from './boards.web-shared.js'

const PAGE = 'pages/boards/memberships.njk'

async function membershipsPage(
  db: Kysely<Database>,
  m: StrategyReadModel,
  board: Item,
  errors: FormErrors,
  values: Record<string, unknown>,
) {
  const memberships = await listMemberships(db, refOf(board))
  const today = todayInLondon()
  return {
    navActive: 'boards',
    breadcrumbs: boardCrumbs(m, board),
    board: boardView(m, board),
    memberships: memberships.map((x) => ({
      ...membershipView(x),
      ended: x.toDate !== null && x.toDate <= today,
      current: isCurrentMembership(x, today),
      endHref: boardHref(m, board, `/memberships/${x.id}/end`),
    })),
    errors,
    values,
    organisations: await organisationItems(db, values.organisationId),
    kindItems: memberKinds.map((k) => ({ value: k, text: memberKindNames[k], checked: k === values.memberKind })),
  }
}

/** /boards/:id/memberships: the list and the form to add one; /boards/:id/memberships/:mid/end ends one today. */
export function membershipRoutes(app: FastifyInstance, { db, strategies }: WebDeps) {
  app.get<BoardRoute>('/boards/:id/memberships', administrators, async (req, reply) => {
    const m = await strategies.readModel()
    const board = findBoard(m, req)
    return reply.page(
      PAGE,
      await membershipsPage(db, m, board, noErrors, { fromDate: partsOf(todayInLondon()), toDate: partsOf(null) }),
    )
  })

  app.post<BoardRoute>('/boards/:id/memberships', administrators, async (req, reply) => {
    const m = await strategies.readModel()
    const board = findBoard(m, req)
    const dates = ['fromDate', 'toDate']
    const input = withDates(req.body, dates)
    const fail = async (errors: FormErrors) =>
      reply.code(400).page(PAGE, await membershipsPage(db, m, board, errors, input))
    const parsed = membershipForm.safeParse(input)
    if (!parsed.success) return fail(errorsWithDates(parsed.error, dates))
    if (!(await organisationExists(db, parsed.data.organisationId)))
      return fail(fieldError('organisationId', 'Select the organisation'))
    await addMembership(db, refOf(board), parsed.data, webActor(req.user!))
    return reply.redirect(boardHref(m, board, '/memberships'), 303)
  })

  app.post<{ Params: { id: string; mid: string }; Querystring: { strategy?: string } }>(
    '/boards/:id/memberships/:mid/end',
    administrators,
    async (req, reply) => {
      const m = await strategies.readModel()
      const board = findBoard(m, req)
      const membership = await findMembership(db, req.params.mid)
      if (!membership || membership.strategyId !== board.strategyId || membership.boardId !== board.id)
        throw new NotFound()
      const today = todayInLondon()
      if (membership.fromDate > today) {
        const values = { fromDate: partsOf(today), toDate: partsOf(null) }
        const error = fieldError(
          `end-${membership.id}`,
          `The membership of ${membership.roleTitle} starts on ${formatDate(membership.fromDate)}, so it cannot end today`,
        )
        return reply.code(400).page(PAGE, await membershipsPage(db, m, board, error, values))
      }
      if (membership.toDate === null || membership.toDate > today)
        await endMembership(db, membership.id, today, webActor(req.user!))
      return reply.redirect(boardHref(m, board, '/memberships'), 303)
    },
  )
}
