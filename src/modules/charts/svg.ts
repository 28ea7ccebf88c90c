/**
 * Tiny SVG string builders. Everything the charts print goes through `escapeXml` (text) or `num`
 * (coordinates), so output is well-formed and the same input always gives the same string.
 * Only presentation attributes are used: the pages' content security policy forbids `style`.
 */

/** Characters XML 1.0 does not allow at all; removed rather than escaped. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g // eslint-disable-line no-control-regex

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escape text for element content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return String(text)
    .replace(INVALID_XML, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c])
}

/** A coordinate rounded to one decimal, without "-0" or exponents. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10
  return Object.is(r, -0) || r === 0 ? '0' : String(r)
}

export type AttrValue = string | number | null | undefined | false

/** ` name="value"` pairs in the given order; null/undefined/false are left out, numbers rounded. */
export function attrs(a: Record<string, AttrValue>): string {
  let out = ''
  for (const [name, value] of Object.entries(a)) {
    if (value === null || value === undefined || value === false) continue
    out += ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`
  }
  return out
}

/** An element; `children` is already-built markup (use `text()` for text). */
export function el(name: string, a: Record<string, AttrValue> = {}, children?: string): string {
  return children === undefined || children === ''
    ? `<${name}${attrs(a)}/>`
    : `<${name}${attrs(a)}>${children}</${name}>`
}

export const FONT_FAMILY = 'Arial, sans-serif'
export const TEXT_COLOUR = '#0b0c0c'
/** A white outline painted behind in-plot text keeps it readable where it crosses lines. */
export const HALO = {
  stroke: '#ffffff',
  'stroke-width': 4,
  'stroke-linejoin': 'round',
  'paint-order': 'stroke',
} as const

/** A `<text>` element with escaped content. */
export function text(content: string, a: Record<string, AttrValue>): string {
  return `<text${attrs({ fill: TEXT_COLOUR, ...a })}>${escapeXml(content)}</text>`
}

/** A multi-line `<text>`: one `<tspan>` per line, each `lineHeight` below the previous. */
export function textLines(
  lines: string[],
  x: number,
  y: number,
  lineHeight: number,
  a: Record<string, AttrValue>,
): string {
  if (lines.length <= 1) return text(lines[0] ?? '', { x, y, ...a })
  const spans = lines
    .map((line, i) => `<tspan${attrs({ x, dy: i === 0 ? undefined : lineHeight })}>${escapeXml(line)}</tspan>`)
    .join('')
  return `<text${attrs({ fill: TEXT_COLOUR, x, y, ...a })}>${spans}</text>`
}

/** Make a string safe to use as an XML id and as one token of aria-labelledby (no spaces). */
export function safeId(id: string): string {
  const cleaned = String(id).replace(/[^A-Za-z0-9_.:-]/g, '-')
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `chart-${cleaned}`
}

/**
 * Estimated width of text in Arial: SVG strings are built without a browser, so layout uses the
 * average advance (about 0.55 em, wider for capitals and digits) with a small safety margin.
 */
export function textWidth(content: string, fontSize: number, bold = false): number {
  let em = 0
  for (const ch of content) {
    if (/[A-Z0-9%]/.test(ch)) em += 0.67
    else if (/[ilIjft.,:;'|!()[\]\s]/.test(ch)) em += 0.3
    else if (/[mwMW]/.test(ch)) em += 0.85
    else em += 0.56
  }
  return em * fontSize * (bold ? 1.08 : 1)
}

/** Greedy word wrap to a width; a single word longer than the width gets a line of its own. */
export function wrapText(content: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const words = content.trim().split(/\s+/).filter(Boolean)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word
    if (line && textWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(line)
      line = word
    } else {
      line = candidate
    }
  }
  if (line) lines.push(line)
  return lines.length ? lines : ['']
}

/** Root element attributes shared by the accessible charts. */
export function chartRoot(
  id: string,
  title: string,
  summary: string,
  width: number,
  height: number,
  body: string,
): string {
  const sid = safeId(id)
  const root = attrs({
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'app-chart',
    role: 'img',
    'aria-labelledby': `${sid}-title ${sid}-desc`,
    viewBox: `0 0 ${num(width)} ${num(height)}`,
    width: '100%',
    preserveAspectRatio: 'xMidYMid meet',
    'font-family': FONT_FAMILY,
    'font-size': 14,
  })
  return `<svg${root}><title id="${sid}-title">${escapeXml(title)}</title><desc id="${sid}-desc">${escapeXml(summary)}</desc>${body}</svg>`
}
