/**
 * The board network as an SVG diagram, drawn on the server. Bodies are placed in rows: a body sits
 * one row below the lowest body it reports to, is a subgroup of or delivers for. Hierarchy is drawn
 * as solid arrows and "works closely with" as dashed lines, and a legend says so, so nothing
 * depends on colour. The page pairs it with a text equivalent; the SVG has a title and description.
 */
export interface DiagramBody {
  key: string
  name: string
  count?: number
}

export interface DiagramEdge {
  from: string
  to: string
  kind: 'reports_to' | 'subgroup_of' | 'delivers_for' | 'works_closely_with'
}

const BOX = { width: 190, height: 64, gapX: 24, gapY: 70, margin: 20, lineHeight: 16, charsPerLine: 24 }
const LEGEND_HEIGHT = 56
const LEGEND_WIDTH = 420

export interface DiagramText {
  /** Unique on the page: the SVG's title, description and arrowhead ids derive from it. */
  id: string
  title: string
  description: string
}

export function governanceDiagram(bodies: DiagramBody[], edges: DiagramEdge[], text: DiagramText): string {
  const { id, title, description } = text
  const rows = placeInRows(bodies, edges)
  const widest = Math.max(1, ...rows.map((r) => r.length))
  const width = Math.max(LEGEND_WIDTH, BOX.margin * 2 + widest * BOX.width + (widest - 1) * BOX.gapX)
  const height = BOX.margin * 2 + rows.length * BOX.height + (rows.length - 1) * BOX.gapY + LEGEND_HEIGHT
  const centre = new Map<string, { x: number; y: number }>()
  rows.forEach((row, r) => {
    const rowWidth = row.length * BOX.width + (row.length - 1) * BOX.gapX
    const left = (width - rowWidth) / 2
    row.forEach((body, i) => {
      centre.set(body.key, {
        x: left + i * (BOX.width + BOX.gapX) + BOX.width / 2,
        y: BOX.margin + r * (BOX.height + BOX.gapY) + BOX.height / 2,
      })
    })
  })

  const lines = edges
    .filter((e) => centre.has(e.from) && centre.has(e.to))
    .map((e) => edgePath(centre.get(e.from)!, centre.get(e.to)!, e.kind, `${id}-arrow`))
  const boxes = rows.flat().map((b) => boxMarkup(b, centre.get(b.key)!))
  const legendY = height - LEGEND_HEIGHT + 16
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" class="app-diagram" focusable="false">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#0b0c0c"/></marker></defs>`,
    ...lines,
    ...boxes,
    `<g font-family="GDS Transport, arial, sans-serif" font-size="14" fill="#0b0c0c">`,
    `<line x1="${BOX.margin}" y1="${legendY}" x2="${BOX.margin + 40}" y2="${legendY}" stroke="#0b0c0c" stroke-width="2" marker-end="url(#${id}-arrow)"/>`,
    `<text x="${BOX.margin + 50}" y="${legendY + 5}">reports to, is a subgroup of, or delivers for</text>`,
    `<line x1="${BOX.margin}" y1="${legendY + 24}" x2="${BOX.margin + 40}" y2="${legendY + 24}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${BOX.margin + 50}" y="${legendY + 29}">works closely with</text>`,
    '</g>',
    '</svg>',
  ].join('\n')
}

const HIERARCHY = new Set<DiagramEdge['kind']>(['reports_to', 'subgroup_of', 'delivers_for'])

/**
 * A body sits one row below the lowest body it answers to (reports to, is a subgroup of, delivers
 * for). A body that answers to none but works closely with one that does sits in that body's row,
 * beside it, unless it is above it in the hierarchy. Everything else is in the top row.
 */
export function placeInRows(bodies: DiagramBody[], edges: DiagramEdge[]): DiagramBody[][] {
  const known = new Set(bodies.map((b) => b.key))
  const up = new Map<string, string[]>()
  const peers = new Map<string, string[]>()
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to)) continue
    if (HIERARCHY.has(e.kind)) up.set(e.from, [...(up.get(e.from) ?? []), e.to])
    else {
      peers.set(e.from, [...(peers.get(e.from) ?? []), e.to])
      peers.set(e.to, [...(peers.get(e.to) ?? []), e.from])
    }
  }
  const ancestors = (key: string, seen = new Set<string>()): Set<string> => {
    for (const parent of up.get(key) ?? []) if (!seen.has(parent)) ancestors(parent, seen.add(parent))
    return seen
  }
  const depth = new Map<string, number>()
  const depthOf = (key: string, visiting: Set<string>): number => {
    if (depth.has(key)) return depth.get(key)!
    if (visiting.has(key)) return 0 // a cycle: break it rather than loop
    visiting.add(key)
    const parents = up.get(key) ?? []
    const peer = parents.length ? undefined : (peers.get(key) ?? []).find((p) => up.has(p) && !ancestors(p).has(key))
    const d = parents.length
      ? 1 + Math.max(...parents.map((p) => depthOf(p, visiting)))
      : peer
        ? depthOf(peer, visiting)
        : 0
    depth.set(key, d)
    return d
  }
  const rows: DiagramBody[][] = []
  for (const body of bodies) (rows[depthOf(body.key, new Set())] ??= []).push(body)
  return rows.filter(Boolean)
}

function edgePath(
  from: { x: number; y: number },
  to: { x: number; y: number },
  kind: DiagramEdge['kind'],
  arrowId: string,
): string {
  const half = BOX.height / 2
  if (kind === 'works_closely_with') {
    // Curves, so a dashed line never runs through the boxes between two bodies or along an arrow.
    const sameRow = from.y === to.y
    const [x1, y1, x2, y2] = sameRow
      ? [from.x, from.y + half, to.x, to.y + half]
      : [from.x + 30, from.y + Math.sign(to.y - from.y) * half, to.x + 30, to.y - Math.sign(to.y - from.y) * half]
    const [cx, cy] = sameRow ? [(x1 + x2) / 2, y1 + BOX.gapY * 0.45] : [(x1 + x2) / 2 + 60, (y1 + y2) / 2]
    return `<path d="M ${x1} ${y1} Q ${cx} ${cy} ${x2} ${y2}" fill="none" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4"/>`
  }
  const above = to.y < from.y
  const [y1, y2] = above ? [from.y - half, to.y + half] : [from.y + half, to.y - half]
  return `<line x1="${from.x}" y1="${y1}" x2="${to.x}" y2="${y2}" stroke="#0b0c0c" stroke-width="2" marker-end="url(#${arrowId})"/>`
}

function boxMarkup(body: DiagramBody, c: { x: number; y: number }): string {
  const label = body.count ? `${body.name} (×${body.count})` : body.name
  const lines = wrap(label, BOX.charsPerLine).slice(0, 3)
  const firstY = c.y - ((lines.length - 1) * BOX.lineHeight) / 2 + 5
  const text = lines
    .map((line, i) => `<tspan x="${c.x}" y="${firstY + i * BOX.lineHeight}">${escapeXml(line)}</tspan>`)
    .join('')
  return [
    `<rect x="${c.x - BOX.width / 2}" y="${c.y - BOX.height / 2}" width="${BOX.width}" height="${BOX.height}" rx="4" fill="#ffffff" stroke="#0b0c0c" stroke-width="2"/>`,
    `<text text-anchor="middle" font-family="GDS Transport, arial, sans-serif" font-size="14" fill="#0b0c0c">${text}</text>`,
  ].join('')
}

export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
