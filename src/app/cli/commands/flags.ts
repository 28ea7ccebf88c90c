/**
 * Command arguments through Node's own parser (node:util parseArgs, strict): `--name value` and
 * `--switch` options, everything else positional; an unknown or malformed option is a usage error.
 */
import { parseArgs } from 'node:util'

export class UsageError extends Error {}

export function parseFlags(args: string[], valued: string[], switches: string[]) {
  const options = Object.fromEntries([
    ...valued.map((name) => [name, { type: 'string' as const }]),
    ...switches.map((name) => [name, { type: 'boolean' as const }]),
  ])
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
    return { positional: positionals, flags: values as Record<string, string | boolean> }
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
}
