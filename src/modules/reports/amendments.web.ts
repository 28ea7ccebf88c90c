/**
 * The public amendments feed: an Atom entry for each published release that changed figures the
 * public had already seen, per indicator, with its note of what changed and why. Written by the
 * one Atom writer (web/atom.ts). Only published releases are read, so a draft never appears, and
 * only public indicators' (disclosure/visibility.ts), since a feed is public whoever reads it.
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { formatDateTime } from '../../lib/dates.js'
import { listAmendments } from '../indicators/releases/releases.repository.js'
import { atomFeed } from '../../web/atom.js'
import { publicSight } from '../disclosure/visibility.js'

const everyone = { config: { access: 'public' } } as const

export function amendmentRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/amendments/feed.xml', everyone, async (req, reply) => {
    const base = `${req.protocol}://${req.host}`
    const [sight, all] = await Promise.all([publicSight(deps), listAmendments(deps.db)])
    const amendments = all.filter((a) => sight.canSee(a.indicatorId))
    const xml = atomFeed({
      id: `${base}/amendments`,
      title: `${deps.config.serviceName}: amendments to published figures`,
      selfHref: `${base}/amendments/feed.xml`,
      alternateHref: `${base}/indicators`,
      updated: amendments[0]?.publishedAt ?? new Date(0),
      entries: amendments.map((a) => ({
        id: `${base}/amendments/${a.releaseId}/${a.indicatorId}`,
        title: `${a.indicatorName}: ${a.revised} figure${a.revised === 1 ? '' : 's'} revised`,
        href: `${base}/indicators/${encodeURIComponent(a.indicatorId)}#amendments`,
        updated: a.publishedAt,
        summary: `${a.note ?? 'Figures revised (no note was given).'} Published ${formatDateTime(a.publishedAt)}.`,
      })),
    })
    return reply.type('application/atom+xml; charset=utf-8').send(xml)
  })
}
