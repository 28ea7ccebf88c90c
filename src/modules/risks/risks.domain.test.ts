import { describe, expect, it } from 'vitest'
import type { StrategyLinkRow, StrategyNodeRow } from '../../db/database.js'
import { buildReadModel } from '../strategy/strategy.read-model.js'
import {
  escalationSchema,
  escalationTargets,
  formatReference,
  heatMap,
  impactLabel,
  isRealDate,
  likelihoodLabel,
  RATING_BANDS,
  ratingFor,
  riskSchema,
  score,
} from './risks.domain.js'

describe('scores and ratings', () => {
  it('scores likelihood × impact and refuses anything off the 5 × 5 matrix', () => {
    expect(score(4, 3)).toBe(12)
    expect(score(1, 1)).toBe(1)
    expect(score(5, 5)).toBe(25)
    for (const [l, i] of [
      [0, 3],
      [6, 1],
      [2.5, 2],
      [3, Number.NaN],
    ]) {
      expect(() => score(l!, i!)).toThrow(RangeError)
    }
  })

  it('bands every score from 1 to 25 into exactly one rating, with no gaps or overlaps', () => {
    for (let s = 1; s <= 25; s++) expect(RATING_BANDS.filter((b) => s >= b.min && s <= b.max)).toHaveLength(1)
    expect(RATING_BANDS[0]!.min).toBe(1)
    expect(RATING_BANDS.at(-1)!.max).toBe(25)
    for (let i = 1; i < RATING_BANDS.length; i++) expect(RATING_BANDS[i]!.min).toBe(RATING_BANDS[i - 1]!.max + 1)
  })

  it('rates at the band edges as the log defines them', () => {
    const label = (s: number) => ratingFor(s).label
    expect([1, 4, 5, 9, 10, 14, 15, 25].map(label)).toEqual([
      'Low',
      'Low',
      'Medium',
      'Medium',
      'High',
      'High',
      'Very high',
      'Very high',
    ])
    expect(() => ratingFor(0)).toThrow(RangeError)
    expect(() => ratingFor(26)).toThrow(RangeError)
    expect(() => ratingFor(7.5)).toThrow(RangeError)
  })

  it('gives each level its word', () => {
    expect(likelihoodLabel(1)).toBe('1 – Rare')
    expect(likelihoodLabel(5)).toBe('5 – Almost certain')
    expect(impactLabel(1)).toBe('1 – Negligible')
    expect(impactLabel(5)).toBe('5 – Severe')
  })

  it('writes references with four digits at least', () => {
    expect(formatReference('risk', 7)).toBe('RSK-0007')
    expect(formatReference('issue', 12345)).toBe('ISS-12345')
  })
})

describe('heat map', () => {
  it('counts each risk in its cell, likelihood 5 at the top and impact 1 at the left', () => {
    const items = [
      { likelihood: 4, impact: 3 },
      { likelihood: 4, impact: 3 },
      { likelihood: 1, impact: 5 },
      { likelihood: 5, impact: 5 },
    ]
    const rows = heatMap(items)
    expect(rows.map((r) => r[0]!.likelihood)).toEqual([5, 4, 3, 2, 1])
    expect(rows[0]!.map((c) => c.impact)).toEqual([1, 2, 3, 4, 5])
    const cell = (l: number, i: number) => rows.flat().find((c) => c.likelihood === l && c.impact === i)!
    expect(cell(4, 3)).toMatchObject({ count: 2, score: 12 })
    expect(cell(4, 3).rating.label).toBe('High')
    expect(cell(1, 5)).toMatchObject({ count: 1, score: 5 })
    expect(cell(5, 5).rating.label).toBe('Very high')
    expect(rows.flat().reduce((n, c) => n + c.count, 0)).toBe(items.length)
    expect(rows.flat()).toHaveLength(25)
  })

  it('refuses a point off the matrix instead of dropping it', () => {
    expect(() => heatMap([{ likelihood: 0, impact: 2 }])).toThrow(RangeError)
  })
})

describe('escalation path', () => {
  // Synthetic rows shaped like the Best Chance strategy's governance (test data, not the shipped file).
  const node = (id: string, kind = 'body'): StrategyNodeRow => ({
    strategy_id: 's',
    id,
    kind,
    parent_id: null,
    number: null,
    title: `Body ${id}`,
    text: null,
    detail: {},
    source_file: 'f.txt',
    source_section: null,
    source_quote: 'q',
    position: 0,
    created_at: new Date(),
    updated_at: new Date(),
    archived_at: null,
  })
  const link = (from: string, relation: string, to: string): StrategyLinkRow => ({
    strategy_id: 's',
    from_id: from,
    relation,
    to_strategy_id: 's',
    to_id: to,
    label: null,
    position: 0,
  })
  const model = buildReadModel(
    '1',
    [
      node('s', 'strategy'),
      node('subgroups'),
      node('partnership'),
      node('borough'),
      node('hwb'),
      node('safeguarding'),
      node('delivery'),
      node('executive'),
    ],
    [
      link('subgroups', 'subgroup_of', 'partnership'),
      link('partnership', 'reports_to', 'borough'),
      link('partnership', 'reports_to', 'hwb'),
      link('partnership', 'works_closely_with', 'safeguarding'),
      link('partnership', 'works_closely_with', 'borough'),
      link('delivery', 'delivers_for', 'executive'),
    ],
    's',
  )
  const ids = (from: string | null) => escalationTargets(model, from).map((b) => b.id)

  it('goes up one step: a subgroup to its partnership, a partnership to the bodies it reports to', () => {
    expect(ids('subgroups')).toEqual(['partnership'])
    expect(ids('partnership').sort()).toEqual(['borough', 'hwb'])
    expect(ids('delivery')).toEqual(['executive'])
  })

  it('never goes sideways ("works closely with") or down, and stops at the top', () => {
    expect(ids('partnership')).not.toContain('safeguarding')
    expect(ids('partnership')).not.toContain('subgroups')
    expect(ids('borough')).toEqual([])
    expect(ids('no-such-body')).toEqual([])
  })

  it('brings a risk not yet on a board to any body, each once', () => {
    expect(ids(null).sort()).toEqual([
      'borough',
      'delivery',
      'executive',
      'hwb',
      'partnership',
      'safeguarding',
      'subgroups',
    ])
  })
})

