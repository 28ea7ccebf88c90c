/**
 * Seeded randomness for the fuzz tests' file generators (test/helpers/fuzz-files.ts), and `forAll`,
 * which has fast-check run them: fast-check draws each case's seed, counts the runs and, on a
 * failure, reports how to replay it (FUZZ_SEED=<n> FUZZ_PATH=<path>) with the case itself. The
 * generators stay seeded functions rather than arbitraries: they are async (a workbook is zipped)
 * and build whole damaged files, where shrinking would mean little (docs/decisions/0008).
 */
import fc from 'fast-check'

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence. */
export class Random {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  bool(p = 0.5): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255)
    return out
  }
}

/** The seed fast-check's run starts from: FUZZ_SEED when set (to replay a failure), else fixed, so CI is repeatable. */
export const baseSeed = () => Number(process.env.FUZZ_SEED ?? 20_240_612)

/**
 * fast-check's settings for a run of `runs` cases: the seed, FUZZ_PATH to replay one case of it,
 * and whether to shrink a failing case (not for seeds: a smaller seed is not a simpler case).
 */
export function runSettings(
  runs: number,
  shrink = false,
): { numRuns: number; seed: number; path?: string; endOnFailure: boolean } {
  const path = process.env.FUZZ_PATH
  return { numRuns: runs, seed: baseSeed(), ...(path ? { path } : {}), endOnFailure: !shrink }
}

/**
 * Runs `property` on `runs` cases, each generated from its own seed drawn by fast-check; a failure
 * names the case's seed and describes it, and fast-check's report says how to replay it.
 */
export async function forAll<T>(
  runs: number,
  generate: (random: Random) => T | Promise<T>,
  property: (value: T, random: Random) => void | Promise<void>,
  describeCase: (value: T) => string = (v) => JSON.stringify(v)?.slice(0, 500) ?? String(v),
): Promise<void> {
  const seeds = fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff }))
  await fc.assert(
    fc.asyncProperty(seeds, async (seed) => {
      const random = new Random(seed)
      const value = await generate(random)
      try {
        await property(value, random)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        throw new Error(`property failed for the case from seed ${seed}: ${message}\ncase: ${describeCase(value)}`, {
          cause: error,
        })
      }
    }),
    runSettings(runs),
  )
}
