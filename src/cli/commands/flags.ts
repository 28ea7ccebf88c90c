/** `--name value` and `--switch` flags; everything else is positional. An unknown flag is a usage error. */
export class UsageError extends Error {}

export function parseFlags(args: string[], valued: string[], switches: string[]) {
  const positional: string[] = []
  const flags: Record<string, string | boolean> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const name = arg.startsWith('--') ? arg.slice(2) : null
    if (name && valued.includes(name)) flags[name] = args[++i] ?? ''
    else if (name && switches.includes(name)) flags[name] = true
    else if (name) throw new UsageError(`unknown option --${name}`)
    else positional.push(arg)
  }
  return { positional, flags }
}
