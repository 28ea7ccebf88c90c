/**
 * How series look. Colour is never the only difference: each series in a chart gets its own
 * marker shape and, as far as the patterns go, its own dash pattern, and the legend names it.
 */
import { attrs, num } from './svg.js'

/**
 * GOV.UK Design System colours with at least 3:1 contrast against white (WCAG 1.4.11).
 * Orange (#f47738, 2.8:1) is deliberately left out.
 */
export const COLOURS = {
  blue: '#1d70b8',
  black: '#0b0c0c',
  darkGrey: '#505a5f',
  red: '#d4351c',
  green: '#00703c',
  purple: '#4c2c92',
  pink: '#d53880',
  brown: '#b58840',
} as const

/** Light tints for fills that sit behind lines (never the only carrier of meaning). */
export const TINTS = { band: '#d2e2f1', grid: '#dfe0e1', axis: '#505a5f', highlightRow: '#f3f2f1' } as const

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'cross'
export const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross']

/** Solid, dashed, dotted (round caps turn short dashes into dots), dash-dot, long dash, dash-dot-dot. */
export const DASHES = {
  solid: '',
  dashed: '8 4',
  dotted: '1 5',
  dashDot: '12 4 2 4',
  longDash: '16 6',
  dashDotDot: '12 4 2 4 2 4',
} as const

export type SeriesKind = 'primary' | 'benchmark' | 'comparator' | 'group'

export interface SeriesStyle {
  colour: string
  dash: string
  marker: MarkerShape
  /** Hollow markers double the number of distinct shapes when a chart has many series. */
  hollow: boolean
  width: number
}

const ALL_COLOURS = Object.values(COLOURS)
const ALL_DASHES = Object.values(DASHES)

/** Preferences per kind: benchmarks dashed, comparators dotted, the primary series solid blue. */
const PREFERENCES: Record<SeriesKind, { colours: string[]; dashes: string[]; markers: MarkerShape[]; width: number }> =
  {
    primary: {
      colours: [COLOURS.blue, COLOURS.purple],
      dashes: [DASHES.solid],
      markers: ['circle', 'diamond'],
      width: 3,
    },
    benchmark: {
      colours: [COLOURS.black, COLOURS.darkGrey],
      dashes: [DASHES.dashed, DASHES.dashDot, DASHES.longDash],
      markers: ['square', 'diamond'],
      width: 2,
    },
    comparator: {
      colours: [COLOURS.red, COLOURS.green, COLOURS.purple],
      dashes: [DASHES.dotted],
      markers: ['triangle', 'triangle-down', 'cross'],
      width: 2.5,
    },
    group: {
      colours: [COLOURS.blue, COLOURS.red, COLOURS.green, COLOURS.purple, COLOURS.pink, COLOURS.brown],
      dashes: [DASHES.solid, DASHES.dashed, DASHES.dotted, DASHES.dashDot, DASHES.longDash, DASHES.dashDotDot],
      markers: [...MARKERS],
      width: 2.5,
    },
  }

function pick<T>(preferred: readonly T[], all: readonly T[], used: Set<T>, index: number): T {
  return preferred.find((v) => !used.has(v)) ?? all.find((v) => !used.has(v)) ?? preferred[index % preferred.length]
}

/**
 * A style for each series, in order: each takes the first unused colour, dash and marker its kind
 * prefers (then any unused one), so no two series share a marker until all twelve
 * (six shapes, filled and hollow) are taken.
 */
export function assignStyles(kinds: SeriesKind[]): SeriesStyle[] {
  const usedColours = new Set<string>()
  const usedDashes = new Set<string>()
  const usedMarkers = new Set<string>()
  return kinds.map((kind, i) => {
    const pref = PREFERENCES[kind] ?? PREFERENCES.group
    const colour = pick(pref.colours, ALL_COLOURS, usedColours, i)
    // Benchmarks stay dashed and comparators dotted even when their patterns run out.
    const dash =
      kind === 'benchmark' || kind === 'comparator'
        ? pick(pref.dashes, pref.dashes, usedDashes, i)
        : pick(pref.dashes, ALL_DASHES, usedDashes, i)
    let marker: MarkerShape
    let hollow = false
    const free = pref.markers.find((m) => !usedMarkers.has(m)) ?? MARKERS.find((m) => !usedMarkers.has(m))
    if (free) {
      marker = free
      usedMarkers.add(free)
    } else {
      const hollowFree = MARKERS.find((m) => !usedMarkers.has(`hollow-${m}`))
      marker = hollowFree ?? MARKERS[i % MARKERS.length]
      hollow = true
      if (hollowFree) usedMarkers.add(`hollow-${hollowFree}`)
    }
    usedColours.add(colour)
    usedDashes.add(dash)
    return { colour, dash, marker, hollow, width: pref.width }
  })
}

/** Line attributes for a style: dotted patterns need round caps to show as dots. */
export function lineAttrs(
  style: Pick<SeriesStyle, 'colour' | 'dash' | 'width'>,
): Record<string, string | number | undefined> {
  return {
    fill: 'none',
    stroke: style.colour,
    'stroke-width': style.width,
    'stroke-dasharray': style.dash || undefined,
    'stroke-linecap': style.dash === DASHES.dotted ? 'round' : 'butt',
    'stroke-linejoin': 'round',
  }
}

/**
 * A marker centred on (x, y) with "radius" r. Filled markers get a white outline so they stay
 * visible where lines cross; hollow ones are white inside with a coloured outline.
 */
export function marker(
  shape: MarkerShape,
  x: number,
  y: number,
  r: number,
  colour: string,
  hollow = false,
  extra: Record<string, string> = {},
): string {
  const paint = hollow
    ? { fill: '#ffffff', stroke: colour, 'stroke-width': 1.5 }
    : { fill: colour, stroke: '#ffffff', 'stroke-width': 1 }
  const p = (pts: [number, number][]) => `M${pts.map(([px, py]) => `${num(px)} ${num(py)}`).join('L')}Z`
  switch (shape) {
    case 'circle':
      return `<circle${attrs({ ...extra, cx: x, cy: y, r, ...paint })}/>`
    case 'square':
      return `<rect${attrs({ ...extra, x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8, ...paint })}/>`
    case 'triangle':
      return `<path${attrs({
        ...extra,
        d: p([
          [x, y - r * 1.2],
          [x + r * 1.1, y + r * 0.8],
          [x - r * 1.1, y + r * 0.8],
        ]),
        ...paint,
      })}/>`
    case 'triangle-down':
      return `<path${attrs({
        ...extra,
        d: p([
          [x, y + r * 1.2],
          [x + r * 1.1, y - r * 0.8],
          [x - r * 1.1, y - r * 0.8],
        ]),
        ...paint,
      })}/>`
    case 'diamond':
      return `<path${attrs({
        ...extra,
        d: p([
          [x, y - r * 1.3],
          [x + r * 1.1, y],
          [x, y + r * 1.3],
          [x - r * 1.1, y],
        ]),
        ...paint,
      })}/>`
    case 'cross': {
      // A plus drawn as a closed outline so it can be filled like the others.
      const a = r * 0.4
      const b = r * 1.2
      return `<path${attrs({
        ...extra,
        d: p([
          [x - a, y - b],
          [x + a, y - b],
          [x + a, y - a],
          [x + b, y - a],
          [x + b, y + a],
          [x + a, y + a],
          [x + a, y + b],
          [x - a, y + b],
          [x - a, y + a],
          [x - b, y + a],
          [x - b, y - a],
          [x - a, y - a],
        ]),
        ...paint,
      })}/>`
    }
  }
}
