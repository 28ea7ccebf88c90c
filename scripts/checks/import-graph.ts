/**
 * The import-graph check (issue #11): dependency-cruiser's file-level rules (.dependency-cruiser.cjs:
 * layers and file cycles), then the same graph folded into parts of the app (each module folder,
 * and app, web, db, lib, config): no two parts may import each other, directly or round a circle.
 * dependency-cruiser has no folder-level cycle rule, hence the fold (docs/decisions/0009).
 * Exit 0 when clean; 1 with every violation and, for a cycle, the imports that close it.
 */
import { createRequire } from 'node:module'
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser'

const require = createRequire(import.meta.url)
const ruleSet = require('../../.dependency-cruiser.cjs')

/**
 * 'src/modules/risks/risks.web.ts' → 'modules/risks'; 'src/web/forms.ts' → 'web'; a file directly
 * in src/modules/ (what every module's routes are given) → 'modules'; 'src/config.ts' → 'config'.
 */
export function partOf(file: string): string | null {
  const inModule = /^src\/modules\/([^/]+)\//.exec(file)
  if (inModule) return `modules/${inModule[1]}`
  if (/^src\/modules\/[^/]+\.ts$/.test(file)) return 'modules'
  const top = /^src\/([^/]+?)(?:\/|\.ts$)/.exec(file)
  return top ? top[1]! : null
}

/** Strongly connected parts (Tarjan), each with more than one member, members sorted. */
export function partCycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0
  const stack: string[] = []
  const on = new Set<string>()
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const members: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        members.push(w)
      } while (w !== v)
      if (members.length > 1) cycles.push(members.sort())
    }
  }
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v)
  return cycles
}

function partEdges(modules: IModule[]) {
  const edges = new Map<string, Set<string>>()
  const why = new Map<string, string[]>()
  for (const m of modules) {
    const from = partOf(m.source)
    if (!from) continue
    if (!edges.has(from)) edges.set(from, new Set())
    for (const d of m.dependencies) {
      const to = partOf(d.resolved)
      if (!to || to === from) continue
      edges.get(from)!.add(to)
      const key = `${from} → ${to}`
      why.set(key, [...(why.get(key) ?? []), `${m.source} → ${d.resolved}`])
    }
  }
  return { edges, why }
}

async function main(): Promise<number> {
  const result = await cruise(['src'], { ruleSet, validate: true, ...ruleSet.options })
  const output = result.output as ICruiseResult
  const problems = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
  const { edges, why } = partEdges(output.modules)
  for (const cycle of partCycles(edges)) {
    const inside = [...why.entries()].filter(
      ([key]) => cycle.includes(key.split(' → ')[0]!) && cycle.includes(key.split(' → ')[1]!),
    )
    problems.push(
      `parts import each other round a circle: ${cycle.join(', ')}\n${inside.map(([k, files]) => `    ${k}: ${files.join('; ')}`).join('\n')}`,
    )
  }
  const files = output.modules.filter((m) => m.source.startsWith('src/')).length
  if (problems.length === 0) {
    console.log(`import graph: ${files} files, ${edges.size} parts, no violation and no cycle`)
    return 0
  }
  console.error(`import graph: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`)
  return 1
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main()
