/** Administrators manage accounts on the web as at the command line: list, add, reset, disable. */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { isRecordId } from '../../lib/ids.js'
import { roleNames, roles } from './access.js'
import { listOrganisations } from './organisations.js'
import { addUser, disableUser, listUsers, resetPassword } from './users.service.js'

const adminOnly = { config: { access: ['administrator'] as const } }

const userForm = z.object({
  email: z.string().trim().min(1, 'Enter an email address'),
  displayName: z.string().trim().min(1, 'Enter a display name, such as the person’s job title'),
  role: z.enum(roles, { message: 'Select a role' }),
  organisationId: z.string().trim().optional(),
})

/** A new password, shown once on the page that follows, for the administrator to pass on securely. */
const newPassword = () => randomBytes(18).toString('base64url')

export function adminRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  const actor = (u: { id: string; email: string } | null) => `user:${u?.id} ${u?.email}`
  const roleItems = (selected?: string) => roles.map((r) => ({ value: r, text: roleNames[r], checked: r === selected }))

  app.get('/admin/users', adminOnly, async (_req, reply) => {
    const users = await listUsers(db)
    const now = new Date()
    return reply.page('pages/admin/users.njk', {
      navActive: 'users',
      users: users.map((u) => ({
        ...u,
        roleName: roleNames[u.role as keyof typeof roleNames] ?? u.role,
        state: u.disabled_at ? 'Disabled' : u.locked_until && new Date(u.locked_until) > now ? 'Locked' : 'Active',
      })),
    })
  })

  const showNew = async (errors: FormErrors, values: Record<string, unknown>) => ({
    navActive: 'users',
    errors,
    values,
    roleItems: roleItems(values.role as string | undefined),
    organisations: [{ value: '', text: 'None' }, ...(await listOrganisations(db)).map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId }))],
  })

  app.get('/admin/users/new', adminOnly, async (_req, reply) => reply.page('pages/admin/user-new.njk', await showNew(noErrors, {})))

  app.post('/admin/users/new', adminOnly, async (req, reply) => {
    const parsed = userForm.safeParse(req.body)
    if (!parsed.success) return reply.code(400).page('pages/admin/user-new.njk', await showNew(formErrors(parsed.error), req.body as Record<string, unknown>))
    const password = newPassword()
    try {
      const user = await addUser(db, { ...parsed.data, organisationId: parsed.data.organisationId || null, password }, actor(req.user))
      return reply.header('cache-control', 'no-store').page('pages/admin/user-password.njk', { navActive: 'users', email: user.email, password, added: true })
    } catch (error) {
      const message = (error as Error).message
      const field = /organisation/i.test(message) ? 'organisationId' : 'email'
      const text = message.replace(/^./, (c) => c.toUpperCase())
      return reply.code(400).page('pages/admin/user-new.njk', await showNew(fieldError(field, text), parsed.data))
    }
  })

  app.post<{ Params: { id: string } }>('/admin/users/:id/reset', adminOnly, async (req, reply) => {
    const user = await findUser(req.params.id)
    const password = newPassword()
    await resetPassword(db, user.email, password, actor(req.user))
    return reply.header('cache-control', 'no-store').page('pages/admin/user-password.njk', { navActive: 'users', email: user.email, password, added: false })
  })

  app.post<{ Params: { id: string } }>('/admin/users/:id/disable', adminOnly, async (req, reply) => {
    const user = await findUser(req.params.id)
    await disableUser(db, user.email, actor(req.user))
    return reply.redirect('/admin/users', 303)
  })

  async function findUser(id: string) {
    if (!isRecordId(id)) throw new NotFound()
    const user = await db.selectFrom('users').select(['id', 'email']).where('id', '=', id).executeTakeFirst()
    if (!user) throw new NotFound()
    return user
  }
}
