/** Administrators manage accounts on the web as at the command line: list, add, reset, disable. */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { webActor } from '../../db/changes/actor.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { isRecordId } from '../../lib/ids.js'
import { roleNames, roles, type SessionUser } from './access.js'
import { listOrganisations } from './organisations.repository.js'
import { findUserById, type UserListing } from './users.repository.js'
import { addUser, disableUser, listUsers, resetPassword } from './users.service.js'

const adminOnly = { config: { access: ['administrator'] as const } }
type IdParams = { Params: { id: string } }

const userForm = z.object({
  email: z.string().trim().min(1, 'Enter an email address'),
  displayName: z.string().trim().min(1, 'Enter a display name, such as the person’s job title'),
  role: z.enum(roles, { message: 'Select a role' }),
  organisationId: z.string().trim().optional(),
})

/** A new password, shown once on the page that follows, for the administrator to pass on securely. */
const newPassword = () => randomBytes(18).toString('base64url')

/** The signed-in administrator, as the audit trail names them. */
const adminActor = (user: SessionUser | null) => webActor(user!)

function userState(u: UserListing, now: Date): string {
  if (u.disabledAt) return 'Disabled'
  return u.lockedUntil && u.lockedUntil > now ? 'Locked' : 'Active'
}

function listUsersRoute(app: FastifyInstance, { db }: WebDeps) {
  app.get('/admin/users', adminOnly, async (_req, reply) => {
    const now = new Date()
    const users = (await listUsers(db)).map((u) => ({ ...u, roleName: roleNames[u.role as keyof typeof roleNames] ?? u.role, state: userState(u, now) }))
    return reply.page('pages/admin/users.njk', { navActive: 'users', users })
  })
}

async function newUserView({ db }: WebDeps, errors: FormErrors, values: Record<string, unknown>) {
  const organisations = await listOrganisations(db)
  return {
    navActive: 'users',
    errors,
    values,
    roleItems: roles.map((r) => ({ value: r, text: roleNames[r], checked: r === values.role })),
    organisations: [{ value: '', text: 'None' }, ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId }))],
  }
}

const showPassword = (reply: FastifyReply, email: string, password: string, added: boolean) =>
  reply.header('cache-control', 'no-store').page('pages/admin/user-password.njk', { navActive: 'users', email, password, added })

function addUserRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/admin/users/new', adminOnly, async (_req, reply) => reply.page('pages/admin/user-new.njk', await newUserView(deps, noErrors, {})))

  app.post('/admin/users/new', adminOnly, async (req, reply) => {
    const parsed = userForm.safeParse(req.body)
    if (!parsed.success) return reply.code(400).page('pages/admin/user-new.njk', await newUserView(deps, formErrors(parsed.error), req.body as Record<string, unknown>))
    const password = newPassword()
    try {
      const user = await addUser(deps.db, { ...parsed.data, organisationId: parsed.data.organisationId || null, password }, adminActor(req.user))
      return showPassword(reply, user.email, password, true)
    } catch (error) {
      const message = (error as Error).message
      const field = /organisation/i.test(message) ? 'organisationId' : 'email'
      const text = message.replace(/^./, (c) => c.toUpperCase())
      return reply.code(400).page('pages/admin/user-new.njk', await newUserView(deps, fieldError(field, text), parsed.data))
    }
  })
}

/** The account the URL names, or 404. */
async function userFromParams({ db }: WebDeps, id: string) {
  const user = isRecordId(id) ? await findUserById(db, id) : undefined
  if (!user) throw new NotFound()
  return user
}

function resetAndDisableRoutes(app: FastifyInstance, deps: WebDeps) {
  app.post<IdParams>('/admin/users/:id/reset', adminOnly, async (req, reply) => {
    const user = await userFromParams(deps, req.params.id)
    const password = newPassword()
    await resetPassword(deps.db, user.email, password, adminActor(req.user))
    return showPassword(reply, user.email, password, false)
  })

  app.post<IdParams>('/admin/users/:id/disable', adminOnly, async (req, reply) => {
    const user = await userFromParams(deps, req.params.id)
    await disableUser(deps.db, user.email, adminActor(req.user))
    return reply.redirect('/admin/users', 303)
  })
}

export function adminRoutes(app: FastifyInstance, deps: WebDeps) {
  listUsersRoute(app, deps)
  addUserRoutes(app, deps)
  resetAndDisableRoutes(app, deps)
}
