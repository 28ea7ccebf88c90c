/**
 * Embeds for partners' own websites: /embed/indicators/:id (?chart=, ?strategy=) is one chart of an
 * indicator's page with its table, source and licence, as a small standalone page (no header or
 * navigation) that any site may frame; /embed/indicators/:id/chart.svg is the chart alone, its
 * title and description its alt text; chart.png the same as a bitmap (png.ts). Public, and figures only through disclosure control;
 * an indicator or breakdown restricted to partners or the board is never embedded (404).
 */
import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../module-deps.js'
import { NotFound } from '../../web/render.js'
import { embedFor, embedPaths, standaloneSvg } from './embeds.service.js'
import { svgToPng } from './png.js'
import { publicSight } from '../disclosure/visibility.js'

type EmbedRequest = { Params: { id: string }; Querystring: { strategy?: string; chart?: string } }

const frameable = { config: { access: 'public', frameable: true } } as const

export function embedRoutes(app: FastifyInstance, deps: WebDeps) {
  const load = async (req: { params: { id: string }; query: { strategy?: string; chart?: string } }) => {
    // Public figures only, whoever asks: a restricted indicator is not found (disclosure/visibility.ts).
    const m = (await publicSight(deps)).model
    const item = m.find('indicator', req.params.id, req.query.strategy)
    if (!item) throw new NotFound()
    return embedFor(deps, m, item, req.query.chart || undefined)
  }

  app.get<EmbedRequest>('/embed/indicators/:id', frameable, async (req, reply) => {
    const embed = await load(req)
    return reply.page('pages/embed/indicator.njk', {
      ...embed,
      pageTitle: embed.title,
      svgHref: embedPaths(embed.pagePath, embed.block.id).svg,
    })
  })

  app.get<EmbedRequest>('/embed/indicators/:id/chart.svg', frameable, async (req, reply) => {
    const svg = standaloneSvg((await load(req)).block)
    if (!svg) throw new NotFound()
    return reply.type('image/svg+xml; charset=utf-8').send(svg)
  })

  app.get<EmbedRequest>('/embed/indicators/:id/chart.png', frameable, async (req, reply) => {
    const svg = standaloneSvg((await load(req)).block)
    if (!svg) throw new NotFound()
    return reply.type('image/png').send(svgToPng(svg))
  })
}
