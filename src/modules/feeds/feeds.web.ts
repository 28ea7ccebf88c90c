/**
 * Atom feeds anyone can follow: /feed.xml (the dashboard: new data and board reports),
 * /outcomes/:id/feed.xml and /indicators/:id/feed.xml, each beside the page it follows, which
 * names it in a <link rel="alternate"> and a "Follow" section. Public figures only, whoever asks:
 * an indicator restricted to partners or the board has no feed (404) and is in no other.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { atomFeed, type Feed } from '../../web/atom.js'
import { dashboardFeed, indicatorFeed, outcomeFeed } from './feeds.service.js'
import { publicSight } from '../disclosure/visibility.js'

type ItemRequest = { Params: { id: string }; Querystring: { strategy?: string } }

const everyone = { config: { access: 'public' } } as const

const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`

const sendFeed = (reply: FastifyReply, feed: Feed) =>
  reply.type('application/atom+xml; charset=utf-8').send(atomFeed(feed))

export function feedRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/feed.xml', everyone, async (req, reply) => {
    const m = (await publicSight(deps)).model
    return sendFeed(reply, await dashboardFeed(deps, m, baseOf(req)))
  })

  app.get<ItemRequest>('/outcomes/:id/feed.xml', everyone, async (req, reply) => {
    const m = (await publicSight(deps)).model
    const outcome = m.find('outcome', req.params.id, req.query.strategy)
    if (!outcome) throw new NotFound()
    return sendFeed(reply, await outcomeFeed(deps, m, outcome, baseOf(req)))
  })

  app.get<ItemRequest>('/indicators/:id/feed.xml', everyone, async (req, reply) => {
    const m = (await publicSight(deps)).model
    const item = m.find('indicator', req.params.id, req.query.strategy)
    if (!item) throw new NotFound()
    return sendFeed(reply, await indicatorFeed(deps, m, item, baseOf(req)))
  })
}
