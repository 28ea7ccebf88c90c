/**
 * Random SYNTHETIC worlds of figures that add up, for the property tests of disclosure control
 * (fast-check arbitraries). A world is a product of hierarchies, each a tree whose nodes add up to
 * their parents: areas (England, regions, upper-tier authorities), sex (Male + Female = Persons),
 * age bands (bands, perhaps a wider band over two of them, and the all-ages row), periods (a
 * financial year and its quarters, or a 3-year period and its single years) and categories. Counts
 * (and, for a proportion, the complements) are drawn for the finest cells, some small, and added
 * up. It may be revised once (a few finest counts change, so every figure above them gets a new
 * version), and one level of areas may go unpublished (no regions, or no England).
 *
 * The world knows its groups from its trees, not from the product's code, so the tests can ask
 * whether anything published lets a small count be worked out.
 */
import fc from 'fast-check'
import type { Cell } from '../../src/modules/disclosure/disclosure.js'

export type DimensionName = 'area' | 'sex' | 'age' | 'period' | 'category'

interface TreeNode {
  label: string
  children: number[]
}

/** One hierarchy: node 0 is its root; labels are what the cell's field holds. */
export interface Tree {
  name: DimensionName
  nodes: TreeNode[]
}

export interface World {
  threshold: number
  proportion: boolean
  /** Every version of every figure, published or not. */
  rows: {
    coords: number[]
    count: number
    denominator: number
    recordedAt: number
    replacedAt: number | null
    published: boolean
  }[]
  /** The figures given to disclosure control: the published rows, as cells; `rowOf[i]` is cell i's row. */
  cells: Cell[]
  rowOf: number[]
  areaParents: Map<string, string | null>
  /** Each group's rows, [total, ...members], in every state served: the equations, tree by tree. */
  equations: number[][]
  /** The same, with every way of covering a node (a region's authorities in place of the region …). */
  covers: number[][]
  trees: Tree[]
  story: string
}

const ENGLAND = 'E92000001'
const FIXED: Record<DimensionName, string> = {
  area: ENGLAND,
  sex: 'Persons',
  age: '',
  period: '2022-04-01/2023-03-31',
  category: '',
}

function tree(name: DimensionName, labels: string[], edges: [number, number][]): Tree {
  const nodes = labels.map((label) => ({ label, children: [] as number[] }))
  for (const [parent, child] of edges) nodes[parent]!.children.push(child)
  return { name, nodes }
}

const areaTree = (authoritiesPerRegion: number[]): Tree => {
  const labels = [ENGLAND]
  const edges: [number, number][] = []
  authoritiesPerRegion.forEach((n, r) => {
    const region = labels.push(`E1200000${r + 1}`) - 1
    edges.push([0, region])
    for (let k = 0; k < n; k++)
      edges.push([region, labels.push(`E06000${String(r * 10 + k + 1).padStart(3, '0')}`) - 1])
  })
  return tree('area', labels, edges)
}

const sexTree = (): Tree =>
  tree(
    'sex',
    ['Persons', 'Male', 'Female'],
    [
      [0, 1],
      [0, 2],
    ],
  )

/** Bands cut at `cuts` over ages 0 to 17 (or open at the top), perhaps two of them also as one wider band. */
function ageTree(cuts: number[], openTop: boolean, merge: number | null): Tree {
  const edges = [0, ...cuts]
  const bands = edges.map((lo, k) => {
    const hi = k + 1 < edges.length ? edges[k + 1]! - 1 : 17
    return k + 1 === edges.length && openTop ? `${lo}+ yrs` : lo === hi ? `${lo} yrs` : `${lo}-${hi} yrs`
  })
  const labels = ['', ...bands]
  const out: [number, number][] = []
  if (merge !== null && bands.length >= 3 && merge + 1 < bands.length && !(openTop && merge + 2 === bands.length)) {
    const hi = merge + 2 < edges.length ? edges[merge + 2]! - 1 : 17
    const wide = labels.push(`${edges[merge]}-${hi}`) - 1
    out.push([0, wide], [wide, merge + 1], [wide, merge + 2])
    bands.forEach((_, k) => k !== merge && k !== merge + 1 && out.push([0, k + 1]))
  } else bands.forEach((_, k) => out.push([0, k + 1]))
  return tree('age', labels, out)
}

