/** The file-system edge of strategy validation: reads a strategy file and its source documents. */
import { readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import type { NodeKind } from './strategy.graph.js'
import { validateStrategyText, type ValidationResult } from './strategy.validate.js'

/** Reads source documents from a folder; a missing folder or file leaves that quote unchecked. */
export function sourceReader(sourcesDir: string | null): (file: string) => string | undefined {
  return (file) => {
    if (!sourcesDir) return undefined
    const full = path.join(sourcesDir, path.basename(file))
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined
  }
}

export function validateStrategyFile(
  filePath: string,
  options: { sourcesDir: string | null; kindOfExternal: (strategyId: string, id: string) => NodeKind | undefined },
): ValidationResult {
  const display = path.relative(process.cwd(), filePath) || filePath
  let text: string
  try {
    text = readFileSync(filePath, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error)
    return { ok: false, problems: [{ file: display, line: null, path: '', message: reason }] }
  }
  return validateStrategyText(display, text, {
    kindOfExternal: options.kindOfExternal,
    sourceText: sourceReader(options.sourcesDir),
  })
}
