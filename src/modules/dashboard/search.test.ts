import { describe, expect, it } from 'vitest'
import type { StrategyLinkRow, StrategyNodeRow } from '../../db/database.js'
import { buildReadModel } from '../strategy/strategy.read-model.js'
import { highlight, queryTerms, search, stem, words } from './search.js'

const node = (id: string, kind: string, title: string, over: Partial<StrategyNodeRow> = {}): StrategyNodeRow => ({
  strategy_id: 's',
  id,
  kind,
  parent_id: null,
  number: null,
  title,
  text: null,
  detail: {},
  source_file: 'f.txt',
  source_section: null,
  source_quote: 'q',
  position: 0,
  created_at: new Date(),
  updated_at: new Date(),
  archived_at: null,
  ...over,
})

const model = buildReadModel(
  '1',
  [
    node('s', 'strategy', 'A strategy', { detail: { shortTitle: 'Ours' } }),
    node('start', 'outcome', 'get the best start, be healthy', {
      detail: { shortTitle: 'Best Start' },
      text: 'Babies and parents who smoke less',
    }),
    node('start-1', 'intention', 'Reducing smoking in pregnancy and the harm it causes', {
      parent_id: 'start',
      number: 1,
    }),
    node('start-2', 'intention', "Supporting children's mental health in schools", { parent_id: 'start', number: 2 }),
    node('smokers', 'indicator', 'Smokers at time of delivery', { text: 'Mothers known to be smokers' }),
    node('quit', 'indicator', 'Quit attempts', { text: 'People who tried to stop smoking' }),
    node('obesity', 'indicator', 'Obesity in Year 6'),
    node('pledge', 'pledge', 'Smoke-free homes'),
  ],
  [] as StrategyLinkRow[],
  's',
)

describe('search words', () => {
  it('ignore case, accents and punctuation', () => {
    expect(words("Children's  MENTAL-health, café!")).toEqual(['children', 's', 'mental', 'health', 'cafe'])
  })

  it('meet across plurals and -ing forms', () => {
    expect(stem('smoking')).toBe(stem('smoke'))
    expect(stem('smokers')).toBe(stem('smoke'))
    expect(stem('families')).toBe(stem('family'))
    expect(stem('services')).toBe(stem('service'))
    expect(stem('status')).toBe('status')
    expect(stem('class')).toBe('class')
  })

  it('drop small common words unless the query is nothing else', () => {
    expect(queryTerms('the Smoking, in pregnancy')).toEqual([stem('smoking'), stem('pregnancy')])
    expect(queryTerms('in')).toEqual(['in'])
    expect(queryTerms(' ,.! ')).toEqual([])
  })

  it('marks the words found, keeping the text as written', () => {
    const segments = highlight('Smokers at time of delivery', queryTerms('smoke'))
    expect(segments).toEqual([
      { text: 'Smokers', match: true },
      { text: ' at time of delivery', match: false },
    ])
    expect(segments.map((s) => s.text).join('')).toBe('Smokers at time of delivery')
  })
})

describe('search', () => {
  const ids = (q: string, kind: string) =>
    search(model, q)
      .groups.find((g) => g.kind === kind)
      ?.results.map((r) => r.href) ?? []

  it('finds an indicator by a word of its title, whatever the case, and by the start of a word', () => {
    expect(ids('OBESITY', 'indicator')).toEqual(['/indicators/obesity'])
    expect(ids('obes', 'indicator')).toEqual(['/indicators/obesity'])
  })

  it('ranks a title match before a match in the text only', () => {
    // "Smokers …" has the word in its title; "Quit attempts" only in its text.
    expect(ids('smoking', 'indicator')).toEqual(['/indicators/smokers', '/indicators/quit'])
    const quit = search(model, 'smoking').groups[0]!.results[1]!
    expect(quit.matchedIn).toBe('text')
    expect(quit.textSegments?.some((s) => s.match && s.text === 'smoking')).toBe(true)
  })

  it('finds an intention by its text and an outcome by its short title or statement, grouped by kind', () => {
    expect(ids("children's mental health", 'intention')).toEqual(['/intentions/start-2'])
    expect(ids('best start', 'outcome')).toEqual(['/outcomes/start'])
    expect(ids('smoke', 'outcome')).toEqual(['/outcomes/start'])
    expect(search(model, 'smoke').groups.map((g) => g.kind)).toEqual(['indicator', 'outcome', 'intention'])
  })

  it('needs every word of the query, and searches only indicators, outcomes and intentions', () => {
    expect(ids('smoking pregnancy', 'intention')).toEqual(['/intentions/start-1'])
    expect(ids('smoking pregnancy', 'indicator')).toEqual([])
    const all = search(model, 'smoke free homes')
    expect(all.total).toBe(0)
    expect(all.groups).toEqual([])
    expect(search(model, '   ').total).toBe(0)
  })
})
