/**
 * Statistical disclosure control for public outputs. Pure: cells in, a suppression per cell out.
 * The rules, and why, are in docs/decisions/0011-disclosure-control-by-subtraction.md.
 *
 * Primary suppression hides a cell whose count is below the threshold (0 included); a cell with no
 * count whose denominator is below it (its value would give the count away); and, for a
 * proportion, a cell whose complement (denominator minus count: the people without the outcome)
 * is below it, since "37 of 41" says 4 children did not.
 *
 * Secondary suppression stops a hidden cell being worked out by adding and subtracting shown
 * ones, across every additive group a reader can difference (partitions.ts: sex, categories, the
 * area hierarchy, age bands, periods, and every version served). Where exactly one cell of a group
 * is hidden, one more is hidden: the shown member with the smallest count (the least information
 * lost), or the total if no member is left; this repeats until nothing changes. Then an exact
 * check (audit.ts) looks for a small cell the groups give away together rather than one at a
 * time; for each, one more cell of its groups is hidden and the rule runs again, until none is.
 * A complement needs nothing more: with the denominators shown, a complement can be worked out
 * exactly when its count can.
 */
import { fixedFigures } from './audit.js'
import { buildPartitions, type GroupedCell, type Partition } from './partitions.js'

export const SUPPRESSED_TEXT = 'Suppressed (small number)'
export const DEFAULT_DISCLOSURE_THRESHOLD = 5

export type Suppression = 'small-count' | 'secondary' | null

/** A figure as disclosure control needs it. */
export interface Cell extends GroupedCell {
  denominator: number | null
  /** The count is part of the denominator (a proportion), so denominator − count is a count of people too. */
  complementary?: boolean
}

export interface SuppressionOptions {
  /** Counts below this are small (default 5). */
  threshold?: number
  /** Area code → its parent's code (every area, not only those with figures), for the area groups. */
  areaParents?: ReadonlyMap<string, string | null>
}

/** The cell's identity: one figure of one indicator (its versions share it). */
export function cellKey(c: Omit<Cell, 'count' | 'denominator'>): string {
  return [c.indicatorId, c.areaCode, c.periodKey, c.sex, c.age, c.categoryType, c.category].join('|')
}

export function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the disclosure threshold must be a whole number of at least 1, not ${threshold}`)
  return threshold
}

/** Primary suppression of one cell. */
export function primarySuppression(
  cell: Pick<Cell, 'count' | 'denominator' | 'complementary'>,
  threshold = DEFAULT_DISCLOSURE_THRESHOLD,
): Suppression {
  if (cell.count !== null) {
    if (cell.count < threshold) return 'small-count'
    return cell.complementary && cell.denominator !== null && cell.denominator - cell.count < threshold
      ? 'small-count'
      : null
  }
  return cell.denominator !== null && cell.denominator < threshold ? 'small-count' : null
}

/**
 * The suppression of every cell, in the order given. Deterministic: the result does not depend on
 * the cells' order, and ties between equal counts go to the first cell in key order (then the
 * earlier version).
 */
export function suppress(cells: readonly Cell[], options: SuppressionOptions = {}): Suppression[] {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_DISCLOSURE_THRESHOLD)
  const status: Suppression[] = cells.map((c) => primarySuppression(c, threshold))
  const keys = cells.map(cellKey)
  const order = cells
    .map((_, i) => i)
    .sort((a, b) =>
      keys[a]! < keys[b]!
        ? -1
        : keys[a]! > keys[b]!
          ? 1
          : (cells[a]!.recordedAt ?? 0) - (cells[b]!.recordedAt ?? 0) || a - b,
    )
  const rank = new Array<number>(cells.length)
  order.forEach((cellIndex, position) => (rank[cellIndex] = position))
  const partitions = buildPartitions(cells, order, options.areaParents ?? new Map())
  const groups = new Groups(cells, partitions, status, rank)
  groups.settle(partitions.map((_, i) => i))

  // The exact check: a small cell still fixed by the groups together takes one more cell with it.
  const small = cells.map((_, i) => i).filter((i) => status[i] === 'small-count' && cells[i]!.count !== null)
  const unprotectable = new Set<number>()
  for (;;) {
    const fixed = fixedFigures(
      status.map((s) => s !== null),
      partitions,
      small.filter((i) => !unprotectable.has(i)),
    )
    if (fixed.length === 0) break
    const first = fixed.reduce((a, b) => (rank[b]! < rank[a]! ? b : a))
    const chosen = groups.smallestShownNear(first)
    // Nothing left to hide near it (the groups alone fix it): hiding more cannot help.
    if (chosen === null) unprotectable.add(first)
    else groups.hide(chosen)
  }
  return status
}

/** The cells' groups, and the rule of one hidden cell per group applied over them. */
class Groups {
  private readonly of: number[][]

  constructor(
    private readonly cells: readonly Cell[],
    private readonly partitions: readonly Partition[],
    private readonly status: Suppression[],
    private readonly rank: readonly number[],
  ) {
    this.of = cells.map(() => [])
    partitions.forEach((p, pi) => {
      for (const i of [p.total, ...p.members]) this.of[i]!.push(pi)
    })
  }

  /** Hides a cell and settles the groups it is in. */
  hide(i: number): void {
    this.status[i] = 'secondary'
    this.settle(this.of[i]!)
  }

  /**
   * Until no group has exactly one hidden cell: in one that has, hides the shown member with the
   * smallest count, or the total when no member is shown. A work list of groups to (re)check:
   * a group returns to it when a cell in it is hidden.
   */
  settle(start: number[]): void {
    const queue = [...start]
    const queued = this.partitions.map(() => false)
    for (const pi of queue) queued[pi] = true
    for (let head = 0; head < queue.length; head++) {
      const pi = queue[head]!
      queued[pi] = false
      const p = this.partitions[pi]!
      const hidden = [p.total, ...p.members].filter((i) => this.status[i] !== null).length
      if (hidden !== 1) continue
      const shown = p.members.filter((i) => this.status[i] === null)
      const chosen = shown.length ? this.smallest(shown) : p.total
      this.status[chosen] = 'secondary'
      for (const next of this.of[chosen]!) {
        if (!queued[next]) {
          queued[next] = true
          queue.push(next)
        }
      }
    }
  }

  /** The shown cell with the smallest count in the groups of a cell, or else in any group touching them. */
  smallestShownNear(i: number): number | null {
    const shownIn = (pis: number[]) =>
      pis
        .flatMap((pi) => [this.partitions[pi]!.total, ...this.partitions[pi]!.members])
        .filter((c) => this.status[c] === null)
    const own = shownIn(this.of[i]!)
    if (own.length) return this.smallest(own)
    const nearby = new Set(
      this.of[i]!.flatMap((pi) => [this.partitions[pi]!.total, ...this.partitions[pi]!.members]).flatMap(
        (c) => this.of[c]!,
      ),
    )
    const further = shownIn([...nearby])
    return further.length ? this.smallest(further) : null
  }

  private smallest(candidates: number[]): number {
    const count = (i: number) => this.cells[i]!.count!
    return candidates.reduce((best, i) =>
      count(i) < count(best) || (count(i) === count(best) && this.rank[i]! < this.rank[best]!) ? i : best,
    )
  }
}
