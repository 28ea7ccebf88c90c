/** Analysts write the story behind an indicator's curve: a GOV.UK form of three Markdown fields. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { commentaryEditors } from '../accounts/access.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { linkTo } from '../strategy/strategy.links.js'
import { webActor } from '../../db/changes/actor.js'
import { currentCommentary, saveCommentary } from './commentary.service.js'
import { indicatorExists } from './indicators.repository.js'

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

/** Line endings as a textarea posts them (CRLF) are kept as LF, so an unchanged text compares equal. */
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\s+$/, '')

type CommentaryRequest = { Params: { id: string }; Querystring: { strategy?: string } }
const TEMPLATE = 'pages/indicator/commentary.njk'

/** The indicator, in the strategy and in the database, or 404; and its page, to go back to. */
async function loadIndicator(deps: WebDeps, id: string, strategyId?: string) {
  const m = await deps.strategies.readModel()
  const item = m.find('indicator', id, strategyId)
  const known = item && (await indicatorExists(deps.db, item.id))
  if (!item || !known) throw new NotFound()
  return { item, back: linkTo(m, item) }
}

type Loaded = Awaited<ReturnType<typeof loadIndicator>>

function formView(
  { item, back }: Loaded,
  strategyId: string | undefined,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  return {
    navActive: 'indicators',
    indicator: item,
    backHref: `${back.href}#story`,
    action: `/indicators/${item.id}/commentary${strategyId ? `?strategy=${encodeURIComponent(strategyId)}` : ''}`,
    values,
    errors,
  }
}

/** The form, with the current version's text. */
function commentaryFormRoute(app: FastifyInstance, deps: WebDeps) {
  app.get<CommentaryRequest>(
    '/indicators/:id/commentary',
    { config: { access: commentaryEditors } },
    async (req, reply) => {
      const loaded = await loadIndicator(deps, req.params.id, req.query.strategy)
      const current = await currentCommentary(deps.db, loaded.item.id)
      const values: Record<string, unknown> = { storyMd: '', partnersMd: '', whatWorksMd: '', version: 0, ...current }
      return reply.page(TEMPLATE, formView(loaded, req.query.strategy, values, noErrors))
    },
  )
}

/** A save: the next version, or the form again with what was wrong or who saved first. */
function saveCommentaryRoute(app: FastifyInstance, deps: WebDeps) {
  app.post<CommentaryRequest>(
    '/indicators/:id/commentary',
    { config: { access: commentaryEditors } },
    async (req, reply) => {
      const loaded = await loadIndicator(deps, req.params.id, req.query.strategy)
      const { item, back } = loaded
      const posted = (req.body ?? {}) as Record<string, unknown>
      const parsed = commentaryForm.safeParse(posted)
      if (!parsed.success)
        return reply.code(400).page(TEMPLATE, formView(loaded, req.query.strategy, posted, formErrors(parsed.error)))
      const { version, ...text } = parsed.data
      const result = await saveCommentary(
        deps.db,
        item.id,
        {
          storyMd: normalise(text.storyMd),
          partnersMd: normalise(text.partnersMd),
          whatWorksMd: normalise(text.whatWorksMd),
        },
        version,
        webActor(req.user!),
      )
      if (!result.ok) {
        // Keep what this analyst wrote, and let them save over the newer version once they have looked at it.
        const errors = fieldError(
          'storyMd',
          'Someone else saved changes to this commentary after you opened it. Check the page, then save again to replace their version with yours.',
        )
        return reply
          .code(409)
          .page(
            TEMPLATE,
            formView(loaded, req.query.strategy, { ...posted, version: result.current?.version ?? 0 }, errors),
          )
      }
      return reply.redirect(`${back.href}#story`, 303)
    },
  )
}

/** The analysts' routes of the indicators module: writing the story behind a curve. */
export function commentaryRoutes(app: FastifyInstance, deps: WebDeps) {
  commentaryFormRoute(app, deps)
  saveCommentaryRoute(app, deps)
}
