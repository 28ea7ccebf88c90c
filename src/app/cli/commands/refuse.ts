import type { CommandIo } from '../command-context.js'

/** Every problem on its own line, then the count and that nothing was stored; exit code 1. */
export function refuse(io: Pick<CommandIo, 'err'>, lines: string[]): number {
  for (const line of lines) io.err(line)
  io.err(`${lines.length} problem(s): nothing was stored`)
  return 1
}
