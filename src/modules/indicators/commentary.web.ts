/** Analysts write the story behind an indicator's curve: a GOV.UK form of three Markdown fields. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import type { SessionUser } from '../accounts/access.js'
import { decideAccess } from '../accounts/access.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { linkTo } from '../strategy/strategy.links.js'
import { currentCommentary, saveCommentary } from './commentary.service.js'

const analysts = ['analyst'] as const
const MAX_LENGTH = 20_000

const field = (name: string) =>
  z
    .string()
    .max(MAX_LENGTH, `${name} must be ${new Intl.NumberFormat('en-GB').format(MAX_LENGTH)} characters or fewer`)
    .default('')

export const commentaryForm = z.object({
  storyMd: field('The story behind the curve'),
  partnersMd: field('Partners with a role to play'),
  whatWorksMd: field('What works'),
  version: z.coerce.number().int().min(0).default(0),
})

/** Who may edit commentary: the same rule the route declares (analysts; administrators pass every check). */
export function canEditCommentary(user: SessionUser | null): boolean {
  return decideAccess(analysts, user) === 'allowed'
}

/** Line endings as a textarea posts them (CRLF) are kept as LF, so an unchanged text compares equal. */
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\s+$/, '')

export function commentaryRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  const actor = (u: SessionUser | null) => `user:${u?.id} ${u?.email}`

  const load = async (id: string, strategyId?: string) => {
    const m = await deps.strategies.readModel()
    const item = m.find('indicator', id, strategyId)
    const known = item && (await db.selectFrom('indicators').select('id').where('id', '=', item.id).executeTakeFirst())
    if (!item || !known) throw new NotFound()
    return { item, back: linkTo(m, item) }
  }

  type Loaded = Awaited<ReturnType<typeof load>>
  const view = ({ item, back }: Loaded, strategyId: string | undefined, values: Record<string, unknown>, errors: FormErrors) => ({
    navActive: 'indicators',
    indicator: item,
    backHref: `${back.href}#story`,
    action: `/indicators/${item.id}/commentary${strategyId ? `?strategy=${encodeURIComponent(strategyId)}` : ''}`,
    values,
    errors,
  })
  type Request = { Params: { id: string }; Querystring: { strategy?: string } }
  const TEMPLATE = 'pages/indicator/commentary.njk'

  app.get<Request>('/indicators/:id/commentary', { config: { access: analysts } }, async (req, reply) => {
    const loaded = await load(req.params.id, req.query.strategy)
    const current = await currentCommentary(db, loaded.item.id)
    const values: Record<string, unknown> = { storyMd: '', partnersMd: '', whatWorksMd: '', version: 0, ...current }
    return reply.page(TEMPLATE, view(loaded, req.query.strategy, values, noErrors))
  })

  app.post<Request>('/indicators/:id/commentary', { config: { access: analysts } }, async (req, reply) => {
    const loaded = await load(req.params.id, req.query.strategy)
    const { item, back } = loaded
    const posted = (req.body ?? {}) as Record<string, unknown>
    const parsed = commentaryForm.safeParse(posted)
    if (!parsed.success) return reply.code(400).page(TEMPLATE, view(loaded, req.query.strategy, posted, formErrors(parsed.error)))
    const { version, ...text } = parsed.data
    const result = await saveCommentary(
      db,
      item.id,
      { storyMd: normalise(text.storyMd), partnersMd: normalise(text.partnersMd), whatWorksMd: normalise(text.whatWorksMd) },
      version,
      actor(req.user),
    )
    if (!result.ok) {
      // Keep what this analyst wrote, and let them save over the newer version once they have looked at it.
      const errors = fieldError(
        'storyMd',
        'Someone else saved changes to this commentary after you opened it. Check the page, then save again to replace their version with yours.',
      )
      return reply.code(409).page(TEMPLATE, view(loaded, req.query.strategy, { ...posted, version: result.current?.version ?? 0 }, errors))
    }
    return reply.redirect(`${back.href}#story`, 303)
  })
}
