/** Resolves links into other strategies from the strategy files that sit beside a file. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { StrategyFile } from './strategy.schema.js'
import { buildGraph, type NodeKind } from './strategy.graph.js'

export function kindsFromSiblingFiles(filePath: string): (strategyId: string, id: string) => NodeKind | undefined {
  const dir = path.dirname(filePath)
  const kinds = new Map<string, NodeKind>()
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
    const full = path.join(dir, name)
    if (path.resolve(full) === path.resolve(filePath)) continue
    try {
      const parsed = StrategyFile.safeParse(parse(readFileSync(full, 'utf8')))
      if (!parsed.success) continue
      for (const node of buildGraph(parsed.data).nodes) kinds.set(`${node.strategyId}:${node.id}`, node.kind)
    } catch {
      // A sibling that does not parse resolves nothing; it is reported when it is itself validated.
    }
  }
  return (strategyId, id) => kinds.get(`${strategyId}:${id}`)
}
