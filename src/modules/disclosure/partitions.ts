/**
 * The additive groups a reader can difference: a total and members that add up to it. Pure.
 *
 * Figures of one indicator that differ in one respect only form a family, and within a family:
 * - sex: Male + Female = Persons;
 * - categories: within one category type, the categories add up to the row with no category;
 * - areas: the areas' own hierarchy. An area is the total of its children, and of its descendants
 *   at each depth: England of its regions and of all upper-tier authorities, a region of its
 *   authorities;
 * - ages: bands that tile a band add up to it ("0-4" + "5-17" = "0-17"), and bands that tile the
 *   span of every band present add up to the all-ages row;
 * - periods: periods that tile a period add up to it: quarters their year, single years their
 *   3-year period, months their quarter.
 * Only figures with counts take part (a figure without one cannot be subtracted). A group with
 * members missing from the data is still checked as if complete, which can hide more than needed.
 *
 * Across time: every version ever served is a figure of its own, and a family's groups are formed
 * in each state it has been in, its current one and the one just before each revision. A figure
 * unchanged by a revision is one figure in both states, so what is hidden in one is hidden in the
 * other, and an earlier state cannot be subtracted from a later one.
 */
import { ageSpan, periodSpan, tilings, type Span } from './spans.js'

/** A figure as grouping needs it. */
export interface GroupedCell {
  indicatorId: string
  areaCode: string
  periodKey: string
  sex: string
  age: string
  categoryType: string
  category: string
  count: number | null
  /** When this version was recorded, and replaced (null: current); both absent: the only version. */
  recordedAt?: number
  replacedAt?: number | null
}

export interface Partition {
  total: number
  members: number[]
}

type Dimension = 'sex' | 'category' | 'area' | 'age' | 'period'
type Build = (
  alive: number[],
  cells: readonly GroupedCell[],
  add: (total: number | undefined, members: number[]) => void,
) => void

/** The deepest area hierarchy walked (England, region, authority is 3): a guard against a loop in the data. */
const MAX_AREA_DEPTH = 8

/** Every additive group among the cells, each once. `order` is the cells' indices in key order. */
export function buildPartitions(
  cells: readonly GroupedCell[],
  order: readonly number[],
  areaParents: ReadonlyMap<string, string | null>,
): Partition[] {
  const counted = order.filter((i) => cells[i]!.count !== null)
  const partitions: Partition[] = []
  const seen = new Set<string>()
  const add = (total: number | undefined, members: number[]) => {
    if (total === undefined || members.length === 0) return
    const signature = `${total}:${[...members].sort((a, b) => a - b).join(',')}`
    if (seen.has(signature)) return
    seen.add(signature)
    partitions.push({ total, members })
  }
  const builders: Record<Dimension, Build> = {
    sex: bySex,
    category: byCategory,
    area: byArea(areaParents),
    age: byAge,
    period: byPeriod,
  }
  for (const dimension of Object.keys(builders) as Dimension[]) {
    for (const family of groupBy(counted, (i) => familyKey(cells[i]!, dimension)).values()) {
      for (const alive of states(family, cells)) builders[dimension](alive, cells, add)
    }
  }
  return partitions
}

function familyKey(c: GroupedCell, without: Dimension): string {
  return [
    c.indicatorId,
    without === 'area' ? '' : c.areaCode,
    without === 'period' ? '' : c.periodKey,
    without === 'sex' ? '' : c.sex,
    without === 'age' ? '' : c.age,
    without === 'category' ? '' : `${c.categoryType}|${c.category}`,
  ].join('|')
}

/**
 * The states a family has been served in, as the figures current in each: now, and just before
 * each time one of its figures was replaced. (A state between is a part of the next one: figures
 * only arrive in it, so it shows nothing the next does not.)
 */
function states(family: number[], cells: readonly GroupedCell[]): number[][] {
  const current = family.filter((i) => (cells[i]!.replacedAt ?? null) === null)
  const replacements = [
    ...new Set(family.map((i) => cells[i]!.replacedAt).filter((t): t is number => typeof t === 'number')),
  ]
  if (replacements.length === 0) return [current]
  const out = new Map<string, number[]>([[current.join(','), current]])
  for (const r of replacements) {
    const alive = family.filter(
      (i) => (cells[i]!.recordedAt ?? -Infinity) < r && (cells[i]!.replacedAt ?? Infinity) >= r,
    )
    out.set(alive.join(','), alive)
  }
  return [...out.values()]
}

const bySex: Build = (alive, cells, add) => {
  const sex = (i: number) => cells[i]!.sex.toLowerCase()
  add(
    alive.find((i) => sex(i) === 'persons'),
    alive.filter((i) => sex(i) === 'male' || sex(i) === 'female'),
  )
}

const byCategory: Build = (alive, cells, add) => {
  const total = alive.find((i) => cells[i]!.categoryType === '' && cells[i]!.category === '')
  const byType = groupBy(
    alive.filter((i) => cells[i]!.categoryType !== ''),
    (i) => cells[i]!.categoryType,
  )
  for (const members of byType.values()) add(total, members)
}

function byArea(parents: ReadonlyMap<string, string | null>): Build {
  return (alive, cells, add) => {
    const byCode = new Map(alive.map((i) => [cells[i]!.areaCode, i]))
    // Descendants of each area, by depth below it.
    const below = new Map<string, number[]>()
    for (const i of alive) {
      let code: string | null | undefined = cells[i]!.areaCode
      for (let depth = 1; depth <= MAX_AREA_DEPTH; depth++) {
        code = parents.get(code!)
        if (!code) break
        const k = `${code}|${depth}`
        const list = below.get(k)
        if (list) list.push(i)
        else below.set(k, [i])
      }
    }
    for (const [k, members] of below) add(byCode.get(k.slice(0, k.indexOf('|'))), members)
  }
}

const byAge: Build = (alive, cells, add) => {
  const ranged: { id: number; span: Span }[] = []
  const allAges: number[] = []
  for (const i of alive) {
    const span = ageSpan(cells[i]!.age)
    if (span === 'all') allAges.push(i)
    else if (span) ranged.push({ id: i, span })
  }
  for (const whole of ranged) for (const members of tilings(whole.span, ranged)) add(whole.id, members)
  if (allAges.length && ranged.length > 1) {
    // The all-ages row is taken to cover every band present; a band covering all of them alone
    // may be the same figure under another name, so it is not a group of one.
    const span = { lo: Math.min(...ranged.map((r) => r.span.lo)), hi: Math.max(...ranged.map((r) => r.span.hi)) }
    const ways = tilings(span, ranged)
    for (const total of allAges) for (const members of ways) add(total, members)
  }
}

const byPeriod: Build = (alive, cells, add) => {
  const spans: { id: number; span: Span }[] = []
  for (const i of alive) {
    const span = periodSpan(cells[i]!.periodKey)
    if (span) spans.push({ id: i, span })
  }
  if (spans.length < 3) return
  for (const whole of spans) for (const members of tilings(whole.span, spans)) add(whole.id, members)
}

/** Groups indices by a key, keeping the given order within and across groups. */
export function groupBy(indices: readonly number[], keyOf: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>()
  for (const i of indices) {
    const k = keyOf(i)
    const list = groups.get(k)
    if (list) list.push(i)
    else groups.set(k, [i])
  }
  return groups
}
