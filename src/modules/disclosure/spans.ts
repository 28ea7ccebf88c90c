/**
 * What an age band or a period covers, as a span of whole numbers (years of age; days), and the
 * ways smaller spans tile a larger one exactly. Disclosure control needs it because tiled figures
 * add up: four quarters make their year, three single years their 3-year period, age bands their
 * "all ages" row. Pure.
 */

/** Inclusive bounds; `hi` is Infinity for an open band ("65+"). */
export interface Span {
  lo: number
  hi: number
}

/** What an age label covers: a span, `'all'` for the all-ages row, or null when it cannot be read. */
export function ageSpan(label: string): Span | 'all' | null {
  const text = label
    .trim()
    .toLowerCase()
    .replace(/^aged\s+/, '')
    .replace(/\s*(years? old|years?|yrs?)\.?$/, '')
    .trim()
  if (text === '' || text === 'all ages' || text === 'all') return 'all'
  let m = /^(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})$/.exec(text)
  if (m) return Number(m[1]) <= Number(m[2]) ? { lo: Number(m[1]), hi: Number(m[2]) } : null
  m = /^(?:<|under)\s*(\d{1,3})$/.exec(text)
  if (m) return Number(m[1]) >= 1 ? { lo: 0, hi: Number(m[1]) - 1 } : null
  m = /^(?:<=|≤|up to)\s*(\d{1,3})$/.exec(text)
  if (m) return { lo: 0, hi: Number(m[1]) }
  m = /^(\d{1,3})\s*(?:\+|and over|or over|and older|or older)$/.exec(text)
  if (m) return { lo: Number(m[1]), hi: Infinity }
  m = /^(\d{1,3})$/.exec(text)
  if (m) return { lo: Number(m[1]), hi: Number(m[1]) }
  return null
}

const DAY_MS = 86_400_000
const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS

/** The days a period key (`start/end`, ISO dates, end inclusive) covers; null if it is not one. */
export function periodSpan(key: string): Span | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(key)
  if (!m) return null
  const span = { lo: dayNumber(m[1]!), hi: dayNumber(m[2]!) }
  return Number.isFinite(span.lo) && Number.isFinite(span.hi) && span.lo <= span.hi ? span : null
}

/** The most tilings listed for one span: far beyond real data (a year by months and quarters has 16). */
export const MAX_TILINGS = 4096

/**
 * Every set of parts that covers `whole` exactly, end to end without overlap, each part strictly
 * smaller than the whole, with at least `minParts` parts; as lists of the parts' ids. Parts
 * reaching outside the whole are ignored.
 */
export function tilings(whole: Span, parts: readonly { id: number; span: Span }[], minParts = 2): number[][] {
  const startingAt = new Map<number, { id: number; span: Span }[]>()
  for (const p of parts) {
    if (p.span.lo < whole.lo || p.span.hi > whole.hi || (p.span.lo === whole.lo && p.span.hi === whole.hi)) continue
    const list = startingAt.get(p.span.lo)
    if (list) list.push(p)
    else startingAt.set(p.span.lo, [p])
  }
  // Whether the whole can be finished from a position: prunes dead ends before they are walked.
  const finishes = new Map<number, boolean>()
  const canFinish = (pos: number): boolean => {
    const known = finishes.get(pos)
    if (known !== undefined) return known
    finishes.set(pos, false)
    const ok = (startingAt.get(pos) ?? []).some((p) => p.span.hi === whole.hi || canFinish(p.span.hi + 1))
    finishes.set(pos, ok)
    return ok
  }
  const out: number[][] = []
  const walk = (pos: number, chosen: number[]) => {
    for (const p of startingAt.get(pos) ?? []) {
      if (out.length >= MAX_TILINGS) return
      if (p.span.hi === whole.hi) {
        if (chosen.length + 1 >= minParts) out.push([...chosen, p.id])
      } else if (canFinish(p.span.hi + 1)) walk(p.span.hi + 1, [...chosen, p.id])
    }
  }
  if (canFinish(whole.lo)) walk(whole.lo, [])
  return out
}
