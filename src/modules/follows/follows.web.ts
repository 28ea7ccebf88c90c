/**
 * Following by e-mail, for signed-in partners: the list of what they follow (/follows, linked from
 * My work), the "Follow by e-mail" form on the indicator, outcome and home pages (POST /follows),
 * and stopping a follow. Without an SMTP relay the page says e-mail is not set up and follows are
 * kept for when it is.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import { formatDateTime } from '../../lib/dates.js'
import { NotFound } from '../../web/render.js'
import { openFollows, type Follow, type FollowTarget } from './follows.repository.js'
import { follow, unfollow } from './follows.service.js'

const signedIn = { config: { access: 'signed-in' } } as const

const followForm = z.object({
  kind: z.enum(['indicator', 'outcome', 'dashboard']),
  id: z.string().max(200).default(''),
  strategy: z.string().max(200).default(''),
})

/** The target a form names, checked against the strategy: an unknown item is not found. */
export function targetOf(m: StrategyReadModel, body: unknown): FollowTarget {
  const parsed = followForm.safeParse(body ?? {})
  if (!parsed.success) throw new NotFound()
  const { kind, id, strategy } = parsed.data
  if (kind === 'dashboard') return { kind, strategyId: '', id: '' }
  const item = m.find(kind, id, strategy || undefined)
  if (!item) throw new NotFound()
  return { kind, strategyId: item.strategyId, id: item.id }
}

/** A follow as the list shows it: what, its page, since when. */
function followView(m: StrategyReadModel, f: Follow) {
  const since = formatDateTime(f.createdAt)
  if (f.kind === 'dashboard')
    return { id: f.followId, kind: 'The dashboard', text: 'Every indicator', href: '/', since }
  const item = m.find(f.kind, f.id, f.strategyId)
  const link = item ? linkTo(m, item) : { text: f.id, href: null }
  return {
    id: f.followId,
    kind: f.kind === 'indicator' ? 'Indicator' : 'Outcome',
    text: link.text,
    href: link.href,
    since,
  }
}

const MESSAGES: Record<string, string> = {
  followed: 'You now follow it by e-mail.',
  already: 'You already follow it by e-mail.',
  unfollowed: 'You no longer follow it.',
}

export function followRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get<{ Querystring: { done?: string } }>('/follows', signedIn, async (req, reply) => {
    const m = await deps.strategies.readModel()
    const follows = await openFollows(deps.db, req.user!.id)
    return reply.header('cache-control', 'no-store').page('pages/follows.njk', {
      navActive: 'my-work',
      follows: follows.map((f) => followView(m, f)),
      emailEnabled: deps.config.smtp !== null,
      message: MESSAGES[req.query.done ?? ''] ?? null,
    })
  })

  app.post('/follows', signedIn, async (req, reply) => {
    const target = targetOf(await deps.strategies.readModel(), req.body)
    const { created } = await follow(deps.db, req.user!, target)
    return reply.redirect(`/follows?done=${created ? 'followed' : 'already'}`, 303)
  })

  app.post<{ Params: { id: string } }>('/follows/:id/end', signedIn, async (req, reply) => {
    if (!/^\d{1,18}$/.test(req.params.id)) throw new NotFound()
    if (!(await unfollow(deps.db, req.user!, req.params.id))) throw new NotFound()
    return reply.redirect('/follows?done=unfollowed', 303)
  })
}
