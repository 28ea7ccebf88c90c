/**
 * Search across indicators, outcomes and intentions, over the strategy read model. Pure. Words are
 * matched whatever their case and punctuation, by a rough stem ("smoking", "smokers" and "smoke"
 * all find each other) and as the start of a word ("obes" finds "obesity"). Every word of the
 * query must appear; a result whose title holds them all ranks before one found only in its text.
 */
import type { NodeKind } from '../strategy/strategy.graph.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'

export const searchKinds = [
  { kind: 'indicator', heading: 'Indicators' },
  { kind: 'outcome', heading: 'Outcomes' },
  { kind: 'intention', heading: 'Shared intentions' },
] as const satisfies readonly { kind: NodeKind; heading: string }[]

/** A piece of the matched text; `match` marks the words the query found. */
export interface Segment {
  text: string
  match: boolean
}

export interface SearchResult {
  kind: NodeKind
  title: string
  href: string
  strategy: string
  /** Where the words were found: the title, or the text beside it. */
  matchedIn: 'title' | 'text'
  /** The title, split so the matched words can be marked. */
  titleSegments: Segment[]
  /** The text beside the title, when the words were (also) found there. */
  textSegments: Segment[] | null
  /** Lower is better. */
  score: number
}

export interface SearchGroup {
  kind: NodeKind
  heading: string
  results: SearchResult[]
}

/** Lower case, without accents; punctuation is a word break. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

/** A rough English stem: enough that plurals and -ing forms meet ("smoking", "smokers", "smoke" → "smok"). */
export function stem(word: string): string {
  let w = word
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1)
  for (const suffix of ['ing', 'ed', 'er']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length)
      break
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1)
  return w
}

/** The query's terms: stems, each to be found at the start of some word. Common small words are dropped. */
export function queryTerms(query: string): string[] {
  const stop = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for', 'with', 'by', 'at', 'or', 'is', 'are'])
  const all = words(query)
  const kept = all.filter((w) => !stop.has(w))
  return [...new Set((kept.length ? kept : all).map(stem))]
}

const termHits = (term: string, stems: readonly string[]) => stems.some((s) => s.startsWith(term))

/** Splits text into segments, marking each word whose stem a term starts. */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const segments: Segment[] = []
  const push = (t: string, match: boolean) => {
    const last = segments[segments.length - 1]
    if (last && last.match === match) last.text += t
    else segments.push({ text: t, match })
  }
  for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
    if (!part) continue
    const w = words(part)
    const match = w.length > 0 && w.every((x) => terms.some((t) => stem(x).startsWith(t)))
    push(part, match)
  }
  return segments
}

interface Searchable {
  item: Item
  title: string
  text: string
}

function searchable(m: StrategyReadModel, item: Item): Searchable {
  if (item.kind === 'outcome') {
    const short = String(item.detail.shortTitle ?? '')
    return { item, title: short ? `${short}: ${item.title}` : item.title, text: item.text ?? '' }
  }
  if (item.kind === 'intention') {
    const outcome = m.parent(item)
    return {
      item,
      title: item.title,
      text: outcome ? `${String(outcome.detail.shortTitle ?? outcome.title)} intention ${item.number}` : '',
    }
  }
  return { item, title: item.title, text: item.text ?? '' }
}

export function search(m: StrategyReadModel, query: string): { terms: string[]; groups: SearchGroup[]; total: number } {
  const terms = queryTerms(query)
  if (!terms.length) return { terms, groups: [], total: 0 }
  const groups = searchKinds.map(({ kind, heading }) => {
    const results = m
      .ofKind(kind)
      .map((item, position) => ({ s: searchable(m, item), position }))
      .flatMap(({ s, position }) => {
        const titleStems = words(s.title).map(stem)
        const textStems = words(s.text).map(stem)
        if (!terms.every((t) => termHits(t, titleStems) || termHits(t, textStems))) return []
        const inTitle = terms.filter((t) => termHits(t, titleStems)).length
        const matchedIn = inTitle === terms.length ? 'title' : 'text'
        // Title matches first; then the more terms in the title; then the strategy's own order.
        const score = (matchedIn === 'title' ? 0 : 1) * 1e6 + (terms.length - inTitle) * 1e4 + position
        const link = linkTo(m, s.item)
        return [
          {
            kind,
            title: s.title,
            href: link.href,
            strategy: link.strategy,
            matchedIn,
            titleSegments: highlight(s.title, terms),
            textSegments: matchedIn === 'text' ? highlight(s.text, terms) : null,
            score,
          } satisfies SearchResult,
        ]
      })
      .sort((a, b) => a.score - b.score)
    return { kind, heading, results }
  })
  return {
    terms,
    groups: groups.filter((g) => g.results.length),
    total: groups.reduce((n, g) => n + g.results.length, 0),
  }
}