describe('the shared schema', () => {
  const risk = {
    kind: 'risk',
    title: 'Health visitor vacancies',
    cause: 'Vacancies in the health visiting service',
    effect: 'Fewer 2-year checks done on time',
    organisationId: 'nelft',
    ownerRole: 'Head of Health Visiting',
    inherentLikelihood: '4',
    inherentImpact: '4',
    residualLikelihood: '3',
    residualImpact: '4',
    reviewDate: '2026-03-27',
    status: 'open',
    currentBoardId: '',
    outcomeIds: 'best-start; best-start, safe',
    indicatorIds: ['two-year-check'],
  }
  const errorsOf = (input: Record<string, unknown>) => {
    const result = riskSchema.safeParse(input)
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]))
  }

  it('reads a risk as typed values', () => {
    const parsed = riskSchema.parse(risk)
    expect(parsed).toMatchObject({
      inherentLikelihood: 4,
      residualLikelihood: 3,
      residualImpact: 4,
      currentBoardId: null,
      reviewDate: '2026-03-27',
    })
    expect(parsed.outcomeIds).toEqual(['best-start', 'safe'])
    expect(parsed.indicatorIds).toEqual(['two-year-check'])
  })

  it('needs all four scores for a risk, each a whole number from 1 to 5', () => {
    const errors = errorsOf({
      ...risk,
      inherentLikelihood: '',
      inherentImpact: '6',
      residualLikelihood: '2.5',
      residualImpact: undefined,
    })
    expect(errors).toEqual({
      inherentLikelihood: 'Select the inherent likelihood',
      inherentImpact: 'Inherent impact must be a whole number from 1 to 5',
      residualLikelihood: 'Residual likelihood must be a whole number from 1 to 5',
      residualImpact: 'Select the residual impact',
    })
  })

  it('refuses a residual score above the inherent one', () => {
    expect(errorsOf({ ...risk, residualLikelihood: '5', residualImpact: '5' }).residualLikelihood).toMatch(
      /residual score \(25\) cannot be higher than the inherent score \(16\)/,
    )
  })

  it('gives an issue an impact and no likelihood', () => {
    const issue = { ...risk, kind: 'issue', inherentLikelihood: '', inherentImpact: '', residualLikelihood: '' }
    expect(riskSchema.parse(issue)).toMatchObject({
      kind: 'issue',
      inherentLikelihood: null,
      residualLikelihood: null,
      residualImpact: 4,
    })
    expect(errorsOf({ ...issue, residualLikelihood: '3' }).residualLikelihood).toMatch(/issue has already happened/)
    expect(errorsOf({ ...issue, residualImpact: '' }).residualImpact).toBe('Select the impact')
  })

  it('needs a real review date unless the record is closed', () => {
    expect(errorsOf({ ...risk, reviewDate: '' }).reviewDate).toBe('Enter the date of the next review')
    expect(errorsOf({ ...risk, reviewDate: '2026-02-30' }).reviewDate).toMatch(/must be a real date/)
    expect(riskSchema.parse({ ...risk, status: 'closed', reviewDate: '' }).reviewDate).toBeNull()
    expect(isRealDate('2024-02-29')).toBe(true)
    expect(isRealDate('2023-02-29')).toBe(false)
  })

  it('names every missing text field', () => {
    expect(Object.keys(errorsOf({ kind: 'risk', status: 'open' }))).toEqual(
      expect.arrayContaining([
        'title',
        'cause',
        'effect',
        'organisationId',
        'ownerRole',
        'inherentLikelihood',
        'reviewDate',
      ]),
    )
    expect(errorsOf({ ...risk, kind: 'hazard' }).kind).toBe('Select whether this is a risk or an issue')
  })

  it('escalates to a partner organisation only with the organisation and its representative’s role', () => {
    const result = escalationSchema.safeParse({
      target: 'organisation',
      organisationId: '',
      representativeRole: ' ',
      reason: 'Needs the NHS',
    })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['organisationId', 'representativeRole'])
    expect(escalationSchema.parse({ target: 'board:partnership', reason: 'Beyond the subgroup' })).toMatchObject({
      target: 'board:partnership',
      organisationId: null,
    })
    expect(escalationSchema.safeParse({ target: 'board:partnership', reason: '' }).success).toBe(false)
    expect(escalationSchema.safeParse({ target: 'somewhere', reason: 'x' }).success).toBe(false)
  })
})
