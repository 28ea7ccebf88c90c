/**
 * Seeded randomness for property tests, and a runner that names the seed and the case that failed.
 * fast-check is not a dependency yet (see docs/decisions/0008-seeded-property-tests.md): this is the
 * small part of it these tests need, so a failure is reproduced by its seed (FUZZ_SEED=<n>).
 */

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

/** The seed a run starts from: FUZZ_SEED when set (to replay a failure), else fixed, so CI is repeatable. */
export const baseSeed = () => Number(process.env.FUZZ_SEED ?? 20_240_612)

/**
 * Runs `property` on `runs` cases, each from its own seed; a failure says the seed and the case's
 * description, so it can be replayed alone.
 */
export async function forAll<T>(
  runs: number,
  generate: (random: Random) => T | Promise<T>,
  property: (value: T, random: Random) => void | Promise<void>,
  describeCase: (value: T) => string = (v) => JSON.stringify(v)?.slice(0, 500) ?? String(v),
): Promise<void> {
  const start = baseSeed()
  for (let run = 0; run < runs; run++) {
    const seed = start + run
    const random = new Random(seed)
    const value = await generate(random)
    try {
      await property(value, random)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new Error(`property failed for FUZZ_SEED=${seed} (run ${run + 1} of ${runs}): ${message}\ncase: ${describeCase(value)}`, { cause: error })
    }
  }
}
