#!/usr/bin/env node
/** best-chance: the command line. Each command is a small function over the same services the web uses. */
import { validateStrategyFile } from '../modules/strategy/strategy.files.js'
import { kindsFromSiblingFiles } from '../modules/strategy/strategy.siblings.js'
import { formatProblem } from '../modules/strategy/strategy.validate.js'
import { loadConfig } from '../config.js'

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  const config = loadConfig(process.env)
  if (command === 'strategy' && sub === 'validate' && rest[0]) {
    const result = validateStrategyFile(rest[0], {
      sourcesDir: config.sourcesDir,
      kindOfExternal: kindsFromSiblingFiles(rest[0]),
    })
    if (!result.ok) {
      for (const p of result.problems) console.error(formatProblem(p))
      console.error(`${result.problems.length} problem(s): the file is refused`)
      return 1
    }
    console.log(`${rest[0]}: valid (${result.graph.nodes.length} items, ${result.graph.links.length} links)`)
    return 0
  }
  console.error('usage: best-chance strategy validate <file>')
  return 2
}

process.exitCode = await main(process.argv.slice(2))
