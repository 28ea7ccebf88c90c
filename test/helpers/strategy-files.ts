/** The shipped strategy files, parsed and validated as the loader would, for tests to compare against. */
import path from 'node:path'
import { loadConfig, projectRoot } from '../../src/config.js'
import { validateStrategyFile } from '../../src/modules/strategy/strategy.files.js'
import { kindsFromSiblingFiles } from '../../src/modules/strategy/strategy.siblings.js'
import { formatProblem } from '../../src/modules/strategy/strategy.validate.js'

export function readStrategy(id: string) {
  const file = path.join(projectRoot, 'data/strategies', `${id}.yaml`)
  const result = validateStrategyFile(file, {
    sourcesDir: loadConfig(process.env).sourcesDir,
    kindOfExternal: kindsFromSiblingFiles(file),
  })
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'))
  return result
}
