import { describe, expect, it } from 'vitest'
import { ComparisonLabel, GoalLabel, Polarity, QUINTILE_LABELS, TrendLabel, parsePolarity } from './labels.js'

describe('Fingertips vocabulary', () => {
  it('uses the exact Fingertips wording', () => {
    expect(Object.values(ComparisonLabel)).toEqual(['Better', 'Similar', 'Worse', 'Higher', 'Lower', 'Not compared'])
    expect(Object.values(GoalLabel)).toEqual(['Red', 'Amber', 'Green', 'Not compared'])
    expect(Object.values(TrendLabel)).toEqual([
      'Increasing and getting better',
      'Increasing and getting worse',
      'Decreasing and getting better',
      'Decreasing and getting worse',
      'Increasing',
      'Decreasing',
      'No significant change',
      'Cannot be calculated',
    ])
    expect(QUINTILE_LABELS[0]).toBe('Lowest quintile')
    expect(QUINTILE_LABELS[4]).toBe('Highest quintile')
  })

  it('reads polarity as analysts and Fingertips write it', () => {
    expect(parsePolarity('high')).toBe(Polarity.highIsGood)
    expect(parsePolarity(' RAG - Low is good ')).toBe(Polarity.lowIsGood)
    expect(parsePolarity('Low is good')).toBe(Polarity.lowIsGood)
    expect(parsePolarity('No judgement')).toBe(Polarity.noJudgement)
    expect(parsePolarity('none')).toBe(Polarity.noJudgement)
    expect(parsePolarity('BOB')).toBe(Polarity.noJudgement)
    expect(parsePolarity('Not applicable')).toBeNull()
    expect(parsePolarity('sideways')).toBeNull()
  })
})
