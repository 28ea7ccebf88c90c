/**
 * Statistical disclosure control for public outputs. Pure: cells in, a suppression per cell out.
 *
 * Primary suppression hides a cell whose count is below the threshold (0 included), and a cell
 * with no count whose denominator is below it (its value would give the count away).
 *
 * Secondary suppression stops a hidden cell being worked out by subtraction. Cells related by
 * addition form partitions: a total and its members. Where exactly one cell of a partition is
 * hidden and every other is shown, the total minus the rest would reveal it, so one more cell is
 * hidden: the shown member with the smallest count (the least information lost), or the total if
 * no member is left. A cell can sit in several partitions (sex, categories, areas), so hiding one
 * can expose another: this repeats until nothing changes.
 *
 * Partitions, among cells that have counts (a cell without a count cannot be subtracted):
 * - sex: Male + Female = Persons, for the same indicator, area, period, age and category;
 * - categories: within one category type, the categories add up to the row with no category, for
 *   the same indicator, area, period, sex and age (every category type is treated as additive);
 * - areas: London boroughs add up to London, and regions to England, by the areas' parent codes.
 * Age bands are NOT partitions: bands overlap (0-4, 0-15, under 18 …) and need not tile an "all
 * ages" row, so subtracting one from another proves nothing and would hide figures for no reason.
 *
 * A partition with members missing from the data is still checked as if complete, which can hide
 * more than strictly needed. (What it cannot see: a member never published at all, worked out as the
 * total minus the members shown; sources publish such totals themselves.)
 */
import { ENGLAND, LONDON } from '../indicators/summaries/summarise.js'

export const SUPPRESSED_TEXT = 'Suppressed (small number)'
export const DEFAULT_DISCLOSURE_THRESHOLD = 5

export type Suppression = 'small-count' | 'secondary' | null

/** Parents whose children add up to them: London's boroughs, England's regions. */
export const ADDITIVE_PARENTS: readonly string[] = [LONDON, ENGLAND]

/** A figure as disclosure control needs it. */
export interface Cell {
  indicatorId: string
  areaCode: string
  periodKey: string
  sex: string
  age: string
  categoryType: string
  category: string
  count: number | null
  denominator: number | null
}

export interface SuppressionOptions {
  /** Counts below this are small (default 5). */
  threshold?: number
  /** Area code → its parent's code, for the area partitions. */
  areaParents?: ReadonlyMap<string, string | null>
}

/** The cell's identity: one figure of one indicator. */
export function cellKey(c: Omit<Cell, 'count' | 'denominator'>): string {
  return [c.indicatorId, c.areaCode, c.periodKey, c.sex, c.age, c.categoryType, c.category].join('|')
}

export function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`the disclosure threshold must be a whole number of at least 1, not ${threshold}`)
  return threshold
}

/** Primary suppression of one cell. */
export function primarySuppression(cell: Pick<Cell, 'count' | 'denominator'>, threshold = DEFAULT_DISCLOSURE_THRESHOLD): Suppression {
  if (cell.count !== null) return cell.count < threshold ? 'small-count' : null
  return cell.denominator !== null && cell.denominator < threshold ? 'small-count' : null
}

interface Partition {
  total: number
  members: number[]
}

/**
 * The suppression of every cell, in the order given. Deterministic: the result does not depend on
 * the cells' order, and ties between equal counts go to the first cell in key order.
 */
export function suppress(cells: readonly Cell[], options: SuppressionOptions = {}): Suppression[] {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_DISCLOSURE_THRESHOLD)
  const status: Suppression[] = cells.map((c) => primarySuppression(c, threshold))
  const keys = cells.map(cellKey)
  // Work in key order so neither the partitions nor the choices depend on the input's order.
  const order = cells.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b))
  const partitions = buildPartitions(cells, order, options.areaParents ?? new Map())

  const partitionsOf: number[][] = cells.map(() => [])
  partitions.forEach((p, pi) => {
    for (const i of [p.total, ...p.members]) partitionsOf[i]!.push(pi)
  })
  const rank = new Array<number>(cells.length)
  order.forEach((cellIndex, position) => (rank[cellIndex] = position))

  // A work list of partitions to (re)check: each starts on it; one returns when a cell in it is hidden.
  const queue = partitions.map((_, i) => i)
  const queued = partitions.map(() => true)
  for (let head = 0; head < queue.length; head++) {
    const pi = queue[head]!
    queued[pi] = false
    const p = partitions[pi]!
    const hidden = [p.total, ...p.members].filter((i) => status[i] !== null).length
    if (hidden !== 1) continue
    const shownMembers = p.members.filter((i) => status[i] === null)
    const chosen = shownMembers.length
      ? shownMembers.reduce((best, i) => (cells[i]!.count! < cells[best]!.count! || (cells[i]!.count === cells[best]!.count && rank[i]! < rank[best]!) ? i : best))
      : p.total
    status[chosen] = 'secondary'
    for (const next of partitionsOf[chosen]!) {
      if (!queued[next]) {
        queued[next] = true
        queue.push(next)
      }
    }
  }
  return status
}

/** Groups cell indices by a key, keeping the given order within and across groups. */
function groupBy(indices: number[], keyOf: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>()
  for (const i of indices) {
    const k = keyOf(i)
    const list = groups.get(k)
    if (list) list.push(i)
    else groups.set(k, [i])
  }
  return groups
}

function buildPartitions(cells: readonly Cell[], order: number[], areaParents: ReadonlyMap<string, string | null>): Partition[] {
  const counted = order.filter((i) => cells[i]!.count !== null)
  const c = (i: number) => cells[i]!
  const partitions: Partition[] = []
  const add = (total: number | undefined, members: number[]) => {
    if (total !== undefined && members.length > 0) partitions.push({ total, members })
  }

  // Sex: Male + Female = Persons.
  const bySexGroup = groupBy(counted, (i) => [c(i).indicatorId, c(i).areaCode, c(i).periodKey, c(i).age, c(i).categoryType, c(i).category].join('|'))
  for (const group of bySexGroup.values()) {
    const sex = (i: number) => c(i).sex.toLowerCase()
    add(
      group.find((i) => sex(i) === 'persons'),
      group.filter((i) => sex(i) === 'male' || sex(i) === 'female'),
    )
  }

  // Categories: within each category type, the categories add up to the row with no category.
  const byBreakdownGroup = groupBy(counted, (i) => [c(i).indicatorId, c(i).areaCode, c(i).periodKey, c(i).sex, c(i).age].join('|'))
  for (const group of byBreakdownGroup.values()) {
    const total = group.find((i) => c(i).categoryType === '' && c(i).category === '')
    const byType = groupBy(
      group.filter((i) => c(i).categoryType !== ''),
      (i) => c(i).categoryType,
    )
    for (const members of byType.values()) add(total, members)
  }

  // Areas: children of an additive parent add up to it.
  const byAreaGroup = groupBy(counted, (i) => [c(i).indicatorId, c(i).periodKey, c(i).sex, c(i).age, c(i).categoryType, c(i).category].join('|'))
  for (const group of byAreaGroup.values()) {
    for (const parent of ADDITIVE_PARENTS) {
      add(
        group.find((i) => c(i).areaCode === parent),
        group.filter((i) => areaParents.get(c(i).areaCode) === parent),
      )
    }
  }
  return partitions
}
