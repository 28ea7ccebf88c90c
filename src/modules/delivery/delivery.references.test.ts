import { describe, expect, it } from 'vitest'
import { actionSchema } from './delivery.domain.js'
import { resolveReferences, type ReferenceData } from './delivery.references.js'

const refs: ReferenceData = {
  organisations: [
    { id: 'lbbd', name: 'Barking and Dagenham Council' },
    { id: 'nelft', name: 'NELFT' },
  ],
  nodes: [
    { strategyId: 'bc', id: 'bc', kind: 'strategy', parentId: null },
    { strategyId: 'hw', id: 'hw', kind: 'strategy', parentId: null },
    { strategyId: 'bc', id: 'best-start', kind: 'outcome', parentId: null },
    { strategyId: 'bc', id: 'best-start-1', kind: 'intention', parentId: 'best-start' },
    { strategyId: 'bc', id: 'send', kind: 'priority', parentId: null },
    { strategyId: 'hw', id: 'send', kind: 'priority', parentId: null },
    { strategyId: 'hw', id: 'hw-only', kind: 'priority', parentId: null },
  ],
  indicators: new Set(['gld-eyfs', 'year-r-obesity']),
}
const fields = (over: Record<string, unknown>) =>
  actionSchema.parse({ title: 'T', organisationId: 'lbbd', leadRole: 'Head of Service', ...over })

describe('resolveReferences', () => {
  it('resolves an organisation by name, the strategy from the intention, and the intention’s outcome as the delivery plan', () => {
    const { fields: out, problems } = resolveReferences(
      fields({ organisationId: 'barking and dagenham council', intentionId: 'best-start-1', priorityId: 'send' }),
      refs,
    )
    expect(problems).toEqual([])
    expect(out).toMatchObject({
      organisationId: 'lbbd',
      strategyId: 'bc',
      deliveryPlan: 'best-start',
      priorityId: 'send',
    })
  })

  it('keeps a delivery plan that was given', () => {
    expect(
      resolveReferences(fields({ intentionId: 'best-start-1', deliveryPlan: 'Family hubs programme' }), refs).fields
        .deliveryPlan,
    ).toBe('Family hubs programme')
  })

  it('names every reference that does not resolve', () => {
    const { problems } = resolveReferences(
      fields({ organisationId: 'nobody', intentionId: 'nowhere', indicatorIds: 'gld-eyfs; nope; nada' }),
      refs,
    )
    expect(problems).toEqual([
      { field: 'organisationId', message: 'There is no organisation "nobody"' },
      { field: 'intentionId', message: 'There is no intention "nowhere"' },
      { field: 'indicatorIds', message: 'There are no indicators "nope", "nada"' },
    ])
  })

  it('asks for the strategy when an id is in more than one, and keeps intention and priority in one strategy', () => {
    expect(resolveReferences(fields({ priorityId: 'send' }), refs).problems).toEqual([
      { field: 'priorityId', message: 'The priority "send" is in more than one strategy (bc, hw): name the strategy' },
    ])
    expect(resolveReferences(fields({ priorityId: 'send', strategyId: 'hw' }), refs)).toMatchObject({
      problems: [],
      fields: { strategyId: 'hw' },
    })
    expect(resolveReferences(fields({ intentionId: 'best-start-1', priorityId: 'hw-only' }), refs).problems).toEqual([
      { field: 'priorityId', message: 'There is no priority "hw-only" in the strategy "bc"' },
    ])
  })
})
