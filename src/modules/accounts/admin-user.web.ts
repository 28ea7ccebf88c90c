/**
 * An administrator's changes to one account: its name, role and organisation; disabling it (after
 * a confirmation page, so it works without JavaScript) and re-enabling it with a new password.
 * Each change is audited through the users service with the administrator as a web actor.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { webActor } from '../../db/changes/actor.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { isRecordId } from '../../lib/ids.js'
import { needsOrganisation, roleNames, roles, type SessionUser } from './access.js'
import { listOrganisations } from './organisations.repository.js'
import { findStoredUserById, type StoredUser } from './users.repository.js'
import { changeUser, disableUser, enableUser, ORGANISATION_NEEDED, resetPassword } from './users.service.js'

const adminOnly = { config: { access: ['administrator'] as const } }
type IdParams = { Params: { id: string } }

export const changeUserForm = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(1, 'Enter a display name, such as the person’s job title')
      .max(200, 'Display name must be 200 characters or fewer'),
    role: z.enum(roles, { message: 'Select a role' }),
    organisationId: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null),
  })
  .refine((u) => !needsOrganisation(u.role) || u.organisationId !== null, {
    message: ORGANISATION_NEEDED,
    path: ['organisationId'],
  })

const adminActor = (user: SessionUser | null) => webActor(user!)
const newPassword = () => randomBytes(18).toString('base64url')

/** The account the URL names, or 404. */
async function accountOf({ db }: WebDeps, id: string): Promise<StoredUser> {
  const user = isRecordId(id) ? await findStoredUserById(db, id) : undefined
  if (!user) throw new NotFound()
  return user
}

/** Radios and organisation choices for an account's form, with what is chosen. */
export async function accountChoices({ db }: WebDeps, values: Record<string, unknown>) {
  const organisations = await listOrganisations(db)
  return {
    roleItems: roles.map((r) => ({ value: r, text: roleNames[r], checked: r === values.role })),
    organisations: [
      { value: '', text: 'None' },
      ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
    ],
  }
}

async function changeView(deps: WebDeps, account: StoredUser, errors: FormErrors, values: Record<string, unknown>) {
  return {
    navActive: 'users',
    breadcrumbs: [{ text: 'Users', href: '/admin/users' }],
    account,
    errors,
    values,
    ...(await accountChoices(deps, values)),
  }
}

function changeUserRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<IdParams>('/admin/users/:id', adminOnly, async (req, reply) => {
    const account = await accountOf(deps, req.params.id)
    const values = { displayName: account.displayName, role: account.role, organisationId: account.organisationId }
    return reply.page('pages/admin/user-change.njk', await changeView(deps, account, noErrors, values))
  })

  app.post<IdParams>('/admin/users/:id', adminOnly, async (req, reply) => {
    const account = await accountOf(deps, req.params.id)
    const parsed = changeUserForm.safeParse(req.body)
    const body = req.body as Record<string, unknown>
    if (!parsed.success)
      return reply
        .code(400)
        .page('pages/admin/user-change.njk', await changeView(deps, account, formErrors(parsed.error), body))
    try {
      const changed = await changeUser(deps.db, account.id, parsed.data, adminActor(req.user))
      return reply.redirect(`/admin/users?saved=${changed ? 'changed' : 'unchanged'}`, 303)
    } catch (error) {
      const text = (error as Error).message.replace(/^./, (c) => c.toUpperCase())
      return reply
        .code(400)
        .page('pages/admin/user-change.njk', await changeView(deps, account, fieldError('organisationId', text), body))
    }
  })
}

const showPassword = (reply: FastifyReply, email: string, password: string, heading: string) =>
  reply
    .header('cache-control', 'no-store')
    .page('pages/admin/user-password.njk', { navActive: 'users', email, password, added: false, heading })

function disableAndEnableRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<IdParams>('/admin/users/:id/disable', adminOnly, async (req, reply) => {
    const account = await accountOf(deps, req.params.id)
    if (account.disabledAt) return reply.redirect('/admin/users', 303)
    const self = account.id === req.user!.id
    return reply.page('pages/admin/user-disable.njk', {
      navActive: 'users',
      breadcrumbs: [{ text: 'Users', href: '/admin/users' }],
      account,
      self,
    })
  })

  app.post<IdParams>('/admin/users/:id/disable', adminOnly, async (req, reply) => {
    const account = await accountOf(deps, req.params.id)
    await disableUser(deps.db, account.email, adminActor(req.user))
    return reply.redirect('/admin/users?saved=disabled', 303)
  })

  app.post<IdParams>('/admin/users/:id/enable', adminOnly, async (req, reply) => {
    const account = await accountOf(deps, req.params.id)
    if (!account.disabledAt) return reply.redirect('/admin/users', 303)
    const password = newPassword()
    await enableUser(deps.db, account.email, adminActor(req.user))
    await resetPassword(deps.db, account.email, password, adminActor(req.user))
    return showPassword(reply, account.email, password, 'Account re-enabled')
  })
}

export function adminUserRoutes(app: FastifyInstance, deps: WebDeps) {
  changeUserRoutes(app, deps)
  disableAndEnableRoutes(app, deps)
}