function periodTree(kind: 'quarters' | 'years', year: number): Tree {
  if (kind === 'quarters') {
    const q = [
      `${year}-04-01/${year}-06-30`,
      `${year}-07-01/${year}-09-30`,
      `${year}-10-01/${year}-12-31`,
      `${year + 1}-01-01/${year + 1}-03-31`,
    ]
    return tree(
      'period',
      [`${year}-04-01/${year + 1}-03-31`, ...q],
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 4],
      ],
    )
  }
  const singles = [0, 1, 2].map((k) => `${year + k}-01-01/${year + k}-12-31`)
  return tree(
    'period',
    [`${year}-01-01/${year + 2}-12-31`, ...singles],
    [
      [0, 1],
      [0, 2],
      [0, 3],
    ],
  )
}

const categoryTree = (n: number): Tree =>
  tree(
    'category',
    ['', ...'ABCD'.slice(0, n).split('')],
    Array.from({ length: n }, (_, k) => [0, k + 1] as [number, number]),
  )

const count = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 1 },
  { arbitrary: fc.integer({ min: 5, max: 90 }), weight: 4 },
)

const shape = fc.record({
  threshold: fc.constantFrom(3, 5, 5, 5, 10),
  proportion: fc.boolean(),
  regions: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
  others: fc.subarray(['sex', 'age', 'period', 'category'] as const, { maxLength: 2 }),
  cuts: fc
    .uniqueArray(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 3 })
    .map((c) => c.sort((a, b) => a - b)),
  openTop: fc.boolean(),
  merge: fc.option(fc.integer({ min: 0, max: 2 })),
  periods: fc.constantFrom('quarters' as const, 'years' as const),
  year: fc.integer({ min: 2015, max: 2022 }),
  categories: fc.integer({ min: 2, max: 4 }),
  unpublished: fc.constantFrom('none', 'none', 'regions', 'england'),
})

/** A random world: its shape, then the finest counts, then perhaps one revision. */
export const worlds: fc.Arbitrary<World> = shape.chain((s) => {
  const trees = [areaTree(s.regions)]
  for (const name of s.others) {
    if (name === 'sex') trees.push(sexTree())
    if (name === 'age') trees.push(ageTree(s.cuts, s.openTop, s.merge))
    if (name === 'period') trees.push(periodTree(s.periods, s.year))
    if (name === 'category') trees.push(categoryTree(s.categories))
  }
  const leaves = trees.reduce((n, t) => n * t.nodes.filter((node) => node.children.length === 0).length, 1)
  const finest = fc.array(fc.tuple(count, count), { minLength: leaves, maxLength: leaves })
  const revision = fc.option(fc.array(fc.tuple(fc.nat(), count), { minLength: 1, maxLength: 3 }), { freq: 2 })
  return fc.tuple(finest, revision).map(([values, revised]) => buildWorld(s, trees, values, revised))
})

type Shape = { threshold: number; proportion: boolean; unpublished: string; others: readonly string[] }

