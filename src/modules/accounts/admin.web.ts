/** Administrators manage accounts on the web as at the command line: list, add, reset, disable. */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { webActor } from '../../db/changes/actor.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { isRecordId } from '../../lib/ids.js'
import { needsOrganisation, roleNames, roles, type SessionUser } from './access.js'
import { accountChoices, adminUserRoutes } from './admin-user.web.js'
import { findUserById, type UserListing } from './users.repository.js'
import { addUser, isDisabledAccount, listUsers, ORGANISATION_NEEDED, resetPassword } from './users.service.js'

const adminOnly = { config: { access: ['administrator'] as const } }
type IdParams = { Params: { id: string } }

const userForm = z
  .object({
    email: z.string().trim().min(1, 'Enter an email address'),
    displayName: z.string().trim().min(1, 'Enter a display name, such as the person’s job title'),
    role: z.enum(roles, { message: 'Select a role' }),
    organisationId: z.string().trim().optional(),
  })
  .refine((u) => !needsOrganisation(u.role) || Boolean(u.organisationId), {
    message: ORGANISATION_NEEDED,
    path: ['organisationId'],
  })

/** The banner after a change to an account. */
const SAVED: Record<string, string> = {
  changed: 'Account changed',
  unchanged: 'Nothing was changed',
  disabled: 'Account disabled',
}

/** A new password, shown once on the page that follows, for the administrator to pass on securely. */
const newPassword = () => randomBytes(18).toString('base64url')

/** The signed-in administrator, as the audit trail names them. */
const adminActor = (user: SessionUser | null) => webActor(user!)

function userState(u: UserListing, now: Date): string {
  if (u.disabledAt) return 'Disabled'
  return u.lockedUntil && u.lockedUntil > now ? 'Locked' : 'Active'
}

function listUsersRoute(app: FastifyInstance, { db }: WebDeps) {
  app.get<{ Querystring: { saved?: string } }>('/admin/users', adminOnly, async (req, reply) => {
    const now = new Date()
    const users = (await listUsers(db)).map((u) => ({
      ...u,
      roleName: roleNames[u.role as keyof typeof roleNames] ?? u.role,
      state: userState(u, now),
    }))
    const saved = req.query.saved ? SAVED[req.query.saved] : undefined
    return reply.page('pages/admin/users.njk', { navActive: 'users', users, saved })
  })
}

async function newUserView(
  deps: WebDeps,
  errors: FormErrors,
  values: Record<string, unknown>,
  disabledAccount?: { id: string; email: string },
) {
  return { navActive: 'users', errors, values, disabledAccount, ...(await accountChoices(deps, values)) }
}

const showPassword = (reply: FastifyReply, email: string, password: string, added: boolean) =>
  reply
    .header('cache-control', 'no-store')
    .page('pages/admin/user-password.njk', { navActive: 'users', email, password, added })

function addUserRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/admin/users/new', adminOnly, async (_req, reply) =>
    reply.page('pages/admin/user-new.njk', await newUserView(deps, noErrors, {})),
  )

  app.post('/admin/users/new', adminOnly, async (req, reply) => {
    const parsed = userForm.safeParse(req.body)
    if (!parsed.success)
      return reply
        .code(400)
        .page(
          'pages/admin/user-new.njk',
          await newUserView(deps, formErrors(parsed.error), req.body as Record<string, unknown>),
        )
    if (await isDisabledAccount(deps.db, parsed.data.email)) {
      const existing = await findUserByEmailOf(deps, parsed.data.email)
      const text = `The account for ${parsed.data.email} is disabled. Re-enable it instead of adding it again`
      return reply
        .code(400)
        .page('pages/admin/user-new.njk', await newUserView(deps, fieldError('email', text), parsed.data, existing))
    }
    const password = newPassword()
    try {
      const user = await addUser(
        deps.db,
        { ...parsed.data, organisationId: parsed.data.organisationId || null, password },
        adminActor(req.user),
      )
      return showPassword(reply, user.email, password, true)
    } catch (error) {
      const message = (error as Error).message
      const field = /organisation/i.test(message) ? 'organisationId' : 'email'
      const text = message.replace(/^./, (c) => c.toUpperCase())
      return reply
        .code(400)
        .page('pages/admin/user-new.njk', await newUserView(deps, fieldError(field, text), parsed.data))
    }
  })
}

/** The account the URL names, or 404. */
async function userFromParams({ db }: WebDeps, id: string) {
  const user = isRecordId(id) ? await findUserById(db, id) : undefined
  if (!user) throw new NotFound()
  return user
}

/** The disabled account an add named, for the page's offer to re-enable it. */
async function findUserByEmailOf({ db }: WebDeps, email: string) {
  return (await listUsers(db)).find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
}

function resetRoute(app: FastifyInstance, deps: WebDeps) {
  app.post<IdParams>('/admin/users/:id/reset', adminOnly, async (req, reply) => {
    const user = await userFromParams(deps, req.params.id)
    const password = newPassword()
    await resetPassword(deps.db, user.email, password, adminActor(req.user))
    return showPassword(reply, user.email, password, false)
  })
}

export function adminRoutes(app: FastifyInstance, deps: WebDeps) {
  listUsersRoute(app, deps)
  addUserRoutes(app, deps)
  resetRoute(app, deps)
  adminUserRoutes(app, deps)
}
