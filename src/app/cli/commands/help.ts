/** `best-chance <command> --help`: the command's own lines of the usage; `--version`: the release. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../../config.js'

/** The usage's block for a command (its line and the indented lines that continue it), or null. */
export function commandHelp(usage: string, command: string): string | null {
  const lines = usage.split('\n')
  const blocks: string[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!new RegExp(`^ {2}${command.replace(/[-]/g, '\\-')}( |$)`).test(lines[i]!)) continue
    const block = [lines[i]!]
    while (i + 1 < lines.length && /^ {4,}\S/.test(lines[i + 1]!)) block.push(lines[++i]!)
    blocks.push(block.join('\n'))
  }
  return blocks.length ? `usage: best-chance\n${blocks.join('\n')}` : null
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
  return `best-chance ${pkg.version}`
}
