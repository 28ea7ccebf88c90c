import { describe, expect, it } from 'vitest'
import { progressAgainstTarget, project, ProgressLabel, targetDirection } from './forecast.js'
import { Polarity } from './labels.js'

const line = [2016, 2017, 2018, 2019, 2020, 2021].map((period) => ({ period, value: 50 + 2 * (period - 2016) }))
const noisy = line.map((p, i) => ({ ...p, value: p.value + [0.4, -0.3, 0.5, -0.6, 0.2, -0.1][i] }))

describe('project', () => {
  it('extends a straight line exactly, using the last 5 points', () => {
    const projection = project(line)
    expect(projection.pointsUsed).toBe(5)
    expect(projection.slope).toBeCloseTo(2, 12)
    const at2025 = projection.at(2025)
    expect(at2025.value).toBeCloseTo(68, 10)
    expect(at2025.upper - at2025.lower).toBeCloseTo(0, 8)
  })

  it('gives a band that widens with distance and with confidence', () => {
    const projection = project(noisy)
    const near = projection.at(2022)
    const far = projection.at(2030)
    expect(far.upper - far.lower).toBeGreaterThan(near.upper - near.lower)
    const wider = project(noisy, { confidence: 0.998 }).at(2022)
    expect(wider.upper - wider.lower).toBeGreaterThan(near.upper - near.lower)
    expect(near.lower).toBeLessThan(near.value)
  })

  it('weights points by their intervals when every point has one', () => {
    const withIntervals = noisy.map((p, i) => ({
      ...p,
      lower95: p.value - (i === 5 ? 0.1 : 5),
      upper95: p.value + (i === 5 ? 0.1 : 5),
    }))
    const projection = project(withIntervals)
    expect(projection.weighted).toBe(true)
    // The very precise latest point pulls the line through itself.
    expect(projection.at(2021).value).toBeCloseTo(withIntervals[5].value, 1)
    expect(() => project(line.slice(0, 2))).toThrow(/at least 3/)
  })
})

describe('progressAgainstTarget', () => {
  it('is Achieved when the latest value meets the target', () => {
    expect(progressAgainstTarget(line, { value: 55, period: 2025, direction: 'at-least' }).label).toBe(
      ProgressLabel.achieved,
    )
  })

  it('is On track when the projection meets it by the target date, else Off track', () => {
    expect(progressAgainstTarget(noisy, { value: 66, period: 2025, direction: 'at-least' }).label).toBe(
      ProgressLabel.onTrack,
    )
    expect(progressAgainstTarget(noisy, { value: 75, period: 2025, direction: 'at-least' }).label).toBe(
      ProgressLabel.offTrack,
    )
    expect(progressAgainstTarget(noisy, { value: 40, period: 2025, direction: 'at-most' }).label).toBe(
      ProgressLabel.offTrack,
    )
  })

  it('takes the direction from polarity', () => {
    expect(targetDirection(Polarity.highIsGood)).toBe('at-least')
    expect(targetDirection(Polarity.lowIsGood)).toBe('at-most')
    expect(targetDirection(Polarity.noJudgement)).toBeNull()
  })
})