function buildWorld(s: Shape, trees: Tree[], finest: [number, number][], revised: [number, number][] | null): World {
  const leafIndex = new Map<string, number>()
  const combos = product(trees.map((t) => t.nodes.map((_, k) => k)))
  for (const c of combos)
    if (c.every((k, d) => trees[d]!.nodes[k]!.children.length === 0)) leafIndex.set(c.join(','), leafIndex.size)
  const second = finest.map((v) => [...v] as [number, number])
  for (const [at, value] of revised ?? []) second[at % second.length]![0] = value
  const valueIn = (values: [number, number][]) => {
    const memo = new Map<string, [number, number]>()
    const of = (c: number[]): [number, number] => {
      const key = c.join(',')
      const known = memo.get(key)
      if (known) return known
      const d = c.findIndex((k, dim) => trees[dim]!.nodes[k]!.children.length > 0)
      const v: [number, number] =
        d === -1
          ? values[leafIndex.get(key)!]!
          : trees[d]!.nodes[c[d]!]!.children.map((ch) => of(c.map((k, dim) => (dim === d ? ch : k)))).reduce(
              (a, b) => [a[0] + b[0], a[1] + b[1]],
              [0, 0],
            )
      memo.set(key, v)
      return v
    }
    return of
  }
  const before = valueIn(finest)
  const after = valueIn(second)
  const areaDepth = (k: number) => (k === 0 ? 0 : trees[0]!.nodes[0]!.children.includes(k) ? 1 : 2)
  const published = (c: number[]) =>
    !((s.unpublished === 'regions' && areaDepth(c[0]!) === 1) || (s.unpublished === 'england' && c[0] === 0))
  const rows: World['rows'] = []
  const rowIn: Map<string, number>[] = [new Map(), new Map()]
  for (const c of combos) {
    const [a, b] = [before(c), after(c)]
    const changed = revised !== null && (a[0] !== b[0] || a[1] !== b[1])
    const denominator = (v: [number, number]) => (s.proportion ? v[0] + v[1] : v[0] + v[1] + 1000)
    const first =
      rows.push({
        coords: c,
        count: a[0],
        denominator: denominator(a),
        recordedAt: 1000,
        replacedAt: changed ? 2000 : null,
        published: published(c),
      }) - 1
    rowIn[0]!.set(c.join(','), first)
    rowIn[1]!.set(
      c.join(','),
      changed
        ? rows.push({
            coords: c,
            count: b[0],
            denominator: denominator(b),
            recordedAt: 2000,
            replacedAt: null,
            published: published(c),
          }) - 1
        : first,
    )
  }
  const states = revised ? rowIn : [rowIn[0]!]
  const cells: Cell[] = []
  const rowOf: number[] = []
  rows.forEach((r, i) => {
    if (!r.published) return
    rowOf.push(i)
    cells.push(toCell(r, trees, s.proportion))
  })
  const areaParents = new Map<string, string | null>([[ENGLAND, null]])
  trees[0]!.nodes.forEach((n) => n.children.forEach((ch) => areaParents.set(trees[0]!.nodes[ch]!.label, n.label)))
  return {
    threshold: s.threshold,
    proportion: s.proportion,
    rows,
    cells,
    rowOf,
    areaParents,
    equations: groupsOf(combos, trees, states, () => false),
    covers: groupsOf(combos, trees, states, () => true),
    trees,
    story: `${trees.map((t) => `${t.name}(${t.nodes.map((n) => n.label || "''").join(' ')})`).join(' × ')}; ${s.proportion ? 'proportion' : 'count'}; threshold ${s.threshold}; unpublished ${s.unpublished}; ${revised ? `revised ${JSON.stringify(revised)}` : 'one version'}`,
  }
}

function toCell(r: World['rows'][number], trees: Tree[], proportion: boolean): Cell {
  const field = (name: DimensionName) => {
    const d = trees.findIndex((t) => t.name === name)
    return d === -1 ? FIXED[name] : trees[d]!.nodes[r.coords[d]!]!.label
  }
  const category = field('category')
  return {
    indicatorId: 'synthetic',
    areaCode: field('area'),
    periodKey: field('period'),
    sex: field('sex'),
    age: field('age'),
    categoryType: category ? 'Group' : '',
    category,
    count: r.count,
    denominator: r.denominator,
    complementary: proportion,
    recordedAt: r.recordedAt,
    replacedAt: r.replacedAt,
  }
}

/** Each group, in each state, as rows: node = its children; with `allCovers`, node = any cover of it. */
function groupsOf(
  combos: number[][],
  trees: Tree[],
  states: Map<string, number>[],
  allCovers: () => boolean,
): number[][] {
  const out = new Map<string, number[]>()
  for (const state of states) {
    for (const c of combos) {
      trees.forEach((t, d) => {
        const node = t.nodes[c[d]!]!
        if (!node.children.length) return
        const ways = allCovers() ? covers(t, c[d]!) : [node.children]
        for (const way of ways) {
          const group = [
            state.get(c.join(','))!,
            ...way.map((k) => state.get(c.map((x, dim) => (dim === d ? k : x)).join(','))!),
          ]
          out.set(group.join(','), group)
        }
      })
    }
  }
  return [...out.values()]
}

/** Every set of a node's descendants that covers it exactly: each child, or a cover of that child. */
function covers(t: Tree, node: number): number[][] {
  if (!t.nodes[node]!.children.length) return []
  const options = t.nodes[node]!.children.map((ch) => [[ch], ...covers(t, ch)])
  return product(options).map((choice) => choice.flat())
}

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]])
}
