/**
 * What a reader can work out from published figures by adding and subtracting them: written for
 * the tests, apart from the product's own code (src/modules/disclosure/audit.ts), so the two check
 * each other. Figures are numbered; a group is [total, ...members] with total = Σ members.
 *
 * - `recoverable`: the closure the probe used. In any group where every figure but one is known,
 *   the last one is known too; repeat until nothing changes.
 * - `determined`: every figure fixed by the groups together (a figure is fixed when no change to
 *   the unknowns that keeps every group adding up can change it), by floating-point reduction.
 */

/** The unknown figures the closure of single subtractions recovers. */
export function recoverable(groups: readonly (readonly number[])[], known: ReadonlySet<number>): Set<number> {
  const have = new Set(known)
  const found = new Set<number>()
  for (let changed = true; changed;) {
    changed = false
    for (const group of groups) {
      const missing = group.filter((i) => !have.has(i))
      if (missing.length !== 1) continue
      have.add(missing[0]!)
      found.add(missing[0]!)
      changed = true
    }
  }
  return found
}

const EPSILON = 1e-9

/** The unknown figures that the groups, taken together, fix exactly. */
export function determined(groups: readonly (readonly number[])[], known: ReadonlySet<number>): Set<number> {
  const unknowns = [...new Set(groups.flat().filter((i) => !known.has(i)))].sort((a, b) => a - b)
  const column = new Map(unknowns.map((u, c) => [u, c]))
  const width = unknowns.length
  const rows: number[][] = []
  for (const [total, ...members] of groups) {
    const row = new Array<number>(width).fill(0)
    let any = false
    for (const [i, sign] of [[total!, 1], ...members.map((m) => [m, -1])] as [number, number][]) {
      const c = column.get(i)
      if (c === undefined) continue
      row[c]! += sign
      any = true
    }
    if (any) rows.push(row)
  }
  // Gauss-Jordan with partial pivoting.
  const pivotOf = new Map<number, number>()
  let r = 0
  for (let c = 0; c < width && r < rows.length; c++) {
    let best = r
    for (let k = r + 1; k < rows.length; k++) if (Math.abs(rows[k]![c]!) > Math.abs(rows[best]![c]!)) best = k
    if (Math.abs(rows[best]![c]!) < EPSILON) continue
    ;[rows[r], rows[best]] = [rows[best]!, rows[r]!]
    const p = rows[r]![c]!
    rows[r] = rows[r]!.map((v) => v / p)
    for (let k = 0; k < rows.length; k++) {
      if (k === r) continue
      const f = rows[k]![c]!
      if (Math.abs(f) < EPSILON) continue
      rows[k] = rows[k]!.map((v, j) => v - f * rows[r]![j]!)
    }
    pivotOf.set(c, r)
    r++
  }
  const out = new Set<number>()
  for (const [c, row] of pivotOf) {
    if (rows[row]!.every((v, j) => j === c || pivotOf.has(j) || Math.abs(v) < EPSILON)) out.add(unknowns[c]!)
  }
  return out
}
