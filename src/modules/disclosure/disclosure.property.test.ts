/**
 * Property tests (fast-check) of disclosure control on random SYNTHETIC worlds of figures that add
 * up (test/helpers/disclosure-world.ts): areas within regions within England, sex, age bands and
 * their total, quarters and years, single years and 3-year periods, categories, and a revision.
 * Whatever the world, no small count (or small complement) that is published hidden can be worked
 * out from what is shown, by the probe's closure of single subtractions or by any sums and
 * differences together; suppression keeps every small cell hidden, ends, and does not depend on
 * the order of its input. FUZZ_SEED and FUZZ_PATH (from fast-check's report) replay a failure;
 * FUZZ_RUNS runs more.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { determined, recoverable } from '../../../test/helpers/subtraction.js'
import { worlds, type World } from '../../../test/helpers/disclosure-world.js'
import { runSettings } from '../../../test/helpers/random.js'
import { cellKey, primarySuppression, suppress, type Suppression } from './disclosure.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const settings = runSettings(RUNS, true)

/** The rows shown, and the published rows a small count (or complement) hides, for a suppression. */
function outcome(world: World, status: readonly Suppression[]) {
  const shown = new Set(world.rowOf.filter((_, i) => status[i] === null))
  const small = world.rowOf.filter((_, i) => primarySuppression(world.cells[i]!, world.threshold) !== null)
  return { shown, small }
}

const describeWorld = (w: World) => w.story

describe('disclosure control on random worlds of figures that add up', () => {
  it('leaves no small count that single subtractions, repeated, can recover', () => {
    fc.assert(
      fc.property(worlds, (world) => {
        const { shown, small } = outcome(
          world,
          suppress(world.cells, { threshold: world.threshold, areaParents: world.areaParents }),
        )
        const found = recoverable(world.covers, shown)
        expect(
          small.filter((r) => found.has(r)),
          describeWorld(world),
        ).toEqual([])
      }),
      settings,
    )
  })

  it('leaves no small count that the groups fix together, by any sums and differences', () => {
    let leakyWithoutSecondary = 0
    fc.assert(
      fc.property(worlds, (world) => {
        const status = suppress(world.cells, { threshold: world.threshold, areaParents: world.areaParents })
        const { shown, small } = outcome(world, status)
        const fixed = determined(world.equations, shown)
        expect(
          small.filter((r) => fixed.has(r)),
          describeWorld(world),
        ).toEqual([])
        // The same world with only the small cells hidden: the check can see a leak where there is one.
        const primaryOnly = new Set(world.rowOf.filter((r) => !small.includes(r)))
        if (small.some((r) => determined(world.equations, primaryOnly).has(r))) leakyWithoutSecondary++
      }),
      settings,
    )
    // Most worlds with a small cell leak without secondary suppression: the worlds test something.
    expect(leakyWithoutSecondary).toBeGreaterThan(RUNS / 4)
  })

  it('the exact check finds more than single subtractions do, and never less', () => {
    fc.assert(
      fc.property(worlds, (world) => {
        const shown = new Set(world.rowOf.filter((r) => world.rows[r]!.count >= world.threshold))
        const single = recoverable(world.covers, shown)
        const exact = determined(world.equations, shown)
        for (const r of single) expect(exact.has(r), describeWorld(world)).toBe(true)
      }),
      settings,
    )
  })

  it('keeps every small cell hidden, only ever adds to what the small cells hide, and ends', () => {
    fc.assert(
      fc.property(worlds, (world) => {
        const started = Date.now()
        const status = suppress(world.cells, { threshold: world.threshold, areaParents: world.areaParents })
        expect(Date.now() - started).toBeLessThan(5_000)
        world.cells.forEach((c, i) => {
          const primary = primarySuppression(c, world.threshold)
          // Small cells are hidden as small; everything else hidden is secondary.
          expect(status[i], describeWorld(world)).toBe(primary ?? (status[i] === null ? null : 'secondary'))
        })
        // A higher threshold hides at least every cell the lower one's small cells are.
        const higher = suppress(world.cells, { threshold: world.threshold + 5, areaParents: world.areaParents })
        world.cells.forEach((c, i) => {
          if (primarySuppression(c, world.threshold)) expect(higher[i]).toBe('small-count')
        })
      }),
      settings,
    )
  })

  it('gives the same answer whatever the order of the figures', () => {
    fc.assert(
      fc.property(worlds, fc.nat(), (world, salt) => {
        const byKey = (cells: typeof world.cells, status: Suppression[]) =>
          Object.fromEntries(cells.map((c, i) => [`${cellKey(c)}@${c.recordedAt}`, status[i]]))
        const expected = byKey(
          world.cells,
          suppress(world.cells, { threshold: world.threshold, areaParents: world.areaParents }),
        )
        const shuffled = world.cells
          .map((c, i) => ({ c, sort: ((i + 1) * 2654435761 + salt) % 4294967296 }))
          .sort((a, b) => a.sort - b.sort)
          .map((x) => x.c)
        expect(
          byKey(shuffled, suppress(shuffled, { threshold: world.threshold, areaParents: world.areaParents })),
        ).toEqual(expected)
      }),
      { ...settings, numRuns: Math.ceil(RUNS / 3) },
    )
  })
})
