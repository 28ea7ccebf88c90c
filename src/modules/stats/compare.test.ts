import { describe, expect, it } from 'vitest'
import { compareAtTwoLevels, compareWithBenchmark, compareWithGoal } from './compare.js'
import { ComparisonLabel, GoalLabel, Polarity, TwoLevelExtremeLabel } from './labels.js'

const { highIsGood, lowIsGood, noJudgement } = Polarity
const above = { value: 60, lower: 55, upper: 65 }
const below = { value: 40, lower: 35, upper: 45 }
const around = { value: 52, lower: 45, upper: 58 }

describe('compareWithBenchmark (CI overlapping the benchmark value)', () => {
  it('labels each polarity', () => {
    expect([above, around, below].map((a) => compareWithBenchmark(a, 50, highIsGood))).toEqual([
      'Better',
      'Similar',
      'Worse',
    ])
    expect([above, around, below].map((a) => compareWithBenchmark(a, 50, lowIsGood))).toEqual([
      'Worse',
      'Similar',
      'Better',
    ])
    expect([above, around, below].map((a) => compareWithBenchmark(a, 50, noJudgement))).toEqual([
      'Higher',
      'Similar',
      'Lower',
    ])
  })

  it('treats a benchmark on either limit as Similar', () => {
    expect(compareWithBenchmark(above, 55, highIsGood)).toBe(ComparisonLabel.similar)
    expect(compareWithBenchmark(above, 65, highIsGood)).toBe(ComparisonLabel.similar)
    expect(compareWithBenchmark(above, 54.999, highIsGood)).toBe(ComparisonLabel.better)
  })

  it('does not compare when anything is missing', () => {
    expect(compareWithBenchmark({ ...above, lower: null }, 50, highIsGood)).toBe(ComparisonLabel.notCompared)
    expect(compareWithBenchmark({ ...above, value: null }, 50, highIsGood)).toBe(ComparisonLabel.notCompared)
    expect(compareWithBenchmark(above, null, highIsGood)).toBe(ComparisonLabel.notCompared)
    expect(compareWithBenchmark(above, Number.NaN, highIsGood)).toBe(ComparisonLabel.notCompared)
  })
})

describe('compareAtTwoLevels (95% and 99.8%)', () => {
  const area = { value: 60, lower95: 56, upper95: 64, lower99_8: 53, upper99_8: 67 }

  it('says at which level a difference is significant', () => {
    expect(compareAtTwoLevels(area, 60, highIsGood)).toEqual({
      label: 'Similar',
      significantAt: null,
      display: 'Similar',
    })
    expect(compareAtTwoLevels(area, 54, highIsGood)).toEqual({
      label: 'Better',
      significantAt: 0.95,
      display: 'Better',
    })
    expect(compareAtTwoLevels(area, 50, highIsGood)).toEqual({
      label: 'Better',
      significantAt: 0.998,
      display: TwoLevelExtremeLabel.best,
    })
    expect(compareAtTwoLevels(area, 66, highIsGood)).toEqual({ label: 'Worse', significantAt: 0.95, display: 'Worse' })
    expect(compareAtTwoLevels(area, 70, highIsGood)).toEqual({
      label: 'Worse',
      significantAt: 0.998,
      display: TwoLevelExtremeLabel.worst,
    })
  })

  it('applies polarity, and keeps Higher/Lower for no judgement', () => {
    expect(compareAtTwoLevels(area, 50, lowIsGood)).toMatchObject({ label: 'Worse', display: 'Worst' })
    expect(compareAtTwoLevels(area, 50, noJudgement)).toEqual({
      label: 'Higher',
      significantAt: 0.998,
      display: 'Higher',
    })
    expect(compareAtTwoLevels({ ...area, upper99_8: null }, 50, lowIsGood).label).toBe(ComparisonLabel.notCompared)
  })
})

describe('compareWithGoal', () => {
  it('compares a value with a threshold by polarity', () => {
    const goal = { kind: 'threshold', limit: 50 } as const
    expect(compareWithGoal(above, goal, highIsGood)).toBe(GoalLabel.green)
    expect(compareWithGoal(below, goal, highIsGood)).toBe(GoalLabel.red)
    expect(compareWithGoal({ ...below, value: 50 }, goal, lowIsGood)).toBe(GoalLabel.green)
    expect(compareWithGoal(above, goal, lowIsGood)).toBe(GoalLabel.red)
    expect(compareWithGoal(above, goal, noJudgement)).toBe(GoalLabel.notCompared)
  })

  it('is amber when the 95% interval straddles the threshold, if asked to use it', () => {
    const goal = { kind: 'threshold', limit: 50, useConfidenceInterval: true } as const
    expect(compareWithGoal(around, goal, highIsGood)).toBe(GoalLabel.amber)
    expect(compareWithGoal(above, goal, highIsGood)).toBe(GoalLabel.green)
    expect(compareWithGoal(below, goal, lowIsGood)).toBe(GoalLabel.green)
  })

  it('is amber inside a range, green or red outside it', () => {
    const goal = { kind: 'range', lower: 45, upper: 55 } as const
    expect(compareWithGoal(below, goal, lowIsGood)).toBe(GoalLabel.green)
    expect(compareWithGoal(around, goal, lowIsGood)).toBe(GoalLabel.amber)
    expect(compareWithGoal({ ...around, value: 55 }, goal, lowIsGood)).toBe(GoalLabel.red)
    expect(compareWithGoal(above, goal, highIsGood)).toBe(GoalLabel.green)
    expect(compareWithGoal(below, goal, highIsGood)).toBe(GoalLabel.red)
  })
})
