/**
 * What an embed shows: one chart of an indicator's page with its table, exactly as the page draws
 * them (the same view model, figures read only through disclosure control), with the source and
 * licence. An embed of an indicator with no public figures, or of a chart it does not have, is
 * refused (not found).
 */
import type { WebDeps } from '../module-deps.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { hrefFor } from '../strategy/strategy.links.js'
import { loadFigures } from '../dashboard/indicator-page/indicator.service.js'
import type { ChartBlock } from '../dashboard/indicator-page/indicator-page.js'
import { OGL_ATTRIBUTION, needsOglAttribution } from '../sources/source-provenance.js'
import { NotFound } from '../../web/render.js'

export interface Embed {
  title: string
  indicatorName: string
  block: ChartBlock
  /** The full page this chart is part of. */
  pagePath: string
  source: string
  licence: string | null
}

/** The charts an embed may show: "history" (the default), "boroughs", and each breakdown's and gap's id. */
function chartsOf(page: Awaited<ReturnType<typeof loadFigures>>['page']): ChartBlock[] {
  return [page.history, page.boroughs, ...page.breakdowns, ...page.gaps]
}

/**
 * The embed of one chart; with no chart named, the first the indicator has: its history, or else
 * (an indicator published only by breakdown, such as Year 6 obesity by weight category, has no
 * history of everyone) the boroughs, a breakdown or a gap, so its plain embed address is not a 404.
 */
export async function embedFor(deps: WebDeps, m: StrategyReadModel, item: Item, chart?: string): Promise<Embed> {
  const data = await loadFigures(deps, m, item)
  if (!data.known || data.points.length === 0) throw new NotFound()
  const charts = chartsOf(data.page)
  const block = chart ? charts.find((b) => b.id === chart) : charts.find((b) => b.svg || b.table)
  if (!block || (!block.svg && !block.table)) throw new NotFound()
  const heading =
    block.heading || (block.id === 'history' ? 'How it is changing' : 'Compared with other London boroughs')
  return {
    title: `${data.indicator.name}: ${heading}`,
    indicatorName: data.indicator.name,
    block,
    pagePath: hrefFor(m, item),
    source: data.indicator.source,
    licence: needsOglAttribution(data.points.map((p) => p.source)) ? OGL_ATTRIBUTION : null,
  }
}

/** The chart alone as an SVG file: its title and description are its text alternative. */
export function standaloneSvg(block: ChartBlock): string | null {
  if (!block.svg) return null
  return `<?xml version="1.0" encoding="utf-8"?>\n${block.svg}\n`
}

/** Addresses of an embed and its image, keeping the chart and strategy named where needed. */
export function embedPaths(pagePath: string, chart: string) {
  const [path, query] = pagePath.split('?')
  const params = new URLSearchParams(query ?? '')
  if (chart !== 'history') params.set('chart', chart)
  const q = params.toString()
  return {
    html: `/embed${path}${q ? `?${q}` : ''}`,
    svg: `/embed${path}/chart.svg${q ? `?${q}` : ''}`,
  }
}
