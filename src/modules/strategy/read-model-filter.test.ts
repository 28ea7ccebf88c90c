import { describe, expect, it } from 'vitest'
import type { StrategyLinkRow, StrategyNodeRow } from '../../db/database.js'
import { buildReadModel } from './strategy.read-model.js'
import { withoutItems } from './read-model-filter.js'

const node = (id: string, kind: string, parentId: string | null = null) =>
  ({
    strategy_id: 's',
    id,
    kind,
    parent_id: parentId,
    number: null,
    title: id,
    text: null,
    detail: {},
    source_file: 'f',
    source_section: null,
    source_quote: 'q',
  }) as unknown as StrategyNodeRow
const link = (from: string, to: string) =>
  ({
    strategy_id: 's',
    from_id: from,
    to_strategy_id: 's',
    to_id: to,
    relation: 'in_column',
    label: null,
  }) as unknown as StrategyLinkRow

describe('a read model with items left out', () => {
  const m = buildReadModel(
    '1',
    [node('s', 'strategy'), node('o', 'outcome'), node('shown', 'indicator'), node('hidden', 'indicator')],
    [link('shown', 'o'), link('hidden', 'o')],
    's',
  )
  const seen = withoutItems(m, (i) => i.id === 'hidden')

  it('neither finds, lists nor links them', () => {
    expect(seen.find('indicator', 'hidden')).toBeUndefined()
    expect(seen.find('indicator', 'hidden', 's')).toBeUndefined()
    expect(seen.find('indicator', 'shown', 's')?.id).toBe('shown')
    expect(seen.ofKind('indicator').map((i) => i.id)).toEqual(['shown'])
    expect(seen.items('s', 'indicator').map((i) => i.id)).toEqual(['shown'])
    const outcome = seen.find('outcome', 'o')!
    expect(seen.to(outcome, 'in_column').map((c) => c.item.id)).toEqual(['shown'])
    // The model it was made from is untouched.
    expect(
      m
        .to(outcome, 'in_column')
        .map((c) => c.item.id)
        .sort(),
    ).toEqual(['hidden', 'shown'])
  })
})
