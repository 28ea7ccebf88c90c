/**
 * Which hidden figures a reader could still work out exactly from the shown ones, by any sums and
 * differences of the additive groups together, not one group at a time. Pure.
 *
 * Every group is an equation: total − Σ members = 0. Shown figures are known numbers; hidden ones
 * are the unknowns. A hidden figure is given away exactly when its unknown is fixed by the
 * equations, that is when it lies in their row space: found by reducing the equations over the
 * hidden figures to reduced row echelon form, in exact whole-number arithmetic. The rule of one
 * hidden cell per group misses some cases this finds (two groups of two hidden figures each,
 * joined by a third hidden figure, give that figure away).
 */
import type { Partition } from './partitions.js'

/**
 * The figures among `targets` (hidden ones) that the equations fix, given which figures are hidden.
 * Works one connected set of hidden figures at a time.
 */
export function fixedFigures(
  hidden: readonly boolean[],
  partitions: readonly Partition[],
  targets: readonly number[],
): number[] {
  const equations = partitions
    .map((p) => [[p.total, 1n] as const, ...p.members.map((m) => [m, -1n] as const)].filter(([i]) => hidden[i]))
    .filter((terms) => terms.length > 0)
  const parent = new Map<number, number>()
  const find = (i: number): number => {
    let root = i
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!
    parent.set(i, root)
    return root
  }
  for (const terms of equations) {
    for (const [i] of terms) if (!parent.has(i)) parent.set(i, i)
    for (const [i] of terms.slice(1)) parent.set(find(i), find(terms[0]![0]))
  }
  const byComponent = new Map<number, (readonly (readonly [number, bigint])[])[]>()
  for (const terms of equations) {
    const root = find(terms[0]![0])
    const list = byComponent.get(root)
    if (list) list.push(terms)
    else byComponent.set(root, [terms])
  }
  const wanted = new Set(targets.filter((t) => parent.has(t)))
  const fixed: number[] = []
  const done = new Set<number>()
  for (const t of wanted) {
    const root = find(t)
    if (done.has(root)) continue
    done.add(root)
    const determined = determinedIn(byComponent.get(root) ?? [])
    for (const i of determined) if (wanted.has(i)) fixed.push(i)
  }
  return fixed.sort((a, b) => a - b)
}

/** The unknowns a set of equations fixes. */
function determinedIn(equations: readonly (readonly (readonly [number, bigint])[])[]): number[] {
  const unknowns = [...new Set(equations.flatMap((terms) => terms.map(([i]) => i)))]
  const column = new Map(unknowns.map((u, c) => [u, c]))
  const rows = equations.map((terms) => {
    const row = new Array<bigint>(unknowns.length).fill(0n)
    for (const [i, coefficient] of terms) row[column.get(i)!]! += coefficient
    return row
  })
  const pivots = reduce(rows, unknowns.length)
  const out: number[] = []
  for (const [col, r] of pivots) {
    // Fixed when the row of its pivot has nothing in any column without a pivot.
    if (rows[r]!.every((v, c) => c === col || v === 0n || pivots.has(c))) out.push(unknowns[col]!)
  }
  return out
}

/** Reduced row echelon form in place; the pivot columns and their rows. */
function reduce(rows: bigint[][], width: number): Map<number, number> {
  const pivots = new Map<number, number>()
  let next = 0
  for (let col = 0; col < width && next < rows.length; col++) {
    const r = rows.findIndex((row, k) => k >= next && row[col] !== 0n)
    if (r === -1) continue
    ;[rows[next], rows[r]] = [rows[r]!, rows[next]!]
    const pivot = rows[next]!
    for (let k = 0; k < rows.length; k++) {
      if (k === next || rows[k]![col] === 0n) continue
      const a = pivot[col]!
      const b = rows[k]![col]!
      rows[k] = normalise(rows[k]!.map((v, c) => a * v - b * pivot[c]!))
    }
    pivots.set(col, next)
    next++
  }
  return pivots
}

/** A row divided by the greatest common divisor of its entries, so numbers stay small. */
function normalise(row: bigint[]): bigint[] {
  let g = 0n
  for (const v of row) {
    let a = v < 0n ? -v : v
    let b = g
    while (b !== 0n) [a, b] = [b, a % b]
    g = a
  }
  return g > 1n ? row.map((v) => v / g) : row
}
